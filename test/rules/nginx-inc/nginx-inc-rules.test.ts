import { describe, expect, it } from 'vitest';
import { ingress, run } from '../vendor-context.js';
import { rules } from '../../../rules/nginx-inc/index.js';
import type { Rule } from '../../../rules/types.js';
import { lbMethod, stickyCookies } from '../../../rules/nginx-inc/balance.js';
import { nextUpstream } from '../../../rules/nginx-inc/retries.js';
import { nicHostOwnership, mergeSetHeaders } from '../../../src/semantics/nginx-inc.js';
import type { HTTPRoute } from '../../../src/istio/types.js';

const rule = (id: string): Rule => rules.find((r) => r.meta.id === `nginx-inc/${id}`)!;
const n = (annotations: Record<string, string>, extra: Parameters<typeof ingress>[0] = {}) => ingress({ controller: 'nginx-inc', annotations, ...extra });
const TLS = { tls: [{ hosts: ['example.com'], secretName: 'cert' }] };

describe('nginx-inc/rewrite', () => {
  it('rewrites replace the location prefix of the listed Service only', () => {
    const ing = n({ 'nginx.org/rewrites': 'serviceName=tea-svc rewrite=/;serviceName=coffee-svc rewrite=/beans/' }, { rules: [{ host: 'cafe.example.com', paths: [{ path: '/tea/', service: 'tea-svc' }, { path: '/other', service: 'x' }] }] });
    const r = run(rule('rewrite'), ing);
    const tea: HTTPRoute = { route: [{ destination: { host: 'tea-svc' } }] };
    r.intents.routeTransforms[0]!.apply(tea, { host: 'cafe.example.com', path: ing.rules[0]!.paths[0]!, matchKind: 'prefix', pathRegex: '' });
    expect(tea.rewrite).toEqual({ uriRegexRewrite: { match: '^/tea/', rewrite: '/' } });
    const other: HTTPRoute = { route: [{ destination: { host: 'x' } }] };
    r.intents.routeTransforms[0]!.apply(other, { host: 'cafe.example.com', path: ing.rules[0]!.paths[1]!, matchKind: 'prefix', pathRegex: '' });
    expect(other.rewrite).toBeUndefined();
    expect(r.finding('nginx.org/rewrites')).toMatchObject({ level: 'partial', message: expect.stringContaining('coffee-svc not a backend') });
  });
  it('rewrite-target with path-regex groups', () => {
    const ing = n({ 'nginx.org/rewrite-target': '/$1', 'nginx.org/path-regex': 'case_insensitive' }, { rules: [{ host: 'e.com', paths: ['~/tea/(.*)'] }] });
    const r = run(rule('rewrite'), ing);
    const rt: HTTPRoute = {};
    r.intents.routeTransforms[0]!.apply(rt, { host: 'e.com', path: ing.rules[0]!.paths[0]!, matchKind: 'regex', pathRegex: '' });
    expect(rt.rewrite).toEqual({ uriRegexRewrite: { match: '(?i)^/tea/(.*).*$', rewrite: '/\\1' } });
  });
  it('bad rewrites reject the Ingress', () => {
    expect(run(rule('rewrite'), n({ 'nginx.org/rewrites': 'tea-svc=/' })).finding('nginx.org/rewrites')).toMatchObject({ level: 'error', tags: ['rejected'] });
  });
});

describe('nginx-inc/redirect', () => {
  it('ssl-redirect with http-redirect-code; legacy key loses', () => {
    const r = run(rule('redirect'), n({ 'nginx.org/ssl-redirect': 'true', 'ingress.kubernetes.io/ssl-redirect': 'false', 'nginx.org/http-redirect-code': '308' }, TLS));
    expect(r.intents.httpsRedirect).toEqual({ key: 'nginx.org/ssl-redirect', enabled: true, code: 308 });
    expect(r.finding('ingress.kubernetes.io/ssl-redirect')?.level).toBe('ignored');
  });
  it('redirect-to-https is conditional and reported', () => {
    const r = run(rule('redirect'), n({ 'nginx.org/redirect-to-https': 'true' }));
    expect(r.intents.httpsRedirect).toBeUndefined();
    expect(r.finding('nginx.org/redirect-to-https')?.level).toBe('unsupported');
  });
  it('app-root', () => {
    expect(run(rule('redirect'), n({ 'nginx.org/app-root': '/coffee' })).intents.appRoot).toEqual({ key: 'nginx.org/app-root', path: '/coffee', code: 302 });
  });
});

