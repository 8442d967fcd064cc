import { describe, expect, it } from 'vitest';
import { ingress, run, service } from '../vendor-context.js';
import accessList from '../../../rules/haproxytech/access-list.js';
import affinity from '../../../rules/haproxytech/affinity.js';
import balance from '../../../rules/haproxytech/balance.js';
import { loadBalancer } from '../../../rules/common/haproxy-balance.js';
import cors from '../../../rules/haproxytech/cors.js';
import headers from '../../../rules/haproxytech/headers.js';
import rateLimit from '../../../rules/haproxytech/rate-limit.js';
import redirect from '../../../rules/haproxytech/redirect.js';
import rewrite, { pathRewrite } from '../../../rules/haproxytech/rewrite.js';
import timeouts from '../../../rules/haproxytech/timeouts.js';
import tuning from '../../../rules/haproxytech/tuning.js';
import type { HTTPRoute } from '../../../src/istio/types.js';
import { RE2JS } from 're2js';

const h = (annotations: Record<string, string>, extra: Parameters<typeof ingress>[0] = {}) => ingress({ controller: 'haproxytech', annotations, ...extra });

describe('haproxytech/rewrite', () => {
  it('replaces the whole path like replace-path', () => {
    const r = pathRewrite('/api/(.*) /\\1');
    expect(r).toEqual({ match: '^.*?(?:/api/(.*)).*$', rewrite: '/\\1' });
    // Envoy substitutes the full match: check the pattern really covers the whole path
    const m = RE2JS.compile((r as { match: string }).match).matcher('/x/api/users?');
    expect(m.matches()).toBe(true);
    expect(m.group(1)).toBe('users?');
  });
  it('a single token replaces every path', () => {
    expect(pathRewrite('/static')).toEqual({ match: '^.*$', rewrite: '/static' });
  });
  it('rejects chained rewrites and look-arounds', () => {
    const chained = run(rewrite, h({ 'haproxy.org/path-rewrite': '/a /b\n/c /d' }));
    expect(chained.finding('haproxy.org/path-rewrite')?.level).toBe('unsupported');
    expect(chained.intents.routeTransforms).toEqual([]);
    expect(run(rewrite, h({ 'haproxy.org/path-rewrite': '(?!x)/a /b' })).finding('haproxy.org/path-rewrite')?.level).toBe('unsupported');
  });
  it('transforms the route', () => {
    const r = run(rewrite, h({ 'ingress.kubernetes.io/path-rewrite': '/v1/(.*) /\\1' }));
    const route: HTTPRoute = { route: [{ destination: { host: 'svc' } }] };
    r.intents.routeTransforms[0]!.apply(route, { host: 'example.com', matchKind: 'prefix', pathRegex: '/.*' });
    expect(route.rewrite).toEqual({ uriRegexRewrite: { match: '^.*?(?:/v1/(.*)).*$', rewrite: '/\\1' } });
  });
});

describe('prefix precedence', () => {
  it('haproxy.org wins over ingress.kubernetes.io', () => {
    const r = run(timeouts, h({ 'haproxy.org/timeout-server': '10s', 'ingress.kubernetes.io/timeout-server': '1m' }));
    expect(r.intents.routePatches).toEqual([{ key: 'haproxy.org/timeout-server', patch: { timeout: '10s' } }]);
    expect(r.finding('ingress.kubernetes.io/timeout-server')?.level).toBe('ignored');
    expect(r.finding('haproxy.org/timeout-server')?.level).toBe('partial');
  });
});

describe('haproxytech/redirect', () => {
  it('request-redirect becomes a 302 redirect route keeping the path', () => {
    const r = run(redirect, h({ 'haproxy.org/request-redirect': 'new.example.com:8080' }));
    const route: HTTPRoute = { route: [{ destination: { host: 'svc' } }] };
    r.intents.routeTransforms[0]!.apply(route, { host: 'example.com', matchKind: 'prefix', pathRegex: '/.*' });
    expect(route).toEqual({ redirect: { authority: 'new.example.com', port: 8080, redirectCode: 302 } });
  });
  it('ssl-redirect with code and port: the redirect keeps both', () => {
    const r = run(redirect, h({ 'haproxy.org/ssl-redirect': 'true', 'haproxy.org/ssl-redirect-code': '301', 'haproxy.org/ssl-redirect-port': '8443' }));
    expect(r.intents.httpsRedirect).toEqual({ key: 'haproxy.org/ssl-redirect', enabled: true, force: true, code: 301, port: 8443 });
    expect(r.finding('haproxy.org/ssl-redirect-port')?.level).toBe('converted');
  });
  it('ssl-redirect false switches the automatic redirect off', () => {
    const r = run(redirect, h({ 'haproxy.org/ssl-redirect': 'false' }, { tls: [{ hosts: ['example.com'], secretName: 's' }] }));
    expect(r.intents.httpsRedirect).toMatchObject({ enabled: false });
  });
});

