/**
 * ingress-nginx model: expected outcomes written from shared/reference/nginx-semantics.md and the
 * ingress-nginx sources it cites, not from the model's output.
 */
import { describe, expect, it } from 'vitest';
import { NginxModel } from '../../src/verify/source-nginx.js';
import { makeRequest, type Outcome } from '../../src/verify/request.js';
import { ing, svc } from './build.js';

function model(ingresses: ReturnType<typeof ing>[], configMap: Record<string, string> = {}, services = [] as ReturnType<typeof svc>[]) {
  return new NginxModel({ ingresses, services, configMap });
}
function route(m: NginxModel, url: string, extra: { headers?: Record<string, string>; cookies?: Record<string, string> } = {}): Outcome {
  const u = /^(https?):\/\/([^/]+)(.*)$/.exec(url)!;
  return m.evaluate(makeRequest({ scheme: u[1] as 'http', host: u[2]!, path: u[3] || '/', ...extra })).outcome;
}
const backend = (service: string, upstreamPath: string, port: number | string = 80, ns = 'default'): Outcome => ({
  type: 'backend',
  targets: [{ service, namespace: ns, port, share: 1 }],
  upstreamPath,
});

describe('ingress-nginx model: path types (non-regex mode)', () => {
  const m = model([
    ing({ name: 'a', host: 'a.test', paths: [{ path: '/aaa', svc: 'prefix' }, { path: '/exact', type: 'Exact', svc: 'exact' }, { path: '/dir/', svc: 'dir' }] }),
  ]);
  it('Prefix is element-wise: /aaa, /aaa/, /aaa/cccc match; /aaacccc does not', () => {
    expect(route(m, 'http://a.test/aaa')).toEqual(backend('prefix', '/aaa'));
    expect(route(m, 'http://a.test/aaa/')).toEqual(backend('prefix', '/aaa/'));
    expect(route(m, 'http://a.test/aaa/cccc?x=1')).toEqual(backend('prefix', '/aaa/cccc?x=1'));
    expect(route(m, 'http://a.test/aaacccc')).toEqual({ type: 'no-route' });
  });
  it('matching is case-sensitive', () => {
    expect(route(m, 'http://a.test/AAA')).toEqual({ type: 'no-route' });
  });
  it('Exact matches only the exact path', () => {
    expect(route(m, 'http://a.test/exact')).toEqual(backend('exact', '/exact'));
    expect(route(m, 'http://a.test/exact/')).toEqual({ type: 'no-route' });
  });
  it('Prefix /dir/ answers /dir with a 301 to /dir/ (nginx auto_redirect), keeping the query', () => {
    expect(route(m, 'http://a.test/dir?q=1')).toEqual({ type: 'redirect', code: 301, location: 'http://a.test/dir/?q=1' });
    expect(route(m, 'http://a.test/dir/x')).toEqual(backend('dir', '/dir/x'));
  });
  it('host matching ignores case; unknown hosts go to the catch-all (404 without default backend)', () => {
    expect(route(m, 'http://A.TEST/aaa')).toEqual(backend('prefix', '/aaa'));
    expect(route(m, 'http://other.test/aaa')).toEqual({ type: 'no-route' });
  });
  it('exact wins over a longer-or-equal prefix; longest prefix wins', () => {
    const m2 = model([
      ing({ name: 'p', host: 'b.test', paths: [{ path: '/foo', svc: 'prefix' }, { path: '/foo/bar', svc: 'deep' }] }),
      ing({ name: 'e', host: 'b.test', paths: [{ path: '/foo', type: 'Exact', svc: 'exact' }] }),
    ]);
    expect(route(m2, 'http://b.test/foo')).toEqual(backend('exact', '/foo'));
    expect(route(m2, 'http://b.test/foo/x')).toEqual(backend('prefix', '/foo/x'));
    expect(route(m2, 'http://b.test/foo/bar/baz')).toEqual(backend('deep', '/foo/bar/baz'));
  });
  it('ImplementationSpecific is treated as Prefix', () => {
    const m2 = model([ing({ name: 'i', host: 'c.test', paths: [{ path: '/api', type: 'ImplementationSpecific', svc: 'api' }] })]);
    expect(route(m2, 'http://c.test/api/v1')).toEqual(backend('api', '/api/v1'));
    expect(route(m2, 'http://c.test/apix')).toEqual({ type: 'no-route' });
  });
  it('the oldest Ingress keeps a duplicate host+path+pathType', () => {
    const m2 = model([
      ing({ name: 'new', host: 'd.test', ts: '2024-02-01T00:00:00Z', paths: [{ path: '/x', svc: 'newer' }] }),
      ing({ name: 'old', host: 'd.test', ts: '2024-01-01T00:00:00Z', paths: [{ path: '/x', svc: 'older' }] }),
    ]);
    expect(route(m2, 'http://d.test/x')).toEqual(backend('older', '/x'));
  });
  it('resolves named ports through the Service', () => {
    const m2 = model([ing({ name: 'n', host: 'e.test', paths: [{ path: '/', svc: 'web', port: 'http' }] })], {}, [svc('web', [{ name: 'http', port: 8080 }])]);
    expect(route(m2, 'http://e.test/')).toEqual(backend('web', '/', 8080));
  });
});

