import { describe, expect, it } from 'vitest';
import { convert } from '../../src/engine/convert.js';
import type { DestinationRule, HTTPRoute, VirtualService, Gateway } from '../../src/istio/types.js';
import { defaultOptions } from '../../src/model/options.js';
import type { Rule } from '../../rules/types.js';
import { ing, inputOf, svc, vsFor } from '../helpers/model.js';

const opts = defaultOptions();

/** A stand-in rule set: the real ingress-nginx rules are tested on their own; here we pin the engine. */
const testRules: Rule[] = [
  {
    meta: {
      id: 'test/nginx',
      controller: 'ingress-nginx',
      description: 'test',
      keys: ['use-regex', 'rewrite-target', 'canary', 'canary-by-header', 'canary-weight', 'canary-by-cookie', 'app-root', 'ssl-redirect', 'permanent-redirect'].map((k) => ({
        key: `nginx.ingress.kubernetes.io/${k}`,
        support: 'full' as const,
        istio: 'test',
        advice: 'test',
      })),
    },
    create(ctx) {
      const g = (k: string) => ctx.get(`nginx.ingress.kubernetes.io/${k}`);
      const key = (k: string) => `nginx.ingress.kubernetes.io/${k}`;
      if (g('use-regex') === 'true') ctx.intents.regexPaths = { key: key('use-regex'), caseInsensitive: true };
      if (g('rewrite-target') !== undefined) ctx.intents.rewriteTarget = { key: key('rewrite-target'), target: g('rewrite-target')! };
      if (g('app-root')) ctx.intents.appRoot = { key: key('app-root'), path: g('app-root')!, code: 302 };
      if (g('ssl-redirect') !== undefined) ctx.intents.httpsRedirect = { key: key('ssl-redirect'), enabled: g('ssl-redirect') === 'true' };
      if (g('permanent-redirect')) ctx.intents.redirect = { key: key('permanent-redirect'), url: g('permanent-redirect')!, code: 301 };
      if (g('canary') === 'true') {
        ctx.intents.canary = {
          key: key('canary'),
          ...(g('canary-by-header') ? { header: g('canary-by-header') } : {}),
          ...(g('canary-by-cookie') ? { cookie: g('canary-by-cookie') } : {}),
          ...(g('canary-weight') ? { weight: Number(g('canary-weight')) } : {}),
        };
      }
    },
  },
];
const deps = { rules: { 'ingress-nginx': testRules } };


/** Compact view of the routes: uri matches and the action. */
function view(routes: HTTPRoute[] | undefined): string[] {
  return (routes ?? []).map((r) => {
    const m = (r.match ?? [{}])
      .map((x) => {
        const u = x.uri ? Object.entries(x.uri).map(([k, v]) => `${k}:${v}`)[0] : '*';
        const extra = [x.port ? `port=${x.port}` : '', ...Object.entries(x.headers ?? {}).map(([h, v]) => `${h}=${JSON.stringify(v)}`)].filter(Boolean).join(',');
        return extra ? `${u}[${extra}]` : u;
      })
      .join('|');
    let a: string;
    if (r.redirect) a = `redirect ${r.redirect.redirectCode}${r.redirect.scheme ? ` ${r.redirect.scheme}` : ''}${r.redirect.uri ? ` ${r.redirect.uri}` : ''}`;
    else a = r.route!.map((d) => `${d.destination.host.split('.')[0]}:${d.destination.port?.number ?? '-'}${d.weight !== undefined ? `@${d.weight}` : ''}`).join('+');
    return `${m} -> ${a}`;
  });
}

describe('path types', () => {
  it('Prefix /foo is element-wise: exact /foo OR prefix /foo/, never a bare string prefix', () => {
    const res = convert(inputOf([ing({ name: 'a', rules: [{ host: 'h.example.com', paths: [{ path: '/foo', service: 'foo' }] }] })]), opts, deps);
    const routes = vsFor(res, 'h.example.com').spec.http!;
    expect(view(routes)).toEqual(['exact:/foo|prefix:/foo/ -> foo:80']);
    // the wrong translation a naive converter produces
    expect(routes[0]!.match!.some((m) => m.uri?.prefix === '/foo')).toBe(false);
  });

  it('Prefix / matches everything and Exact stays exact', () => {
    const res = convert(
      inputOf([ing({ name: 'a', rules: [{ host: 'h', paths: [{ path: '/', service: 'root' }, { path: '/healthz', type: 'Exact', service: 'health' }] }] })]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/healthz -> health:80', 'prefix:/ -> root:80']);
  });

  it('a trailing slash in the rule is ignored by the Ingress spec (controller without own semantics)', () => {
    const res = convert(inputOf([ing({ name: 'a', controller: 'unknown', rules: [{ host: 'h', paths: [{ path: '/foo/', service: 'foo' }] }] })]), opts, deps);
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/foo|prefix:/foo/ -> foo:80']);
  });

  it('ingress-nginx Prefix /foo/ serves /foo/… and answers /foo with a 301 to /foo/', () => {
    const res = convert(inputOf([ing({ name: 'a', rules: [{ host: 'h', paths: [{ path: '/foo/', service: 'foo' }] }] })]), opts, deps);
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['prefix:/foo/ -> foo:80', 'exact:/foo -> redirect 301 /foo/']);
  });

  it('ImplementationSpecific is Prefix for ingress-nginx, and reported as assumed for an unknown controller', () => {
    const a = convert(inputOf([ing({ name: 'a', rules: [{ host: 'h', paths: [{ path: '/x', type: 'ImplementationSpecific' }] }] })]), opts, deps);
    expect(view(vsFor(a, 'h').spec.http)).toEqual(['exact:/x|prefix:/x/ -> svc:80']);
    expect(a.findings.filter((f) => f.key.endsWith('pathType'))).toEqual([]);
    const b = convert(inputOf([ing({ name: 'b', controller: 'unknown', rules: [{ host: 'h', paths: [{ path: '/x', type: 'ImplementationSpecific' }] }] })]), opts, deps);
    const f = b.findings.find((x) => x.key === 'spec.rules[0].http.paths[0].pathType');
    expect(f?.level).toBe('partial');
    expect(f?.message).toMatch(/treated as Prefix/);
  });
});

describe('precedence', () => {
  it('longest path first across Ingresses merged into one VirtualService per host; Exact before Prefix on a tie', () => {
    const res = convert(
      inputOf([
        ing({ name: 'a', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'root' }, { path: '/api', service: 'api' }] }] }),
        ing({ name: 'b', created: '2024-02-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/api/v2', service: 'v2' }, { path: '/api', type: 'Exact', service: 'apiexact' }] }] }),
      ]),
      opts,
      deps,
    );
    const vss = res.resources.filter((r) => r.kind === 'VirtualService');
    expect(vss).toHaveLength(1);
    // Exact /api owns `= /api`, so Prefix /api keeps only `/api/` (as ingress-nginx does)
    expect(view(vsFor(res, 'h').spec.http)).toEqual([
      'exact:/api/v2|prefix:/api/v2/ -> v2:80',
      'prefix:/api/ -> api:80',
      'exact:/api -> apiexact:80',
      'prefix:/ -> root:80',
    ]);
    expect(vss[0]!.metadata.annotations!['ingress2istio.io/source']).toBe('default/a,default/b');
  });

  it('same host+path+pathType in two Ingresses: the older one wins and the conflict is reported', () => {
    const res = convert(
      inputOf([
        ing({ name: 'new', created: '2024-05-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/x', service: 'new' }] }] }),
        ing({ name: 'old', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/x', service: 'old' }] }] }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/x|prefix:/x/ -> old:80']);
    const f = res.findings.find((x) => x.ingress.name === 'new' && x.tags?.includes('conflict'));
    expect(f?.message).toMatch(/already served by Ingress default\/old/);
  });
});

