import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { ingress, run } from '../vendor-context.js';
import accessList from '../../../rules/haproxy-ingress/access-list.js';
import auth from '../../../rules/haproxy-ingress/auth.js';
import backend from '../../../rules/haproxy-ingress/backend.js';
import cors from '../../../rules/haproxy-ingress/cors.js';
import headers from '../../../rules/haproxy-ingress/headers.js';
import hosts from '../../../rules/haproxy-ingress/hosts.js';
import hsts from '../../../rules/haproxy-ingress/hsts.js';
import redirect from '../../../rules/haproxy-ingress/redirect.js';
import rewrite, { rewriteFor } from '../../../rules/haproxy-ingress/rewrite.js';
import tls from '../../../rules/haproxy-ingress/tls.js';
import type { HTTPRoute } from '../../../src/istio/types.js';
import type { IngressPath } from '../../../src/model/ingress.js';

const hi = (annotations: Record<string, string>, extra: Parameters<typeof ingress>[0] = {}) => ingress({ controller: 'haproxy-ingress', annotations, ...extra });
const TLS = { tls: [{ hosts: ['example.com'], secretName: 'cert' }] };
const route = (): HTTPRoute => ({ match: [{ uri: { prefix: '/app' }, ignoreUriCase: true }], route: [{ destination: { host: 'svc' } }] });

function rewritten(path: IngressPath, target: string, type: Parameters<typeof rewriteFor>[2], request: string): string {
  const r = rewriteFor(path, target, type);
  return RE2JS.compile(r.match).matcher(request).replaceAll(r.rewrite.replace(/\\(\d)/g, '$$$1'));
}

describe('haproxy-ingress/rewrite', () => {
  const p = ingress({ rules: [{ host: 'e.com', paths: ['~/app'] }] }).rules[0]!.paths[0]!;
  it('prefix replaced, target / swallows the slash', () => {
    expect(rewritten(p, '/', 'begin', '/app/users')).toBe('/users');
    expect(rewritten(p, '/', 'begin', '/app')).toBe('/');
    expect(rewritten(p, '/v2', 'begin', '/app/users')).toBe('/v2/users');
    // begin is case-insensitive, so is the rewrite
    expect(rewritten(p, '/v2', 'begin', '/APP/x')).toBe('/v2/x');
  });
  it('regex paths: the whole path becomes the target', () => {
    const rp = { ...p, path: '/api/v[0-9]+' };
    expect(rewritten(rp, '/static', 'regex', '/api/v12/users')).toBe('/static');
  });
  it('transforms each route with its own path', () => {
    const r = run(rewrite, hi({ 'haproxy-ingress.github.io/rewrite-target': '/' }, { rules: [{ host: 'e.com', paths: ['~/app'] }] }));
    const rt = route();
    r.intents.routeTransforms[0]!.apply(rt, { host: 'e.com', path: p, matchKind: 'prefix', pathRegex: '(?i)/app.*' });
    expect(rt.rewrite).toEqual({ uriRegexRewrite: { match: '(?i)^/app/?(.*)$', rewrite: '/\\1' } });
  });
});

describe('haproxy-ingress/access-list', () => {
  it('allow list with ! exceptions → two DENY rules', () => {
    const r = run(accessList, hi({ 'ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8, !10.1.0.0/16' }, { rules: [{ host: 'a.com', paths: [{ path: '/x', type: 'Exact' }] }] }));
    expect((r.intents.resources[0]!.resource.spec as { rules: unknown }).rules).toEqual([
      { from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { hosts: ['a.com', 'a.com:*'], paths: ['/x'] } }] },
      { from: [{ source: { remoteIpBlocks: ['10.1.0.0/16'] } }], to: [{ operation: { hosts: ['a.com', 'a.com:*'], paths: ['/x'] } }] },
    ]);
  });
  it('case-insensitive begin paths widen the scope to the host', () => {
    const r = run(accessList, hi({ 'haproxy-ingress.github.io/denylist-source-range': '1.2.3.4' }, { rules: [{ host: 'a.com', paths: ['~/admin'] }] }));
    expect(r.finding('haproxy-ingress.github.io/denylist-source-range')?.level).toBe('partial');
    expect((r.intents.resources[0]!.resource.spec as { rules: Array<{ to: unknown }> }).rules[0]!.to).toEqual([{ operation: { hosts: ['a.com', 'a.com:*'] } }]);
  });
  it('never emits a policy for a host-less rule', () => {
    const r = run(accessList, hi({ 'haproxy-ingress.github.io/allowlist-source-range': '10.0.0.0/8' }, { rules: [{ paths: ['/'] }] }));
    expect(r.intents.resources).toEqual([]);
    expect(r.finding('haproxy-ingress.github.io/allowlist-source-range')?.level).toBe('unsupported');
  });
});