describe('ingress-nginx model: hosts and default backends', () => {
  it('wildcard matches exactly one label; exact host wins over the wildcard', () => {
    const m = model([
      ing({ name: 'w', host: '*.example.com', paths: [{ path: '/', svc: 'wild' }] }),
      ing({ name: 'x', host: 'www.example.com', paths: [{ path: '/', svc: 'www' }] }),
    ]);
    expect(route(m, 'http://foo.example.com/')).toEqual(backend('wild', '/'));
    expect(route(m, 'http://www.example.com/')).toEqual(backend('www', '/'));
    expect(route(m, 'http://a.b.example.com/')).toEqual({ type: 'no-route' });
    expect(route(m, 'http://example.com/')).toEqual({ type: 'no-route' });
  });
  it('hostless rules serve unknown hosts; spec.defaultBackend of a rule-less Ingress is the catch-all', () => {
    const m = model([
      ing({ name: 'hl', rules: [{ paths: [{ path: '/api', svc: 'api' }] }] }),
      ing({ name: 'db', defaultBackend: { svc: 'fallback' } }),
    ]);
    expect(route(m, 'http://anything.test/api/x')).toEqual(backend('api', '/api/x'));
    expect(route(m, 'http://anything.test/other')).toEqual(backend('fallback', '/other'));
  });
  it('spec.defaultBackend of an Ingress with rules serves the unmatched paths of its hosts', () => {
    const m = model([ing({ name: 'r', host: 'f.test', paths: [{ path: '/app', svc: 'app' }], defaultBackend: { svc: 'fallback' } })]);
    expect(route(m, 'http://f.test/nope')).toEqual(backend('fallback', '/nope'));
    expect(route(m, 'http://other.test/nope')).toEqual({ type: 'no-route' });
  });
});