describe('ingress-nginx regex mode', () => {
  it('use-regex on one Ingress makes every path of the host a case-insensitive, start-anchored regex, in nginx order', () => {
    const res = convert(
      inputOf([
        ing({ name: 'plain', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/foo', service: 'foo' }, { path: '/exact', type: 'Exact', service: 'ex' }] }] }),
        ing({ name: 're', created: '2024-02-01T00:00:00Z', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' }, rules: [{ host: 'h', paths: [{ path: '/foo/bar/[A-Z0-9]{3}', type: 'ImplementationSpecific', service: 're' }] }] }),
        ing({ name: 'other', rules: [{ host: 'other', paths: [{ path: '/foo', service: 'foo' }] }] }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual([
      'regex:(?i)^/foo/bar/[A-Z0-9]{3}.* -> re:80',
      'regex:(?i)^/exact.* -> ex:80',
      'regex:(?i)^/foo/.* -> foo:80',
      'regex:(?i)^/foo.* -> foo:80',
    ]);
    // other hosts are not affected
    expect(view(vsFor(res, 'other').spec.http)).toEqual(['exact:/foo|prefix:/foo/ -> foo:80']);
  });

  it('rewrite-target becomes a whole-path uriRegexRewrite with $n → \\n, never a prefix rewrite', () => {
    const res = convert(
      inputOf([
        ing({ name: 'rw', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' }, rules: [{ host: 'h', paths: [{ path: '/something(/|$)(.*)', type: 'ImplementationSpecific', service: 'app' }] }] }),
      ]),
      opts,
      deps,
    );
    const r = vsFor(res, 'h').spec.http![0]!;
    expect(r.match).toEqual([{ uri: { regex: '(?i)^/something(/|$)(.*).*' } }]);
    expect(r.rewrite).toEqual({ uriRegexRewrite: { match: '(?i)^/something(/|$)(.*).*', rewrite: '/\\2' } });
    expect(r.rewrite?.uri).toBeUndefined();
  });

  it('a PCRE-only path regex is reported and not emitted', () => {
    const res = convert(
      inputOf([ing({ name: 'pcre', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' }, rules: [{ host: 'h', paths: [{ path: '/(?!admin).*', type: 'ImplementationSpecific' }, { path: '/ok' }] }] })]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['regex:(?i)^/ok.* -> svc:80']);
    const f = res.findings.find((x) => x.key === 'spec.rules[0].http.paths[0].path');
    expect(f?.level).toBe('unsupported');
    expect(f?.message).toMatch(/look-ahead/);
  });
});

describe('hosts', () => {
  it('rules without host and spec.defaultBackend of a rule-less Ingress go to the catch-all host *, default backend last', () => {
    const res = convert(
      inputOf([
        ing({ name: 'c', rules: [{ paths: [{ path: '/foo', service: 'foo' }, { path: '/', service: 'root' }] }] }),
        ing({ name: 'd', defaultBackend: { service: 'fallback', port: 8080 } }),
      ]),
      opts,
      deps,
    );
    const vs = vsFor(res, '*');
    expect(vs.metadata.name).toBe('catch-all');
    // the default backend takes the root location even from the hostless Prefix / rule (ingress-nginx)
    expect(view(vs.spec.http)).toEqual(['exact:/foo|prefix:/foo/ -> foo:80', 'prefix:/ -> fallback:8080']);
    expect(res.findings.find((f) => f.ingress.name === 'c' && f.key.endsWith('paths[1].path'))?.message).toMatch(/taken by the default backend of Ingress default\/d/);
    // in the gateway namespace, so Istio never merges the catch-all into another host of `default`
    expect(vs.metadata.namespace).toBe('istio-system');
    const gw = res.resources.find((r) => r.kind === 'Gateway') as Gateway;
    expect(gw.spec.servers![0]!.hosts).toEqual(['istio-system/*']);
  });

  it('the default backend of an Ingress with rules serves only its own hosts, not the catch-all', () => {
    const res = convert(inputOf([ing({ name: 'e', rules: [{ host: 'h', paths: [{ path: '/api', service: 'api' }] }], defaultBackend: { service: 'fallback', port: 80 } })]), opts, deps);
    expect(res.resources.some((r) => r.kind === 'VirtualService' && (r as VirtualService).spec.hosts?.[0] === '*')).toBe(false);
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/api|prefix:/api/ -> api:80', 'prefix:/ -> fallback:80']);
  });

  it('an Ingress with only a defaultBackend produces a catch-all route', () => {
    const res = convert(inputOf([ing({ name: 'd', defaultBackend: { service: 'fallback', port: 80 } })]), opts, deps);
    const vs = res.resources.find((r) => r.kind === 'VirtualService') as VirtualService | undefined;
    expect(vs?.spec.hosts).toEqual(['*']);
    expect(view(vs?.spec.http)).toEqual(['prefix:/ -> fallback:80']);
  });

  it('wildcard hosts keep the one-label rule with an authority match', () => {
    const res = convert(inputOf([ing({ name: 'w', rules: [{ host: '*.example.com', paths: [{ path: '/' }] }] })]), opts, deps);
    const r = vsFor(res, '*.example.com').spec.http![0]!;
    expect(r.match![0]!.authority).toEqual({ regex: '(?i)[^.]+\\.example\\.com(:[0-9]+)?' });
    expect(res.findings.some((f) => f.tags?.includes('wildcard-widening'))).toBe(true);
  });

  it('destination hosts are FQDNs and named ports resolve through the Service', () => {
    const res = convert(
      inputOf([ing({ name: 'n', namespace: 'shop', rules: [{ host: 'h', paths: [{ path: '/', service: 'web', port: 'http' }] }] })], [svc('shop', 'web', [{ name: 'http', port: 8080 }])]),
      opts,
      deps,
    );
    expect(vsFor(res, 'h').spec.http![0]!.route).toEqual([{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 8080 } } }]);
  });

  it('an unresolvable named port is reported and the port omitted', () => {
    const res = convert(inputOf([ing({ name: 'n', rules: [{ host: 'h', paths: [{ path: '/', service: 'web', port: 'http' }] }] })]), opts, deps);
    expect(vsFor(res, 'h').spec.http![0]!.route).toEqual([{ destination: { host: 'web.default.svc.cluster.local' } }]);
    expect(res.findings.find((f) => f.key.endsWith('port.name'))?.level).toBe('partial');
  });
});

describe('TLS and HTTPS redirect', () => {
  it('ingress-nginx TLS host: HTTPS server with the copied secret, 308 redirect on port 80 before each route, secret-copy action', () => {
    const res = convert(
      inputOf([ing({ name: 't', namespace: 'shop', rules: [{ host: 'shop.example.com', paths: [{ path: '/', service: 'web' }] }], tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] })]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'shop.example.com').spec.http)).toEqual(['prefix:/[port=80] -> redirect 308 https', 'prefix:/ -> web:80']);
    const gw = res.resources.find((r) => r.kind === 'Gateway') as Gateway;
    expect(gw.metadata.namespace).toBe('istio-system');
    expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gw.spec.servers).toEqual([
      { port: { number: 80, name: 'http-shop', protocol: 'HTTP' }, hosts: ['shop/shop.example.com'] },
      { port: { number: 443, name: 'https-shop-shop-tls-d01ad16b', protocol: 'HTTPS' }, hosts: ['shop/shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop.shop-tls' } },
    ]);
    const copy = res.findings.find((f) => f.tags?.includes('secret-copy'));
    expect(copy?.data?.command).toContain('kubectl get secret shop-tls -n shop');
    expect(copy?.data?.credentialName).toBe('istio-system/shop.shop-tls');
  });

  it('ssl-redirect "false" turns the redirect off; hosts without TLS are not redirected; ACME paths are exempt', () => {
    const res = convert(
      inputOf([
        ing({ name: 'off', annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }, rules: [{ host: 'a', paths: [{ path: '/' }] }], tls: [{ hosts: ['a'], secretName: 's' }] }),
        ing({ name: 'plain', rules: [{ host: 'b', paths: [{ path: '/' }] }] }),
        ing({ name: 'acme', rules: [{ host: 'c', paths: [{ path: '/.well-known/acme-challenge/tok', type: 'Exact', service: 'solver' }, { path: '/' }] }], tls: [{ hosts: ['c'], secretName: 's' }] }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'a').spec.http)).toEqual(['prefix:/ -> svc:80']);
    expect(view(vsFor(res, 'b').spec.http)).toEqual(['prefix:/ -> svc:80']);
    expect(view(vsFor(res, 'c').spec.http)).toEqual([
      'exact:/.well-known/acme-challenge/tok -> solver:80',
      'prefix:/[port=80] -> redirect 308 https',
      'prefix:/ -> svc:80',
    ]);
  });

  it('a controller without a redirect default (unknown) gets no redirect', () => {
    const res = convert(inputOf([ing({ name: 'u', controller: 'unknown', rules: [{ host: 'a', paths: [{ path: '/' }] }], tls: [{ hosts: ['a'], secretName: 's' }] })]), opts, deps);
    expect(view(vsFor(res, 'a').spec.http)).toEqual(['prefix:/ -> svc:80']);
  });
});

describe('canary (ingress-nginx)', () => {
  it('header always/never, then weight, merged into the primary routes', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'v1' }] }] }),
        ing({
          name: 'canary',
          created: '2024-02-01T00:00:00Z',
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary', 'nginx.ingress.kubernetes.io/canary-weight': '20' },
          rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }],
        }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual([
      'prefix:/[x-canary={"exact":"never"}] -> v1:80',
      'prefix:/[x-canary={"exact":"always"}] -> v2:80',
      'prefix:/ -> v1:80@80+v2:80@20',
    ]);
  });

  it('a canary without a primary has no effect and is reported', () => {
    const res = convert(
      inputOf([ing({ name: 'lonely', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '50' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }] })]),
      opts,
      deps,
    );
    expect(res.resources.filter((r) => r.kind === 'VirtualService')).toHaveLength(0);
    expect(res.findings.some((f) => /no primary Ingress/.test(f.message))).toBe(true);
  });
});