describe('haproxy-ingress/redirect', () => {
  it('ssl-redirect false, app-root, redirect-to with code', () => {
    const r = run(redirect, hi({ 'haproxy-ingress.github.io/ssl-redirect': 'false', 'haproxy-ingress.github.io/app-root': '/home', 'haproxy-ingress.github.io/redirect-to': 'https://new.example.com/x', 'haproxy-ingress.github.io/redirect-to-code': '308' }, TLS));
    expect(r.intents.httpsRedirect).toEqual({ key: 'haproxy-ingress.github.io/ssl-redirect', enabled: false, code: 302 });
    expect(r.intents.appRoot).toEqual({ key: 'haproxy-ingress.github.io/app-root', path: '/home', code: 302 });
    expect(r.intents.redirect).toEqual({ key: 'haproxy-ingress.github.io/redirect-to', url: 'https://new.example.com/x', code: 308 });
  });
});

describe('haproxy-ingress/hosts', () => {
  it('path-type regex sets the intent; server-alias', () => {
    const r = run(hosts, hi({ 'haproxy-ingress.github.io/path-type': 'regex', 'haproxy-ingress.github.io/server-alias': 'www.example.com' }, { rules: [{ host: 'example.com', paths: ['~/api/v[0-9]'] }] }));
    expect(r.intents.regexPaths).toEqual({ key: 'haproxy-ingress.github.io/path-type', caseInsensitive: false });
    expect(r.intents.serverAliases).toEqual({ key: 'haproxy-ingress.github.io/server-alias', hosts: ['www.example.com'] });
  });
  it('path-type exact re-matches ImplementationSpecific routes', () => {
    const ing = hi({ 'haproxy-ingress.github.io/path-type': 'exact' }, { rules: [{ host: 'e.com', paths: ['~/app'] }] });
    const r = run(hosts, ing);
    const rt = route();
    r.intents.routeTransforms[0]!.apply(rt, { host: 'e.com', path: ing.rules[0]!.paths[0]!, matchKind: 'prefix', pathRegex: '' });
    expect(rt.match).toEqual([{ uri: { exact: '/app' } }]);
    expect(r.finding('haproxy-ingress.github.io/path-type')?.level).toBe('partial');
  });
});

describe('haproxy-ingress/hsts', () => {
  it('builds the header from the keys', () => {
    const r = run(hsts, hi({ 'haproxy-ingress.github.io/hsts-max-age': '31536000', 'haproxy-ingress.github.io/hsts-preload': 'true' }, TLS));
    expect(r.intents.routePatches).toEqual([{ key: 'haproxy-ingress.github.io/hsts-max-age', patch: { headers: { response: { set: { 'Strict-Transport-Security': 'max-age=31536000; preload' } } } } }]);
  });
  it('false switches the default off', () => {
    const r = run(hsts, hi({ 'haproxy-ingress.github.io/hsts': 'false' }, TLS));
    expect(r.intents.routePatches).toEqual([]);
    expect(r.finding('haproxy-ingress.github.io/hsts')?.level).toBe('converted');
  });
});

describe('haproxy-ingress/cors', () => {
  it('defaults and exact origins', () => {
    const r = run(cors, hi({ 'haproxy-ingress.github.io/cors-enable': 'true', 'haproxy-ingress.github.io/cors-allow-origin': 'https://a.com, https://b.com' }));
    expect(r.intents.routePatches[0]!.patch.corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://a.com' }, { exact: 'https://b.com' }],
      allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
      allowHeaders: ['DNT', 'X-CustomHeader', 'Keep-Alive', 'User-Agent', 'X-Requested-With', 'If-Modified-Since', 'Cache-Control', 'Content-Type', 'Authorization'],
      allowCredentials: true,
      maxAge: '86400s',
    });
  });
});