describe('nginx-inc/paths', () => {
  it('path-regex sets the intent, rejects bad values', () => {
    expect(run(rule('paths'), n({ 'nginx.org/path-regex': 'case_sensitive' })).intents.regexPaths).toEqual({ key: 'nginx.org/path-regex', caseInsensitive: false });
    expect(run(rule('paths'), n({ 'nginx.org/path-regex': 'yes' })).finding('nginx.org/path-regex')?.level).toBe('error');
  });
  it('PCRE-only patterns are unsupported', () => {
    const r = run(rule('paths'), n({ 'nginx.org/path-regex': 'case_sensitive' }, { rules: [{ host: 'e.com', paths: ['~/(?!admin)'] }] }));
    expect(r.finding('nginx.org/path-regex')?.level).toBe('unsupported');
  });
});

describe('nginx-inc/retries', () => {
  it('maps next-upstream conditions', () => {
    expect(nextUpstream('error timeout http_502 http_503')).toEqual({ retryOn: 'connect-failure,refused-stream,reset,retriable-status-codes,502,503', off: false, lost: [], nonIdempotent: false });
    expect(nextUpstream('off').off).toBe(true);
    const r = run(rule('retries'), n({ 'nginx.org/proxy-next-upstream': 'error invalid_header', 'nginx.org/proxy-next-upstream-tries': '3' }));
    expect(r.intents.routePatches).toEqual([{ key: 'nginx.org/proxy-next-upstream', patch: { retries: { retryOn: 'connect-failure,refused-stream,reset', attempts: 2 } } }]);
    expect(r.finding('nginx.org/proxy-next-upstream')?.level).toBe('partial');
  });
});

describe('nginx-inc/timeouts', () => {
  it('connect → DestinationRule, read → route timeout (partial)', () => {
    const r = run(rule('timeouts'), n({ 'nginx.org/proxy-connect-timeout': '5s', 'nginx.org/proxy-read-timeout': '2m' }));
    expect(r.intents.trafficPolicies).toEqual([{ key: 'nginx.org/proxy-connect-timeout', service: 'svc', policy: { connectionPool: { tcp: { connectTimeout: '5s' } } } }]);
    expect(r.intents.routePatches).toEqual([{ key: 'nginx.org/proxy-read-timeout', patch: { timeout: '120s' } }]);
    expect(r.finding('nginx.org/proxy-read-timeout')?.level).toBe('partial');
    expect(run(rule('timeouts'), n({ 'nginx.org/proxy-read-timeout': 'soon' })).finding('nginx.org/proxy-read-timeout')?.tags).toEqual(['rejected']);
  });
});

describe('nginx-inc/balance and services', () => {
  it('lb-method', () => {
    expect(lbMethod('ip_hash')?.lb).toEqual({ consistentHash: { useSourceIp: true } });
    expect(lbMethod('hash $http_x_user consistent')?.lb).toEqual({ consistentHash: { httpHeaderName: 'x-user' } });
    expect(lbMethod('random two least_conn')?.lb).toEqual({ simple: 'LEAST_REQUEST' });
    expect(lbMethod('hash $request_uri')).toBeUndefined();
  });
  it('sticky cookies', () => {
    expect(stickyCookies('serviceName=tea-svc srv_id expires=1h path=/tea httponly')?.get('tea-svc')).toEqual({ name: 'srv_id', ttl: '3600s', path: '/tea', other: ['httponly'] });
  });
  it('ssl-services and grpc-services per routed Service', () => {
    const ing = n({ 'nginx.org/ssl-services': 'a, b', 'nginx.org/grpc-services': 'a' }, { rules: [{ host: 'e.com', paths: [{ path: '/', service: 'a' }] }] });
    const r = run(rule('services'), ing);
    expect(r.intents.trafficPolicies).toEqual([
      { key: 'nginx.org/ssl-services', service: 'a', policy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } },
      { key: 'nginx.org/grpc-services', service: 'a', policy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } } },
    ]);
  });
});

describe('nginx-inc/hsts and headers', () => {
  it('HSTS always has preload', () => {
    const r = run(rule('hsts'), n({ 'nginx.org/hsts': 'true', 'nginx.org/hsts-include-subdomains': 'true' }, TLS));
    expect(r.intents.routePatches[0]!.patch).toEqual({ headers: { response: { set: { 'Strict-Transport-Security': 'max-age=2592000; includeSubDomains; preload' } } } });
  });
  it('proxy-set-headers translates known variables', () => {
    const r = run(rule('headers'), n({ 'nginx.org/proxy-set-headers': 'X-Real: $remote_addr, X-Forwarded-User, X-Odd: $ssl_client_s_dn' }));
    expect(r.intents.routePatches[0]!.patch).toEqual({ headers: { request: { set: { 'X-Real': '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%' } } } });
    expect(r.finding('nginx.org/proxy-set-headers')?.level).toBe('partial');
  });
});