describe('haproxytech/access-list', () => {
  it('allow-list → DENY notRemoteIpBlocks scoped to hosts and paths, in the gateway namespace', () => {
    const r = run(accessList, h({ 'haproxy.org/allow-list': '10.0.0.0/8, 192.168.1.1' }, { rules: [{ host: 'a.example.com', paths: [{ path: '/api', type: 'Prefix' }] }] }));
    const res = r.intents.resources[0]!.resource as { metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: unknown };
    expect(res.metadata).toMatchObject({ name: 'default-web-allow-list', namespace: 'istio-system', labels: { 'app.kubernetes.io/managed-by': 'ingress2istio' } });
    expect(res.spec).toEqual({
      selector: { matchLabels: { istio: 'ingressgateway' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8', '192.168.1.1'] } }], to: [{ operation: { hosts: ['a.example.com', 'a.example.com:*'], paths: ['/api', '/api/*'] } }] }],
    });
    expect(r.finding('haproxy.org/allow-list')?.level).toBe('converted');
  });
  it('pattern files cannot be expanded', () => {
    const r = run(accessList, h({ 'haproxy.org/deny-list': 'patterns/ips' }));
    expect(r.intents.resources).toEqual([]);
    expect(r.finding('haproxy.org/deny-list')?.level).toBe('error');
  });
  it('deny-list on a string-prefix path covers the whole host', () => {
    const r = run(accessList, h({ 'haproxy.org/blacklist': '1.2.3.4' }, { rules: [{ host: 'a.example.com', paths: ['~/'] }] }));
    expect(r.intents.resources).toHaveLength(1);
    expect(r.finding('haproxy.org/blacklist')?.level).toBe('converted');
  });
});

describe('haproxytech/cors', () => {
  it('uses haproxytech defaults and searches the origin regex', () => {
    const r = run(cors, h({ 'haproxy.org/cors-enable': 'true', 'haproxy.org/cors-allow-origin': 'example\\.com', 'haproxy.org/cors-max-age': '1m' }));
    expect(r.intents.routePatches).toEqual([{ key: 'haproxy.org/cors-enable', patch: { corsPolicy: { allowOrigins: [{ regex: '.*(?:example\\.com).*' }], allowMethods: ['*'], allowHeaders: ['*'], maxAge: '60s' } } }]);
  });
  it('nothing without cors-enable', () => {
    const r = run(cors, h({ 'haproxy.org/cors-allow-origin': '*' }));
    expect(r.intents.routePatches).toEqual([]);
    expect(r.finding('haproxy.org/cors-allow-origin')?.level).toBe('ignored');
  });
});

describe('haproxytech/headers', () => {
  it('static values converted, Host becomes authority, %[ ] reported', () => {
    const r = run(headers, h({ 'haproxy.org/request-set-header': 'X-A 1\nHost "internal"\nX-Id %[uuid()]' }));
    expect(r.intents.routePatches).toEqual([
      { key: 'haproxy.org/request-set-header', patch: { headers: { request: { set: { 'X-A': '1' } } } } },
      { key: 'haproxy.org/request-set-header', patch: { rewrite: { authority: 'internal' } } },
    ]);
    expect(r.finding('haproxy.org/request-set-header')?.level).toBe('partial');
  });
});

describe('haproxytech/balance', () => {
  it('maps algorithms', () => {
    expect(loadBalancer('hdr(X-User)')?.lb).toEqual({ consistentHash: { httpHeaderName: 'X-User' } });
    expect(loadBalancer('first')).toBeUndefined();
    const r = run(balance, h({ 'haproxy.org/load-balance': 'source' }));
    expect(r.intents.trafficPolicies).toEqual([{ key: 'haproxy.org/load-balance', service: 'svc', policy: { loadBalancer: { consistentHash: { useSourceIp: true } } } }]);
  });
});

describe('haproxytech/affinity', () => {
  it('ignored on the Ingress, converted from the Service', () => {
    const r = run(affinity, h({ 'haproxy.org/cookie-persistence': 'x' }), { services: [service('svc', { 'haproxy.org/cookie-persistence': 'SRV' })] });
    expect(r.findings.map((f) => [f.key, f.level])).toEqual([['haproxy.org/cookie-persistence', 'ignored'], ['haproxy.org/cookie-persistence', 'partial']]);
    expect(r.intents.trafficPolicies[0]?.policy).toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'SRV', ttl: '0s', path: '/' } } } });
  });
});

describe('haproxytech/rate-limit', () => {
  it('EnvoyFilter only when enabled', () => {
    const ann = { 'haproxy.org/rate-limit-requests': '10', 'haproxy.org/rate-limit-period': '1m' };
    const on = run(rateLimit, h(ann));
    expect(on.intents.resources.map((r) => r.resource.metadata.name)).toEqual(['ingress2istio-local-ratelimit', 'default-web-rate-limit']);
    expect(on.finding('haproxy.org/rate-limit-requests')?.level).toBe('partial');
    const off = run(rateLimit, h(ann), { options: { envoyFilters: false } });
    expect(off.intents.resources).toEqual([]);
    expect(off.finding('haproxy.org/rate-limit-period')?.level).toBe('unsupported');
  });
});

describe('haproxytech/tuning', () => {
  it('not applicable to Istio', () => {
    expect(run(tuning, h({ 'haproxy.com/standalone-backend': 'true' })).finding('haproxy.com/standalone-backend')).toMatchObject({ level: 'ignored', message: expect.stringContaining('not applicable to Istio') });
  });
});