describe('ingress-nginx model: regex mode', () => {
  it('use-regex makes every location of the host case-insensitive and start-anchored only', () => {
    const m = model([
      ing({ name: 'r', host: 'r.test', ann: { 'use-regex': 'true' }, paths: [{ path: '/id/[0-9]+', type: 'ImplementationSpecific', svc: 'ids' }] }),
      ing({ name: 'plain', host: 'r.test', paths: [{ path: '/exact', type: 'Exact', svc: 'exact' }, { path: '/foo', svc: 'foo' }] }),
    ]);
    expect(route(m, 'http://r.test/id/123a')).toEqual(backend('ids', '/id/123a'));
    expect(route(m, 'http://r.test/ID/1')).toEqual(backend('ids', '/ID/1'));
    // Exact is no longer exact, Prefix becomes a string prefix, both case-insensitive.
    expect(route(m, 'http://r.test/EXACTLY')).toEqual(backend('exact', '/EXACTLY'));
    expect(route(m, 'http://r.test/foobar')).toEqual(backend('foo', '/foobar'));
  });
  it('first match in emission order: the longer regex string wins even against a literal path (documented warning)', () => {
    const m = model([
      ing({ name: 'a', host: 'o.test', ann: { 'use-regex': 'true' }, paths: [{ path: '/foo/bar/bar', svc: 'literal' }, { path: '/foo/bar/[A-Z0-9]{3}', svc: 'regex' }] }),
    ]);
    expect(route(m, 'http://o.test/foo/bar/bar')).toEqual(backend('regex', '/foo/bar/bar'));
  });
  it('rewrite-target replaces the whole URI with the target, captures from the path regex, query kept', () => {
    const m = model([
      ing({ name: 'rw', host: 'w.test', ann: { 'rewrite-target': '/$2' }, paths: [{ path: '/something(/|$)(.*)', type: 'ImplementationSpecific', svc: 'svc' }] }),
      ing({ name: 'api', host: 'x.test', ann: { 'rewrite-target': '/' }, paths: [{ path: '/api', svc: 'api' }] }),
    ]);
    expect(route(m, 'http://w.test/something')).toEqual(backend('svc', '/'));
    expect(route(m, 'http://w.test/something/new?x=1')).toEqual(backend('svc', '/new?x=1'));
    expect(route(m, 'http://x.test/api/users')).toEqual(backend('api', '/'));
    expect(route(m, 'http://x.test/API/users')).toEqual(backend('api', '/'));
  });
  it('rewrite-target equal to an Exact path is a no-op and does not switch the host to regex mode', () => {
    const m = model([
      ing({ name: 'first', host: 'n.test', ts: '2024-01-01T00:00:00Z', paths: [{ path: '/other', type: 'Exact', svc: 'other' }] }),
      ing({ name: 'n', host: 'n.test', ts: '2024-01-02T00:00:00Z', ann: { 'rewrite-target': '/app' }, paths: [{ path: '/app', type: 'Exact', svc: 'app' }] }),
    ]);
    expect(route(m, 'http://n.test/APP')).toEqual({ type: 'no-route' });
    expect(route(m, 'http://n.test/app')).toEqual(backend('app', '/app'));
  });
  it('rewrite-target equal to a Prefix path still switches regex mode: the normalized `/app/` differs from the target', () => {
    // location.go turns Prefix /app into `/app/` + `= /app`; the template's needsRewrite then
    // compares `/app/` with the target `/app` (derived from the code, see the report).
    const m = model([
      ing({ name: 'first', host: 'n.test', ts: '2024-01-01T00:00:00Z', paths: [{ path: '/other', type: 'Exact', svc: 'other' }] }),
      ing({ name: 'n', host: 'n.test', ts: '2024-01-02T00:00:00Z', ann: { 'rewrite-target': '/app' }, paths: [{ path: '/app', svc: 'app' }] }),
    ]);
    expect(route(m, 'http://n.test/APP')).toEqual(backend('app', '/APP'));
    expect(route(m, 'http://n.test/app/x?y=1')).toEqual(backend('app', '/app?y=1'));
    expect(route(m, 'http://n.test/otherwise')).toEqual(backend('other', '/otherwise'));
  });
  it('...unless that Ingress created the host: its default root location carries the rewrite-target too', () => {
    // createServers applies the creating Ingress's annotations to the root `/` location;
    // needsRewrite(`/`) is then true, so enforceRegexModifier switches the whole host.
    const m = model([ing({ name: 'n', host: 'n.test', ann: { 'rewrite-target': '/app' }, paths: [{ path: '/app', svc: 'app' }] })]);
    expect(route(m, 'http://n.test/APP')).toEqual(backend('app', '/APP'));
    expect(route(m, 'http://n.test/appx')).toEqual(backend('app', '/appx'));
  });
  it('reports PCRE constructs JavaScript cannot evaluate', () => {
    const m = model([ing({ name: 'p', host: 'p.test', ann: { 'use-regex': 'true' }, paths: [{ path: '/a(?>b)', type: 'ImplementationSpecific', svc: 's' }] })]);
    expect(route(m, 'http://p.test/ab').type).toBe('unknown');
    expect(m.problems.length).toBe(1);
  });
});

