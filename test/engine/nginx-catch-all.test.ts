/**
 * ingress-nginx catch-all server, app-root and canary Ingresses, with the real rules. Expected
 * routes are written from ingress-nginx's controller.go (createServers, getBackendServers,
 * mergeAlternativeBackends) and nginx.tmpl (the server-level app-root `if`), not from the engine.
 */
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/engine/convert.js';
import type { HTTPRoute, VirtualService } from '../../src/istio/types.js';
import { defaultOptions } from '../../src/model/options.js';
import { ing, inputOf, vsFor } from '../helpers/model.js';

const opts = defaultOptions();
const A = (k: string) => `nginx.ingress.kubernetes.io/${k}`;


/** uri match (with header conditions) → action. */
function view(routes: HTTPRoute[] | undefined): string[] {
  return (routes ?? []).map((r) => {
    const m = (r.match ?? [{}])
      .map((x) => {
        const u = x.uri ? Object.entries(x.uri).map(([k, v]) => `${k}:${v}`)[0] : '*';
        const extra = [x.port ? `port=${x.port}` : '', ...Object.entries(x.headers ?? {}).map(([h, v]) => `${h}=${Object.values(v)[0]}`)].filter(Boolean).join(',');
        return extra ? `${u}[${extra}]` : u;
      })
      .join('|');
    const a = r.redirect
      ? `redirect ${r.redirect.redirectCode}${r.redirect.scheme ? ` ${r.redirect.scheme}` : ''}${r.redirect.uri ? ` ${r.redirect.uri}` : ''}`
      : r.route!.map((d) => `${d.destination.host.split('.')[0]}:${d.destination.port?.number ?? '-'}${d.weight !== undefined ? `@${d.weight}` : ''}`).join('+');
    return `${m} -> ${a}`;
  });
}

const findingsOf = (res: ReturnType<typeof convert>, name: string, key: string) => res.findings.filter((f) => f.ingress.name === name && f.key === key);