describe('findings and output', () => {
  it('every annotation gets a finding; unknown ones are unsupported with a suggestion for typos', () => {
    const res = convert(
      inputOf([ing({ name: 'x', annotations: { 'nginx.ingress.kubernetes.io/use-regexp': 'true', 'example.com/whatever': '1', 'projectcontour.io/response-timeout': '5s' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]),
      opts,
      deps,
    );
    const byKey = Object.fromEntries(res.findings.map((f) => [f.key, f]));
    expect(byKey['nginx.ingress.kubernetes.io/use-regexp']?.level).toBe('unsupported');
    expect(byKey['nginx.ingress.kubernetes.io/use-regexp']?.message).toMatch(/did you mean nginx\.ingress\.kubernetes\.io\/use-regex\?/);
    expect(byKey['example.com/whatever']?.level).toBe('unsupported');
    expect(byKey['projectcontour.io/response-timeout']?.level).toBe('ignored');
    expect(byKey['projectcontour.io/response-timeout']?.tags).toContain('foreign-controller');
  });

  it('is deterministic: input order does not change the output', () => {
    const a = ing({ name: 'a', created: '2024-01-01T00:00:00Z', rules: [{ host: 'x', paths: [{ path: '/a' }] }, { host: 'y', paths: [{ path: '/' }] }] });
    const b = ing({ name: 'b', created: '2024-01-02T00:00:00Z', namespace: 'other', rules: [{ host: 'z', paths: [{ path: '/b' }] }] });
    const r1 = convert(inputOf([a, b]), opts, deps);
    const r2 = convert(inputOf([b, a]), opts, deps);
    expect(JSON.stringify(r1.resources)).toBe(JSON.stringify(r2.resources));
    expect(JSON.stringify(r1.findings)).toBe(JSON.stringify(r2.findings));
  });
});

describe('more ingress-nginx details', () => {
  it('paths no Ingress claims on a TLS host are redirected too (the server root location), after the claimed paths', () => {
    const res = convert(inputOf([ing({ name: 't', rules: [{ host: 'h', paths: [{ path: '/api', service: 'api' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]), opts, deps);
    expect(view(vsFor(res, 'h').spec.http)).toEqual([
      'exact:/api[port=80]|prefix:/api/[port=80] -> redirect 308 https',
      'exact:/api|prefix:/api/ -> api:80',
      'prefix:/[port=80] -> redirect 308 https',
    ]);
  });

  it('a rewrite reference to a group the path does not have expands to nothing, as in nginx', () => {
    const res = convert(
      inputOf([ing({ name: 'rw', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/new/$1/$3' }, rules: [{ host: 'h', paths: [{ path: '/old/(.*)', type: 'ImplementationSpecific' }] }] })]),
      opts,
      deps,
    );
    expect(vsFor(res, 'h').spec.http![0]!.rewrite).toEqual({ uriRegexRewrite: { match: '(?i)^/old/(.*).*', rewrite: '/new/\\1/' } });
  });
});

describe('other controllers', () => {
  it('NGINX Inc: Prefix is a plain string prefix, /p/ answers /p with a 301, TLS hosts redirect with 301', () => {
    const res = convert(
      inputOf([ing({ name: 'n', controller: 'nginx-inc', rules: [{ host: 'h', paths: [{ path: '/tea', service: 'tea' }, { path: '/coffee/', service: 'coffee' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]),
      opts,
      { rules: {} },
    );
    const v = view(vsFor(res, 'h').spec.http);
    expect(v).toContain('prefix:/tea -> tea:80');
    expect(v).toContain('prefix:/coffee/ -> coffee:80');
    expect(v).toContain('exact:/coffee -> redirect 301 /coffee/');
    expect(v).toContain('prefix:/tea[port=80] -> redirect 301 https');
  });

  it('Contour: element-wise Prefix, no HTTPS redirect by default, Envoy route defaults written out', () => {
    const res = convert(
      inputOf([ing({ name: 'c', controller: 'contour', rules: [{ host: 'h', paths: [{ path: '/foo', service: 'foo' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]),
      opts,
      { rules: {} },
    );
    const routes = vsFor(res, 'h').spec.http!;
    expect(view(routes)).toEqual(['exact:/foo|prefix:/foo/ -> foo:80']);
    expect(routes[0]!.timeout).toBe('15s');
    expect(routes[0]!.retries).toEqual({ attempts: 0 });
  });

  it('haproxytech: TLS Ingress hosts redirect with 302 and the port quirk is reported', () => {
    const res = convert(
      inputOf([ing({ name: 'hp', controller: 'haproxytech', rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]),
      opts,
      { rules: {} },
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['prefix:/[port=80] -> redirect 302 https', 'prefix:/ -> web:80']);
    expect(res.findings.find((f) => f.key === 'spec.tls' && f.ingress.name === 'hp')?.message).toMatch(/port 8443/);
  });
});

describe('consume or report (engine side)', () => {
  const patchRule: Rule = {
    meta: { id: 'test/patch', controller: 'ingress-nginx', description: 't', keys: [{ key: 'nginx.ingress.kubernetes.io/proxy-read-timeout', support: 'partial', istio: 't', advice: 't' }] },
    create(ctx) {
      ctx.intents.routePatches.push({ key: 'nginx.ingress.kubernetes.io/proxy-read-timeout', patch: { timeout: '30s' } });
      ctx.report({ key: 'nginx.ingress.kubernetes.io/proxy-read-timeout', level: 'partial', message: 'timeout 30s' });
    },
  };
  const rules = { rules: { 'ingress-nginx': [...testRules, patchRule] } };

  it('a route setting lands in the VirtualService and its finding names it', () => {
    const res = convert(inputOf([ing({ name: 'p', annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]), opts, rules);
    expect(vsFor(res, 'h').spec.http![0]!.timeout).toBe('30s');
    const f = res.findings.find((x) => x.key === 'nginx.ingress.kubernetes.io/proxy-read-timeout')!;
    expect(f.level).toBe('partial');
    expect(f.istio).toEqual(['VirtualService/default/h']);
  });

  it('a setting on a canary Ingress is not applied and no longer reported as converted', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'v1' }] }] }),
        ing({
          name: 'can',
          created: '2024-01-02T00:00:00Z',
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '5', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' },
          rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }],
        }),
      ]),
      opts,
      rules,
    );
    expect(vsFor(res, 'h').spec.http![0]!.timeout).toBeUndefined();
    const f = res.findings.find((x) => x.ingress.name === 'can' && x.key === 'nginx.ingress.kubernetes.io/proxy-read-timeout')!;
    expect(f.level).toBe('ignored');
    expect(f.message).toMatch(/canary Ingress/);
  });
});

describe('rule dispatch', () => {
  const svcRule: Rule = {
    meta: {
      id: 'test/svc',
      controller: 'contour',
      description: 't',
      keys: [
        { key: 'projectcontour.io/max-connections', support: 'full', istio: 'DR', advice: 't', on: 'service' },
        { key: 'example.org/backend.*', support: 'partial', istio: 'x', advice: 't' },
      ],
    },
    create(ctx) {
      for (const k of ctx.presentKeys) ctx.report({ key: k, level: 'partial', message: `seen ${k}` });
      const s = ctx.service(ctx.ingress.namespace, 'web');
      const v = s?.annotations['projectcontour.io/max-connections'];
      if (v) {
        ctx.intents.trafficPolicies.push({ key: 'projectcontour.io/max-connections', service: 'web', policy: { connectionPool: { tcp: { maxConnections: Number(v) } } } });
        ctx.report({ key: 'projectcontour.io/max-connections', level: 'converted', message: `max ${v}` });
      }
    },
  };
  const rules = { rules: { contour: [svcRule] } };

  it('a rule whose key is on the backend Service runs even when the Ingress has none of its keys', () => {
    const s = { ...svc('default', 'web', [{ port: 80 }]), annotations: { 'projectcontour.io/max-connections': '64' } };
    const res = convert(inputOf([ing({ name: 'c', controller: 'contour', rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }] })], [s]), opts, rules);
    const dr = res.resources.find((r) => r.kind === 'DestinationRule') as DestinationRule;
    expect(dr.metadata.name).toBe('default.web');
    expect(dr.spec.trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 64 } } });
    expect(res.findings.find((f) => f.key === 'projectcontour.io/max-connections')?.istio).toEqual(['DestinationRule/istio-system/default.web']);
  });

  it('a Service-only key written on the Ingress is reported as having had no effect', () => {
    const res = convert(inputOf([ing({ name: 'c', controller: 'contour', annotations: { 'projectcontour.io/max-connections': '64' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]), opts, rules);
    const f = res.findings.find((x) => x.key === 'projectcontour.io/max-connections')!;
    expect(f.level).toBe('ignored');
    expect(f.message).toMatch(/from the backend Service/);
    expect(res.resources.some((r) => r.kind === 'DestinationRule')).toBe(false);
  });

  it('keys declared as families with * are owned by their rule', () => {
    const res = convert(inputOf([ing({ name: 'c', controller: 'contour', annotations: { 'example.org/backend.timeout': '5s' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]), opts, rules);
    const f = res.findings.find((x) => x.key === 'example.org/backend.timeout')!;
    expect(f.rule).toBe('test/svc');
    expect(f.level).toBe('partial');
  });
});

describe('ingress-nginx server and location details (found by verify)', () => {
  it('Exact /foo/ also answers /foo with a 301 (nginx redirects to the location with the slash)', () => {
    const res = convert(inputOf([ing({ name: 'x', rules: [{ host: 'h', paths: [{ path: '/foo/', type: 'Exact', service: 'foo' }] }] })]), opts, deps);
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/foo/ -> foo:80', 'exact:/foo -> redirect 301 /foo/']);
  });

  it('in regex mode an Exact / is shadowed by the root location and reported', () => {
    const res = convert(
      inputOf([ing({ name: 'r', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' }, rules: [{ host: 'h', paths: [{ path: '/', type: 'Exact', service: 'root' }, { path: '/a', service: 'a' }] }] })]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['regex:(?i)^/a.* -> a:80']);
    expect(res.findings.find((f) => f.tags?.includes('shadowed'))?.message).toMatch(/Exact \/ is never reached/);
  });

  it('a canary path without a primary deletes the canary for all its paths', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/a', service: 'v1' }] }] }),
        ing({
          name: 'can',
          created: '2024-01-02T00:00:00Z',
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '50' },
          rules: [{ host: 'h', paths: [{ path: '/a', service: 'v2' }, { path: '/nope', service: 'v2' }] }],
        }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/a|prefix:/a/ -> v1:80']);
  });

  it('a canary Ingress TLS section gives no certificate, so no HTTPS redirect; a rule host of a TLS Ingress has one even when not listed', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'v1' }] }] }),
        ing({ name: 'can', created: '2024-01-02T00:00:00Z', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }], tls: [{ hosts: ['h'], secretName: 's' }] }),
        ing({ name: 'other', rules: [{ host: 'k', paths: [{ path: '/', service: 'k' }] }], tls: [{ hosts: ['unrelated.example.com'], secretName: 't' }] }),
      ]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['prefix:/ -> v1:80']);
    expect(view(vsFor(res, 'k').spec.http)).toEqual(['prefix:/[port=80] -> redirect 308 https', 'prefix:/ -> k:80']);
  });

  it('unmatched paths of a host get the permanent redirect of the Ingress that created the host, not the HTTPS redirect', () => {
    const res = convert(
      inputOf([ing({ name: 'm', annotations: { 'nginx.ingress.kubernetes.io/permanent-redirect': 'https://moved.test/here' }, rules: [{ host: 'h', paths: [{ path: '/a' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]),
      opts,
      deps,
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['exact:/a|prefix:/a/ -> redirect 301 https /here', '* -> redirect 301 https /here'.replace('*', 'prefix:/')]);
  });
});

describe('HTTPS-only and redirect ports', () => {
  const r: Rule = {
    meta: { id: 'test/https', controller: 'contour', description: 't', keys: [{ key: 'x.test/https-only', support: 'full', istio: 't', advice: 't' }, { key: 'x.test/redirect-port', support: 'full', istio: 't', advice: 't' }] },
    create(ctx) {
      if (ctx.has('x.test/https-only')) ctx.intents.httpDisabled = { key: 'x.test/https-only' };
      if (ctx.has('x.test/redirect-port')) ctx.intents.httpsRedirect = { key: 'x.test/redirect-port', enabled: true, force: true, code: 302, port: Number(ctx.get('x.test/redirect-port')) };
      for (const k of ctx.presentKeys) ctx.report({ key: k, level: 'converted', message: k });
    },
  };
  const rules = { rules: { contour: [r] } };
  it('an HTTPS-only Ingress matches only on port 443', () => {
    const res = convert(inputOf([ing({ name: 'h', controller: 'contour', annotations: { 'x.test/https-only': 'false' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]), opts, rules);
    expect(vsFor(res, 'h').spec.http![0]!.match).toEqual([{ uri: { prefix: '/' }, port: 443 }]);
  });
  it('an HTTPS redirect to another port carries redirect.port', () => {
    const res = convert(inputOf([ing({ name: 'p', controller: 'contour', annotations: { 'x.test/redirect-port': '8443' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }] })]), opts, rules);
    expect(vsFor(res, 'h').spec.http![0]!.redirect).toEqual({ scheme: 'https', port: 8443, redirectCode: 302 });
  });
});

describe('rejected Ingresses', () => {
  it('an Ingress the controller rejected as a whole produces nothing, and says so', () => {
    const rej: Rule = {
      meta: { id: 'test/rej', controller: 'nginx-inc', description: 't', keys: [{ key: 'nginx.org/bad', support: 'full', istio: 't', advice: 't' }] },
      create(ctx) {
        ctx.report({ key: 'nginx.org/bad', level: 'error', message: 'invalid: NGINX Inc rejects the Ingress', tags: ['rejected'] });
      },
    };
    const res = convert(
      inputOf([
        ing({ name: 'bad', controller: 'nginx-inc', annotations: { 'nginx.org/bad': 'x' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] }),
        ing({ name: 'good', controller: 'nginx-inc', rules: [{ host: 'k', paths: [{ path: '/' }] }] }),
      ]),
      opts,
      { rules: { 'nginx-inc': [rej] } },
    );
    expect(res.resources.filter((r) => r.kind === 'VirtualService').map((r) => (r as VirtualService).spec.hosts)).toEqual([['k']]);
    expect(res.findings.find((f) => f.ingress.name === 'bad' && f.key === 'metadata')?.message).toMatch(/rejected this Ingress as a whole/);
  });
});

describe('controller defaults Istio lacks', () => {
  it('an ingress-nginx Ingress without body-size or timeout annotations gets one finding for each default', () => {
    const res = convert(inputOf([ing({ name: 'plain', rules: [{ host: 'h', paths: [{ path: '/' }] }] })]), opts, deps);
    const keys = res.findings.filter((f) => f.tags?.includes('controller-default')).map((f) => f.key);
    expect(keys).toEqual(['default:ingress-nginx-body-size', 'default:ingress-nginx-read-timeout']);
  });
  it('an annotation, or proxy-body-size "0" in the ConfigMap, means the default did not apply', () => {
    const res = convert(
      inputOf([ing({ name: 'set', annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]),
      defaultOptions({ nginxConfig: { 'proxy-body-size': '0' } }),
      deps,
    );
    expect(res.findings.filter((f) => f.tags?.includes('controller-default'))).toEqual([]);
  });
});

describe('VirtualServices built by rules', () => {
  it('their hosts are admitted by the Gateway HTTP server of their namespace', () => {
    const extra: Rule = {
      meta: { id: 'test/www', controller: 'ingress-nginx', description: 't', keys: [{ key: 'nginx.ingress.kubernetes.io/from-to-www-redirect', support: 'partial', istio: 't', advice: 't' }] },
      create(ctx) {
        ctx.intents.resources.push({
          key: 'nginx.ingress.kubernetes.io/from-to-www-redirect',
          resource: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'www-redirect', namespace: 'istio-system' }, spec: { hosts: ['example.com'], gateways: ['istio-system/ingress2istio'], http: [{ redirect: { authority: 'www.example.com', redirectCode: 308 } }] } },
        });
        ctx.report({ key: 'nginx.ingress.kubernetes.io/from-to-www-redirect', level: 'partial', message: 'www' });
      },
    };
    const res = convert(inputOf([ing({ name: 'w', namespace: 'web', annotations: { 'nginx.ingress.kubernetes.io/from-to-www-redirect': 'true' }, rules: [{ host: 'www.example.com', paths: [{ path: '/' }] }] })]), opts, { rules: { 'ingress-nginx': [extra] } });
    const gw = res.resources.find((r) => r.kind === 'Gateway') as Gateway;
    expect(gw.spec.servers!.map((s) => s.hosts)).toEqual([['istio-system/example.com'], ['web/www.example.com']]);
  });
});

describe('app-root of other controllers', () => {
  it('an app-root intent of any controller becomes the host-wide redirect of /', () => {
    const r: Rule = {
      meta: { id: 'test/approot', controller: 'haproxy-ingress', description: 't', keys: [{ key: 'haproxy-ingress.github.io/app-root', support: 'full', istio: 't', advice: 't' }] },
      create(ctx) {
        ctx.intents.appRoot = { key: 'haproxy-ingress.github.io/app-root', path: ctx.get('haproxy-ingress.github.io/app-root')!, code: 302 };
        ctx.report({ key: 'haproxy-ingress.github.io/app-root', level: 'converted', message: 'app-root' });
      },
    };
    const res = convert(inputOf([ing({ name: 'd', controller: 'haproxy-ingress', annotations: { 'haproxy-ingress.github.io/app-root': '/en/' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'docs' }] }] })]), opts, { rules: { 'haproxy-ingress': [r] } });
    expect(view(vsFor(res, 'h').spec.http)[0]).toBe('exact:/ -> redirect 302 /en/');
    expect(res.findings.find((f) => f.key === 'haproxy-ingress.github.io/app-root')?.level).toBe('converted');
  });
});

describe('NGINX Inc host ownership', () => {
  it('the oldest Ingress owns a host; the rules of a newer one for it are reported and not served', () => {
    const res = convert(
      inputOf([
        ing({ name: 'old', controller: 'nginx-inc', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/a', service: 'a' }] }] }),
        ing({ name: 'new', controller: 'nginx-inc', created: '2024-02-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/b', service: 'b' }] }] }),
      ]),
      opts,
      { rules: {} },
    );
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['prefix:/a -> a:80']);
    expect(res.findings.find((f) => f.ingress.name === 'new' && f.tags?.includes('not-served'))?.message).toMatch(/taken by the older Ingress default\/old/);
  });
});

describe('NGINX Inc mergeable Ingresses', () => {
  it('a minion inherits the master\'s timeout (it does not set one) and its routes carry it', () => {
    const res = convert(
      inputOf([
        ing({ name: 'master', controller: 'nginx-inc', created: '2024-01-01T00:00:00Z', annotations: { 'nginx.org/mergeable-ingress-type': 'master', 'nginx.org/proxy-read-timeout': '90s' }, rules: [{ host: 'cafe.example.com', paths: [] }] }),
        ing({ name: 'tea', controller: 'nginx-inc', created: '2024-01-02T00:00:00Z', annotations: { 'nginx.org/mergeable-ingress-type': 'minion' }, rules: [{ host: 'cafe.example.com', paths: [{ path: '/tea', service: 'tea' }] }] }),
        ing({ name: 'coffee', controller: 'nginx-inc', created: '2024-01-03T00:00:00Z', annotations: { 'nginx.org/mergeable-ingress-type': 'minion', 'nginx.org/proxy-read-timeout': '10s' }, rules: [{ host: 'cafe.example.com', paths: [{ path: '/coffee', service: 'coffee' }] }] }),
      ]),
      opts,
    );
    const routes = vsFor(res, 'cafe.example.com').spec.http!;
    const byPath = Object.fromEntries(routes.map((r) => [r.match![0]!.uri!.prefix, r.timeout]));
    expect(byPath['/tea']).toBe('90s');
    expect(byPath['/coffee']).toBe('10s');
  });
});

describe('delegated TLS secrets', () => {
  it('a secret delegated from another namespace is copied from there', () => {
    const r: Rule = {
      meta: { id: 'test/deleg', controller: 'contour', description: 't', keys: [{ key: 'projectcontour.io/tls-cert-namespace', support: 'partial', istio: 't', advice: 't' }] },
      create(ctx) {
        ctx.intents.tlsSecretNamespace = { key: 'projectcontour.io/tls-cert-namespace', namespace: ctx.get('projectcontour.io/tls-cert-namespace')! };
        ctx.report({ key: 'projectcontour.io/tls-cert-namespace', level: 'partial', message: 'delegated' });
      },
    };
    const res = convert(
      inputOf([ing({ name: 'c', namespace: 'blog', controller: 'contour', annotations: { 'projectcontour.io/tls-cert-namespace': 'certs' }, rules: [{ host: 'h', paths: [{ path: '/' }] }], tls: [{ hosts: ['h'], secretName: 'wild' }] })]),
      opts,
      { rules: { contour: [r] } },
    );
    const gw = res.resources.find((x) => x.kind === 'Gateway') as Gateway;
    expect(gw.spec.servers!.find((s) => s.port.number === 443)!.tls!.credentialName).toBe('certs.wild');
    expect(res.findings.find((f) => f.tags?.includes('secret-copy') && f.rule === 'core')?.data?.command).toContain('kubectl get secret wild -n certs');
  });
});

describe('haproxy-ingress ACME exemption', () => {
  it('ACME challenge requests are not redirected to HTTPS, even under a / path', () => {
    const res = convert(
      inputOf([ing({ name: 'a', controller: 'haproxy-ingress', rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]),
      opts,
      { rules: {} },
    );
    const v = view(vsFor(res, 'h').spec.http);
    expect(v[0]).toBe('prefix:/.well-known/acme-challenge/[port=80] -> web:80');
    expect(v).toContain('prefix:/[port=80] -> redirect 302 https');
  });
});

describe('haproxytech prefix stripping (up to 3.1)', () => {
  it('a key of its own under a foreign prefix is reported as version-dependent', () => {
    const r: Rule = {
      meta: { id: 'test/hp', controller: 'haproxytech', description: 't', keys: [{ key: 'haproxy.org/ssl-redirect', support: 'full', istio: 't', advice: 't' }] },
      create() {},
    };
    const res = convert(inputOf([ing({ name: 'x', controller: 'haproxytech', annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }, rules: [{ host: 'h', paths: [{ path: '/' }] }] })]), opts, { rules: { haproxytech: [r] } });
    const f = res.findings.find((x) => x.key === 'nginx.ingress.kubernetes.io/ssl-redirect')!;
    expect(f.level).toBe('partial');
    expect(f.tags).toContain('version-dependent');
    expect(f.message).toMatch(/up to 3\.1 stripped any prefix/);
  });
});

describe('haproxy-ingress HSTS default', () => {
  it('TLS Ingresses keep the Strict-Transport-Security header haproxy-ingress added by default', () => {
    const res = convert(inputOf([ing({ name: 'a', controller: 'haproxy-ingress', rules: [{ host: 'h', paths: [{ path: '/', service: 'web' }] }], tls: [{ hosts: ['h'], secretName: 's' }] })]), opts, { rules: {} });
    const main = vsFor(res, 'h').spec.http!.find((r) => r.route && !r.match?.some((m) => m.uri?.prefix?.startsWith('/.well-known')));
    expect(main?.headers).toEqual({ response: { set: { 'strict-transport-security': 'max-age=15768000' } } });
    expect(res.findings.find((f) => f.key === 'default:haproxy-ingress-hsts')?.istio).toEqual(['VirtualService/default/h']);
  });
});

describe('ingress-nginx upstreams shared by canaries', () => {
  it('a normal path whose Service an older canary Ingress uses is never served (ingress-nginx#9458)', () => {
    const res = convert(
      inputOf([
        ing({ name: 'primary', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'v1' }] }] }),
        ing({ name: 'can', created: '2024-01-02T00:00:00Z', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }] }),
        ing({ name: 'late', created: '2024-01-03T00:00:00Z', rules: [{ host: 'k', paths: [{ path: '/', service: 'v2' }] }] }),
      ]),
      opts,
      deps,
    );
    expect(res.resources.some((r) => r.kind === 'VirtualService' && (r as VirtualService).spec.hosts?.[0] === 'k')).toBe(false);
    expect(res.findings.find((f) => f.ingress.name === 'late' && f.tags?.includes('canary'))?.message).toMatch(/9458/);
    expect(view(vsFor(res, 'h').spec.http)).toEqual(['prefix:/ -> v1:80@90+v2:80@10']);
  });
});

describe('rewrite-target equal to a Prefix path (real nginx rules)', () => {
  it('nginx expands /app to /app/, whose rewrite to /app is effective: regex mode, /app/x sent as /app', () => {
    const res = convert(inputOf([ing({ name: 'r', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/app' }, rules: [{ host: 'h', paths: [{ path: '/app', service: 'app' }] }] })]), opts);
    const routes = vsFor(res, 'h').spec.http!;
    expect(routes.map((r) => r.match![0]!.uri)).toEqual([{ regex: '(?i)^/app/.*' }, { regex: '(?i)^/app.*' }]);
    expect(routes[0]!.rewrite).toEqual({ uriRegexRewrite: { match: '(?i)^/app/.*', rewrite: '/app' } });
    expect(routes[1]!.rewrite).toBeUndefined();
  });
});

describe('routing cases pinned in review', () => {
  it('canary by cookie: never → primary, always → canary, matched on the whole Cookie header', () => {
    const res = convert(
      inputOf([
        ing({ name: 'main', created: '2024-01-01T00:00:00Z', rules: [{ host: 'h', paths: [{ path: '/', service: 'v1' }] }] }),
        ing({ name: 'can', created: '2024-01-02T00:00:00Z', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-cookie': 'beta.v2' }, rules: [{ host: 'h', paths: [{ path: '/', service: 'v2' }] }] }),
      ]),
      opts,
      deps,
    );
    const routes = vsFor(res, 'h').spec.http!;
    expect(routes.map((r) => [r.match![0]!.headers?.cookie?.regex, r.route!.map((d) => d.destination.host.split('.')[0])])).toEqual([
      ['^(.*?;\\s*)?beta\\.v2=never(;.*)?$', ['v1']],
      ['^(.*?;\\s*)?beta\\.v2=always(;.*)?$', ['v2']],
      [undefined, ['v1']],
    ]);
  });

  it('a wildcard TLS host keeps its one-label authority match on the HTTPS-redirect route too', () => {
    const res = convert(inputOf([ing({ name: 'w', rules: [{ host: '*.example.com', paths: [{ path: '/' }] }], tls: [{ hosts: ['*.example.com'], secretName: 'wild' }] })]), opts, deps);
    const [redirect, main] = vsFor(res, '*.example.com').spec.http!;
    expect(redirect!.match).toEqual([{ uri: { prefix: '/' }, authority: { regex: '(?i)[^.]+\\.example\\.com(:[0-9]+)?' }, port: 80 }]);
    expect(redirect!.redirect).toEqual({ scheme: 'https', redirectCode: 308 });
    expect(main!.match).toEqual([{ uri: { prefix: '/' }, authority: { regex: '(?i)[^.]+\\.example\\.com(:[0-9]+)?' } }]);
  });
});