describe('ingress-nginx model: redirects', () => {
  it('HTTPS redirect (308) for hosts with TLS; trailing slash stripped; https served', () => {
    const m = model([ing({ name: 't', host: 't.test', tls: [['t.test']], paths: [{ path: '/', svc: 'web' }] })]);
    expect(route(m, 'http://t.test/a/?q=1')).toEqual({ type: 'redirect', code: 308, location: 'https://t.test/a/?q=1' });
    expect(route(m, 'http://t.test/a/')).toEqual({ type: 'redirect', code: 308, location: 'https://t.test/a' });
    expect(route(m, 'https://t.test/a')).toEqual(backend('web', '/a'));
  });
  it('the ACME exemption is by location path: only a location under /.well-known/acme-challenge is exempt', () => {
    const m = model([
      ing({ name: 't', host: 't.test', tls: [['t.test']], paths: [{ path: '/', svc: 'web' }] }),
      ing({ name: 'solver', host: 't.test', paths: [{ path: '/.well-known/acme-challenge/tok', type: 'Exact', svc: 'solver' }] }),
    ]);
    expect(route(m, 'http://t.test/.well-known/acme-challenge/tok')).toEqual(backend('solver', '/.well-known/acme-challenge/tok'));
    expect(route(m, 'http://t.test/.well-known/acme-challenge/other')).toEqual({ type: 'redirect', code: 308, location: 'https://t.test/.well-known/acme-challenge/other' });
  });
  it('a host gets a certificate from any TLS section of an Ingress with a rule for it (default certificate when not listed)', () => {
    const m = model([ing({ name: 'u', host: 'u.test', tls: [['elsewhere.test']], paths: [{ path: '/', svc: 'web' }] })]);
    expect(route(m, 'http://u.test/a')).toEqual({ type: 'redirect', code: 308, location: 'https://u.test/a' });
  });
  it('ssl-redirect "false" disables it; force-ssl-redirect works without TLS; http-redirect-code changes the code', () => {
    const m = model(
      [
        ing({ name: 'off', host: 'off.test', tls: [['off.test']], ann: { 'ssl-redirect': 'false' }, paths: [{ path: '/', svc: 'web' }] }),
        ing({ name: 'force', host: 'force.test', ann: { 'force-ssl-redirect': 'true', 'preserve-trailing-slash': 'true' }, paths: [{ path: '/', svc: 'web' }] }),
      ],
      { 'http-redirect-code': '301' },
    );
    expect(route(m, 'http://off.test/a')).toEqual(backend('web', '/a'));
    expect(route(m, 'http://force.test/a/')).toEqual({ type: 'redirect', code: 301, location: 'https://force.test/a/' });
  });
  it('hosts without TLS are not redirected, hostless rules neither', () => {
    const m = model([ing({ name: 'h', rules: [{ paths: [{ path: '/', svc: 'web' }] }] }), ing({ name: 'p', host: 'plain.test', paths: [{ path: '/', svc: 'web' }] })]);
    expect(route(m, 'http://unknown.test/a')).toEqual(backend('web', '/a'));
    expect(route(m, 'http://plain.test/a')).toEqual(backend('web', '/a'));
  });
  it('permanent-redirect (301, code override) beats the HTTPS redirect; temporal-redirect beats permanent', () => {
    const m = model([
      ing({ name: 'p', host: 'p.test', tls: [['p.test']], ann: { 'permanent-redirect': 'https://new.test/x', 'permanent-redirect-code': '308' }, paths: [{ path: '/', svc: 'web' }] }),
      ing({ name: 't', host: 't.test', ann: { 'permanent-redirect': 'https://a.test', 'temporal-redirect': 'https://b.test/' }, paths: [{ path: '/', svc: 'web' }] }),
    ]);
    expect(route(m, 'http://p.test/y?z=1')).toEqual({ type: 'redirect', code: 308, location: 'https://new.test/x' });
    expect(route(m, 'http://t.test/y')).toEqual({ type: 'redirect', code: 302, location: 'https://b.test/' });
  });
  it('app-root redirects only / with 302, for the whole host, before the HTTPS redirect', () => {
    const m = model([
      ing({ name: 'root', host: 'r.test', tls: [['r.test']], ann: { 'app-root': '/app' }, paths: [{ path: '/app', svc: 'app' }] }),
      ing({ name: 'other', host: 'r.test', paths: [{ path: '/other', svc: 'other' }] }),
    ]);
    expect(route(m, 'http://r.test/?x=1')).toEqual({ type: 'redirect', code: 302, location: 'http://r.test/app' });
    expect(route(m, 'https://r.test/')).toEqual({ type: 'redirect', code: 302, location: 'https://r.test/app' });
    expect(route(m, 'https://r.test/other')).toEqual(backend('other', '/other'));
  });
});