describe('app-root (ingress-nginx)', () => {
  it('a rule-less Ingress keeps none of its rewrite and redirect annotations on the catch-all default backend', () => {
    // createServers: locationApplyAnnotations(defLoc, anns), then defLoc.Rewrite and defLoc.Redirect are restored.
    const res = convert(
      inputOf([
        ing({
          name: 'fallback',
          defaultBackend: { service: 'fallback', port: 80 },
          annotations: { [A('app-root')]: '/app', [A('use-regex')]: 'true', [A('rewrite-target')]: '/$2', [A('force-ssl-redirect')]: 'true', [A('permanent-redirect')]: 'https://moved.test/' },
        }),
      ]),
      opts,
    );
    expect(view(vsFor(res, '*').spec.http)).toEqual(['prefix:/ -> fallback:80']);
    const appRoot = findingsOf(res, 'fallback', A('app-root'));
    expect(appRoot.map((f) => f.level)).toEqual(['ignored']);
    expect(appRoot[0]!.message).toMatch(/catch-all default backend of an Ingress without rules/);
  });

  it("the rule-less Ingress's other annotations do apply to the catch-all default backend", () => {
    // locationApplyAnnotations(defLoc, anns) sets Proxy (timeouts), CORS, headers...; only Rewrite and Redirect are restored.
    const res = convert(
      inputOf([ing({ name: 'fallback', defaultBackend: { service: 'fallback', port: 80 }, annotations: { [A('proxy-read-timeout')]: '30', [A('app-root')]: '/app' } })]),
      opts,
    );
    const routes = vsFor(res, '*').spec.http!;
    expect(view(routes)).toEqual(['prefix:/ -> fallback:80']);
    expect(routes[0]!.timeout).toBe('30s');
    // The rule's own finding (partial: per-read vs whole-request timeout) now names the catch-all VirtualService.
    expect(findingsOf(res, 'fallback', A('proxy-read-timeout')).map((f) => [f.level, f.istio])).toEqual([['partial', ['VirtualService/istio-system/catch-all']]]);
  });

  it('the first location in nginx order decides: a longer path of a newer Ingress beats an older Ingress', () => {
    // Locations sort by length, so `/longer/` (Ingress b) comes before `/a/` (Ingress a): its `if ($uri = /)` is first.
    const res = convert(
      inputOf([
        ing({ name: 'a', created: '2024-01-01T00:00:00Z', annotations: { [A('app-root')]: '/from-a' }, rules: [{ host: 'h.test', paths: [{ path: '/a', service: 'a' }] }] }),
        ing({ name: 'b', created: '2024-01-02T00:00:00Z', annotations: { [A('app-root')]: '/from-b' }, rules: [{ host: 'h.test', paths: [{ path: '/longer', service: 'b' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, 'h.test').spec.http)[0]).toBe('exact:/ -> redirect 302 /from-b');
    const unused = findingsOf(res, 'a', A('app-root'));
    expect(unused.map((f) => f.level)).toEqual(['ignored']);
    expect(unused[0]!.message).toMatch(/app-root of Ingress default\/b comes first/);
  });

  it("the host's root location carries the app-root of the Ingress that created the server, even with no path served", () => {
    // Ingress a creates h.test (its root location gets a's annotations); its only path has no Service, so no location.
    const a = ing({ name: 'a', created: '2024-01-01T00:00:00Z', annotations: { [A('app-root')]: '/from-a' }, rules: [{ host: 'h.test', paths: [{ path: '/static', service: 'x' }] }] });
    a.rules[0]!.paths[0]!.backend = { kind: 'resource', resourceKind: 'StorageBucket', name: 'static', source: a.source } as never;
    const res = convert(inputOf([a, ing({ name: 'b', created: '2024-01-02T00:00:00Z', rules: [{ host: 'h.test', paths: [{ path: '/b', service: 'b' }] }] })]), opts);
    expect(view(vsFor(res, 'h.test').spec.http)[0]).toBe('exact:/ -> redirect 302 /from-a');
  });

  it('a hostless Ingress whose only path is never served (its Service is an older canary upstream) adds no app-root to the catch-all', () => {
    const res = convert(
      inputOf([
        ing({ name: 'canary', created: '2024-01-01T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '30' }, rules: [{ paths: [{ path: '/bar', service: 's2' }] }] }),
        ing({ name: 'web', created: '2024-01-02T00:00:00Z', annotations: { [A('app-root')]: '/app' }, rules: [{ paths: [{ path: '/foo/', service: 's2' }] }] }),
        ing({ name: 'other', created: '2024-01-03T00:00:00Z', rules: [{ paths: [{ path: '/other', service: 's3' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, '*').spec.http)).toEqual(['exact:/other|prefix:/other/ -> s3:80']);
    const appRoot = findingsOf(res, 'web', A('app-root'));
    expect(appRoot.map((f) => f.level)).toEqual(['ignored']);
    expect(appRoot[0]!.message).toMatch(/no location of this Ingress is served/);
  });
});

describe('canary Ingresses whose Service already has a normal upstream (ingress-nginx)', () => {
  it('their paths are ordinary locations, on the catch-all when no non-canary Ingress has their host', () => {
    // getBackendServers: servers[host] is nil for the canary's host, so the location goes to servers["_"];
    // the upstream default-s1-80 was created by Ingress main (not a canary), so it is served.
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'a.test', paths: [{ path: '/api', service: 's1' }] }] }),
        ing({ name: 'canary', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '100' }, rules: [{ host: 'nohost.test', paths: [{ path: '/foo/', type: 'Exact', service: 's1' }] }] }),
      ]),
      opts,
    );
    // nginx's 301 from /foo to /foo/ (a proxied location ending in a slash) and the location itself.
    expect(view(vsFor(res, '*').spec.http)).toEqual(['exact:/foo/ -> s1:80', 'exact:/foo -> redirect 301 /foo/']);
    expect(view(vsFor(res, 'a.test').spec.http)).toEqual(['exact:/api|prefix:/api/ -> s1:80']);
    const path = findingsOf(res, 'canary', 'spec.rules[0].http.paths[0]');
    expect(path.map((f) => f.level)).toEqual(['converted']);
    expect(path[0]!.message).toMatch(/ordinary location of the catch-all server/);
    expect(findingsOf(res, 'canary', A('canary')).map((f) => f.level)).toEqual(['ignored']);
  });

  it('on a host a non-canary Ingress created, they are ordinary locations of that host', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'a.test', paths: [{ path: '/api', service: 's1' }] }] }),
        ing({ name: 'canary', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '100' }, rules: [{ host: 'a.test', paths: [{ path: '/beta', service: 's1' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, 'a.test').spec.http)).toEqual(['exact:/beta|prefix:/beta/ -> s1:80', 'exact:/api|prefix:/api/ -> s1:80']);
    expect(res.resources.some((r) => r.kind === 'VirtualService' && (r as VirtualService).spec.hosts?.[0] === '*')).toBe(false);
  });

  it('on a path another Service holds, the upstream becomes an inert first alternative that shadows later canaries', () => {
    // mergeAlternativeBackends appends default-s1-80 (no traffic shaping) to default-s2-80; balancer.lua
    // only consults the first alternative, so the real canary (c2) merged later never gets traffic.
    const res = convert(
      inputOf([
        ing({ name: 'one', created: '2024-01-01T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/one', service: 's1' }] }] }),
        ing({ name: 'two', created: '2024-01-01T00:00:01Z', rules: [{ host: 'a.test', paths: [{ path: '/two', service: 's2' }] }] }),
        ing({ name: 'c1', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '50' }, rules: [{ host: 'a.test', paths: [{ path: '/two', service: 's1' }] }] }),
        ing({ name: 'c2', created: '2024-01-03T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '50' }, rules: [{ host: 'a.test', paths: [{ path: '/two', service: 'v2' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, 'a.test').spec.http)).toEqual(['exact:/two|prefix:/two/ -> s2:80']);
    expect(findingsOf(res, 'c2', A('canary')).some((f) => f.level === 'ignored' && /first alternative backend \(a normal upstream that canary Ingress default\/c1 attached/.test(f.message))).toBe(true);
  });

  it('no such alternative when a location of its own Service comes first on the server', () => {
    // The merge loop walks the locations in insertion order and stops at /one (default-s1-80 itself).
    const res = convert(
      inputOf([
        ing({ name: 'one', created: '2024-01-01T00:00:00Z', rules: [{ host: 'a.test', paths: [{ path: '/one', service: 's1' }, { path: '/two', service: 's2' }] }] }),
        ing({ name: 'c1', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '50' }, rules: [{ host: 'a.test', paths: [{ path: '/two', service: 's1' }] }] }),
        ing({ name: 'c2', created: '2024-01-03T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '50' }, rules: [{ host: 'a.test', paths: [{ path: '/two', service: 'v2' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, 'a.test').spec.http)).toEqual(['exact:/one|prefix:/one/ -> s1:80', 'exact:/two|prefix:/two/ -> s2:80@50+v2:80@50']);
  });
});

describe('canary spec.defaultBackend (ingress-nginx)', () => {
  it('is merged into the upstream of every location of the catch-all server, default backend included', () => {
    const res = convert(
      inputOf([
        ing({ name: 'fallback', created: '2024-01-01T00:00:00Z', defaultBackend: { service: 'fallback', port: 80 } }),
        ing({ name: 'hostless', created: '2024-01-02T00:00:00Z', rules: [{ paths: [{ path: '/api', service: 'api' }] }] }),
        ing({ name: 'canary', created: '2024-01-03T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-by-header')]: 'x-canary' }, defaultBackend: { service: 'cfallback', port: 80 } }),
      ]),
      opts,
    );
    expect(view(vsFor(res, '*').spec.http)).toEqual([
      'exact:/api[x-canary=never]|prefix:/api/[x-canary=never] -> api:80',
      'exact:/api[x-canary=always]|prefix:/api/[x-canary=always] -> cfallback:80',
      'exact:/api|prefix:/api/ -> api:80',
      'prefix:/[x-canary=never] -> fallback:80',
      'prefix:/[x-canary=always] -> cfallback:80',
      'prefix:/ -> fallback:80',
    ]);
  });

  it("a canary path / (Prefix) merges into the root location's default backend", () => {
    const res = convert(
      inputOf([
        ing({ name: 'fallback', created: '2024-01-01T00:00:00Z', defaultBackend: { service: 'fallback', port: 80 } }),
        ing({ name: 'canary', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '30' }, rules: [{ paths: [{ path: '/', service: 'c1' }] }] }),
      ]),
      opts,
    );
    expect(view(vsFor(res, '*').spec.http)).toEqual(['prefix:/ -> fallback:80@70+c1:80@30']);
  });

  it('a canary merged first and then deleted (a path without primary) still blocks later canaries of that upstream', () => {
    // balancer.lua consults alternativeBackends[1] only; a deleted upstream there means no canary at all.
    const res = convert(
      inputOf([
        ing({ name: 'canary', created: '2024-01-01T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '30' }, rules: [{ paths: [{ path: '/', service: 'c1' }, { path: '/api', service: 'c1' }] }] }),
        ing({ name: 'fallback', created: '2024-01-02T00:00:00Z', defaultBackend: { service: 'fallback', port: 80 } }),
        ing({ name: 'late', created: '2024-01-03T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '100' }, defaultBackend: { service: 'cfallback', port: 80 } }),
      ]),
      opts,
    );
    expect(view(vsFor(res, '*').spec.http)).toEqual(['prefix:/ -> fallback:80']);
  });

  it('takes the canary rules of the Ingress that created the upstream, not of the one merging it', () => {
    // createUpstreams re-creates a default backend's upstream for every Ingress that names it: the last one's shaping stays.
    const res = convert(
      inputOf([
        ing({ name: 'fallback', created: '2024-01-01T00:00:00Z', defaultBackend: { service: 'fallback', port: 80 } }),
        ing({ name: 'c1', created: '2024-01-02T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '100' }, defaultBackend: { service: 'cfallback', port: 80 } }),
        ing({ name: 'c2', created: '2024-01-03T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '0', [A('canary-by-cookie')]: 'beta' }, defaultBackend: { service: 'cfallback', port: 80 } }),
      ]),
      opts,
    );
    const routes = view(vsFor(res, '*').spec.http);
    expect(routes[routes.length - 1]).toBe('prefix:/ -> fallback:80');
    expect(routes).toContain('prefix:/[cookie=^(.*?;\\s*)?beta=always(;.*)?$] -> cfallback:80');
    expect(findingsOf(res, 'c1', A('canary')).some((f) => /canary rules of Ingress default\/c2/.test(f.message))).toBe(true);
  });
});

describe("a host's default backend (ingress-nginx)", () => {
  it("gets the rewrite-target of the Ingress that created the host, as the root location `/` does", () => {
    // The root location carries all annotations of that Ingress: rewrite "(?i)/" /new break; no capture groups.
    const res = convert(
      inputOf([
        ing({
          name: 'web',
          annotations: { [A('use-regex')]: 'true', [A('rewrite-target')]: '/new/$1' },
          rules: [{ host: 'h.test', paths: [{ path: '/api/(.*)', type: 'ImplementationSpecific', service: 'api' }] }],
          defaultBackend: { service: 'fallback', port: 80 },
        }),
      ]),
      opts,
    );
    const routes = vsFor(res, 'h.test').spec.http!;
    expect(routes.map((r) => r.rewrite?.uriRegexRewrite)).toEqual([
      { match: '(?i)^/api/(.*).*', rewrite: '/new/\\1' },
      { match: '(?i)^/.*', rewrite: '/new/' },
    ]);
    expect(view([routes[1]!])).toEqual(['prefix:/ -> fallback:80']);
  });

  it('gets the route settings of the Ingress that created the host', () => {
    const res = convert(
      inputOf([ing({ name: 'web', annotations: { [A('proxy-read-timeout')]: '30' }, rules: [{ host: 'h.test', paths: [{ path: '/api', service: 'api' }] }], defaultBackend: { service: 'fallback', port: 80 } })]),
      opts,
    );
    expect(vsFor(res, 'h.test').spec.http!.map((r) => r.timeout)).toEqual(['30s', '30s']);
  });

  it('keeps the path when the rewrite-target is / (no rewrite of the root location)', () => {
    const res = convert(
      inputOf([ing({ name: 'web', annotations: { [A('rewrite-target')]: '/' }, rules: [{ host: 'h.test', paths: [{ path: '/api', service: 'api' }] }], defaultBackend: { service: 'fallback', port: 80 } })]),
      opts,
    );
    const routes = vsFor(res, 'h.test').spec.http!;
    expect(routes[routes.length - 1]!.rewrite).toBeUndefined();
  });
});

describe('a host with no served path next to a catch-all (ingress-nginx)', () => {
  it('answers 404 itself instead of leaving the host to the catch-all routes', () => {
    // nginx has a server for b.test (its root location: the controller's 404); Envoy would route an
    // unlisted host with the catch-all VirtualService.
    const res = convert(
      inputOf([
        ing({ name: 'canary', created: '2024-01-01T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '10' }, rules: [{ host: 'a.test', paths: [{ path: '/', service: 'v2' }] }] }),
        ing({ name: 'b', created: '2024-01-02T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/', service: 'v2' }] }] }),
        ing({ name: 'fallback', created: '2024-01-03T00:00:00Z', defaultBackend: { service: 'fallback', port: 80 } }),
      ]),
      opts,
    );
    expect(vsFor(res, 'b.test').spec.http).toEqual([{ name: 'b.test:no-route', match: [{ uri: { prefix: '/' } }], directResponse: { status: 404 } }]);
    expect(view(vsFor(res, '*').spec.http)).toEqual(['prefix:/ -> fallback:80']);
  });

  it('emits nothing for such a host when no other routes could take it', () => {
    const res = convert(
      inputOf([
        ing({ name: 'canary', created: '2024-01-01T00:00:00Z', annotations: { [A('canary')]: 'true', [A('canary-weight')]: '10' }, rules: [{ host: 'a.test', paths: [{ path: '/', service: 'v2' }] }] }),
        ing({ name: 'b', created: '2024-01-02T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/', service: 'v2' }] }] }),
      ]),
      opts,
    );
    expect(res.resources.filter((r) => r.kind === 'VirtualService')).toEqual([]);
  });
});