describe('nginx-inc/rate-limit', () => {
  it('burst and dry-run in the token bucket', () => {
    const r = run(rule('rate-limit'), n({ 'nginx.org/limit-req-rate': '10r/s', 'nginx.org/limit-req-burst': '5', 'nginx.org/limit-req-dry-run': 'true' }));
    const ef = r.intents.resources[1]!.resource.spec as { configPatches: Array<{ patch: { value: { typed_per_filter_config: Record<string, { token_bucket: unknown; filter_enforced: { default_value: { numerator: number } } }> } } }> };
    const cfg = ef.configPatches[0]!.patch.value.typed_per_filter_config['envoy.filters.http.local_ratelimit']!;
    expect(cfg.token_bucket).toEqual({ max_tokens: 15, tokens_per_fill: 10, fill_interval: '1s' });
    expect(cfg.filter_enforced.default_value.numerator).toBe(0);
  });
});

describe('mergeable Ingresses', () => {
  const master = n({ 'nginx.org/mergeable-ingress-type': 'master', 'nginx.org/proxy-connect-timeout': '3s', 'nginx.org/proxy-set-headers': 'X-A: 1, X-B: 2', 'nginx.org/rewrites': 'serviceName=a rewrite=/' }, { name: 'master', rules: [{ host: 'cafe.example.com', paths: [] }], ...TLS, creationTimestamp: '2024-01-01T00:00:00Z' });
  const minion = n({ 'nginx.org/mergeable-ingress-type': 'minion', 'nginx.org/hsts': 'true', 'nginx.org/proxy-set-headers': 'x-b: 3' }, { name: 'tea', namespace: 'tea', rules: [{ host: 'cafe.example.com', paths: ['/tea'] }], creationTimestamp: '2024-01-02T00:00:00Z' });
  it('master-only keys are stripped from minions', () => {
    const r = run(rule('hsts'), minion);
    expect(r.intents.routePatches).toEqual([]);
    expect(r.finding('nginx.org/hsts')).toMatchObject({ level: 'ignored', tags: ['mergeable'] });
  });
  it('minion-only keys reject a master', () => {
    const r = run(rule('rewrite'), master);
    expect(r.intents.routeTransforms).toEqual([]);
    expect(r.finding('nginx.org/rewrites')).toMatchObject({ level: 'error', tags: ['rejected'] });
  });
  it('a master with paths is rejected', () => {
    const bad = n({ 'nginx.org/mergeable-ingress-type': 'master' });
    expect(run(rule('mergeable'), bad).finding('nginx.org/mergeable-ingress-type')?.tags).toEqual(['rejected']);
    expect(run(rule('mergeable'), minion).finding('nginx.org/mergeable-ingress-type')?.level).toBe('converted');
  });
  it('host ownership: merge groups, inherited keys, duplicate paths, older owners', () => {
    const minion2 = n({ 'nginx.org/mergeable-ingress-type': 'minion' }, { name: 'tea2', rules: [{ host: 'cafe.example.com', paths: ['/tea'] }], creationTimestamp: '2024-01-03T00:00:00Z' });
    const plainOld = n({}, { name: 'old', rules: [{ host: 'shop.example.com', paths: ['/'] }], creationTimestamp: '2023-01-01T00:00:00Z' });
    const plainNew = n({}, { name: 'new', rules: [{ host: 'shop.example.com', paths: ['/x'] }], creationTimestamp: '2023-06-01T00:00:00Z' });
    const orphan = n({ 'nginx.org/mergeable-ingress-type': 'minion' }, { name: 'orphan', rules: [{ host: 'lost.example.com', paths: ['/'] }] });
    const { groups, notServed } = nicHostOwnership([minion2, master, minion, plainNew, plainOld, orphan]);
    expect(groups.map((g) => [g.host, g.master.name, g.minions.map((m) => m.name)])).toEqual([['cafe.example.com', 'master', ['tea', 'tea2']]]);
    expect(groups[0]!.droppedPaths).toEqual(['default/tea2 /tea (older minion tea/tea has it)']);
    expect(groups[0]!.annotations.get('tea/tea')).toEqual({ 'nginx.org/proxy-connect-timeout': '3s', 'nginx.org/mergeable-ingress-type': 'minion', 'nginx.org/proxy-set-headers': 'X-A: 1, x-b: 3' });
    expect(notServed).toEqual([
      { ingress: 'default/orphan', host: 'lost.example.com', reason: 'minion without a master for host lost.example.com' },
      { ingress: 'default/new', host: 'shop.example.com', reason: 'host shop.example.com is taken by the older Ingress default/old' },
    ]);
  });
  it('mergeSetHeaders', () => {
    expect(mergeSetHeaders('A: 1, B', 'b: 2, C: 3')).toBe('A: 1, b: 2, C: 3');
  });
});