describe('haproxy-ingress/headers', () => {
  it('expands %[namespace], removes, matches headers', () => {
    const r = run(headers, hi({ 'haproxy-ingress.github.io/request-set-headers': 'X-Ns: %[namespace]\nX-Bad: %[src]', 'haproxy-ingress.github.io/response-del-headers': 'Server, X-Powered-By', 'haproxy-ingress.github.io/http-header-match': 'X-Env: canary' }, { namespace: 'shop' }));
    expect(r.intents.routePatches).toEqual([
      { key: 'haproxy-ingress.github.io/request-set-headers', patch: { headers: { request: { set: { 'X-Ns': 'shop' } } } } },
      { key: 'haproxy-ingress.github.io/response-del-headers', patch: { headers: { response: { remove: ['Server', 'X-Powered-By'] } } } },
    ]);
    expect(r.finding('haproxy-ingress.github.io/request-set-headers')?.level).toBe('partial');
    const rt = route();
    r.intents.routeTransforms[0]!.apply(rt, { host: 'e.com', matchKind: 'prefix', pathRegex: '' });
    expect(rt.match).toEqual([{ uri: { prefix: '/app' }, ignoreUriCase: true, headers: { 'x-env': { exact: 'canary' } } }]);
  });
});

describe('haproxy-ingress/backend', () => {
  it('h2-ssl without CA does not verify; grpc alias', () => {
    const r = run(backend, hi({ 'haproxy-ingress.github.io/backend-protocol': 'grpcs', 'haproxy-ingress.github.io/secure-verify-hostname': 'api.internal' }));
    expect(r.intents.trafficPolicies).toEqual([{ key: 'haproxy-ingress.github.io/backend-protocol', service: 'svc', policy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: ['api.internal'] }, connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } } }]);
  });
  it('fcgi is unsupported', () => {
    const r = run(backend, hi({ 'haproxy-ingress.github.io/backend-protocol': 'fcgi' }));
    expect(r.intents.trafficPolicies).toEqual([]);
    expect(r.finding('haproxy-ingress.github.io/backend-protocol')?.level).toBe('unsupported');
  });
});

describe('haproxy-ingress/auth', () => {
  it('auth-url → CUSTOM policy and a MeshConfig provider to add', () => {
    const r = run(auth, hi({ 'haproxy-ingress.github.io/auth-url': 'svc://oauth2-proxy:4180/oauth2/auth' }, { rules: [{ host: 'a.com', paths: ['/'] }] }));
    const pol = r.intents.resources[0]!.resource;
    expect(pol.spec).toEqual({ selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'CUSTOM', provider: { name: 'ingress2istio-default-web-ext-authz' }, rules: [{ to: [{ operation: { hosts: ['a.com', 'a.com:*'] } }] }] });
    expect(r.finding('haproxy-ingress.github.io/auth-url')?.data).toMatchObject({ service: 'oauth2-proxy.default.svc.cluster.local', port: '4180', pathPrefix: '/oauth2/auth' });
  });
});

describe('haproxy-ingress/tls', () => {
  it('ssl-options-host → protocol versions, floor 1.2', () => {
    const r = run(tls, hi({ 'haproxy-ingress.github.io/ssl-options-host': 'no-tlsv10 no-tlsv11 no-tlsv12' }, TLS));
    expect(r.intents.serverTls?.settings).toEqual({ minProtocolVersion: 'TLSV1_3', maxProtocolVersion: 'TLSV1_3' });
  });
});

describe('Service annotations win over the Ingress (Backend scope)', () => {
  it('the overridden Service gets no policy from the Ingress value, and a finding says so', async () => {
    const { default: balance } = await import('../../../rules/haproxy-ingress/balance.js');
    const { service } = await import('../vendor-context.js');
    const ing = hi({ 'haproxy-ingress.github.io/balance-algorithm': 'roundrobin' }, { rules: [{ host: 'e.com', paths: [{ path: '/a', service: 'a' }, { path: '/b', service: 'b' }] }] });
    const r = run(balance, ing, { services: [service('b', { 'ingress.kubernetes.io/balance-algorithm': 'leastconn' })] });
    expect(r.intents.trafficPolicies).toEqual([{ key: 'haproxy-ingress.github.io/balance-algorithm', service: 'a', policy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }]);
    expect(r.findings.map((f) => [f.level, f.data?.service])).toEqual([['partial', 'default/b'], ['converted', undefined]]);
  });
});