describe('ingress-nginx model: canary', () => {
  const primary = ing({ name: 'main', host: 'c.test', paths: [{ path: '/', svc: 'stable' }], ts: '2024-01-01T00:00:00Z' });
  it('header always/never, then cookie, then weight (max(total,100))', () => {
    const canary = ing({
      name: 'canary',
      host: 'c.test',
      ts: '2024-01-02T00:00:00Z',
      ann: { canary: 'true', 'canary-by-header': 'X-Canary', 'canary-by-cookie': 'beta', 'canary-weight': '20', 'canary-weight-total': '50' },
      paths: [{ path: '/', svc: 'next' }],
    });
    const m = model([primary, canary]);
    expect(route(m, 'http://c.test/', { headers: { 'x-canary': 'always' } })).toEqual(backend('next', '/'));
    expect(route(m, 'http://c.test/', { headers: { 'x-canary': 'never' }, cookies: { beta: 'always' } })).toEqual(backend('stable', '/'));
    expect(route(m, 'http://c.test/', { headers: { 'x-canary': 'maybe' }, cookies: { beta: 'always' } })).toEqual(backend('next', '/'));
    expect(route(m, 'http://c.test/')).toEqual({
      type: 'backend',
      targets: [
        { service: 'stable', namespace: 'default', port: 80, share: 0.8 },
        { service: 'next', namespace: 'default', port: 80, share: 0.2 },
      ],
      upstreamPath: '/',
    });
  });
  it('header value: exact and case-sensitive; always/never lose their meaning', () => {
    const canary = ing({ name: 'cv', host: 'c.test', ann: { canary: 'true', 'canary-by-header': 'x-c', 'canary-by-header-value': 'Yes' }, paths: [{ path: '/', svc: 'next' }] });
    const m = model([primary, canary]);
    expect(route(m, 'http://c.test/', { headers: { 'x-c': 'Yes' } })).toEqual(backend('next', '/'));
    expect(route(m, 'http://c.test/', { headers: { 'x-c': 'yes' } })).toEqual(backend('stable', '/'));
    expect(route(m, 'http://c.test/', { headers: { 'x-c': 'always' } })).toEqual(backend('stable', '/'));
  });
  it('the canary attaches to the primary upstream: other paths using the same Service are canaried too', () => {
    const main = ing({ name: 'main2', host: 'c.test', paths: [{ path: '/a', svc: 'stable' }, { path: '/b', svc: 'stable' }] });
    const canary = ing({ name: 'c2', host: 'c.test', ann: { canary: 'true', 'canary-by-header': 'x-c' }, paths: [{ path: '/a', svc: 'next' }] });
    const m = model([main, canary]);
    expect(route(m, 'http://c.test/b', { headers: { 'x-c': 'always' } })).toEqual(backend('next', '/b'));
  });
  it('a canary without a matching primary path has no effect', () => {
    const canary = ing({ name: 'c3', host: 'c.test', ann: { canary: 'true', 'canary-weight': '100' }, paths: [{ path: '/zzz', svc: 'next' }] });
    const m = model([primary, canary]);
    expect(route(m, 'http://c.test/zzz')).toEqual(backend('stable', '/zzz'));
  });
});
