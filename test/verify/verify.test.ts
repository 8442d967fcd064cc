/**
 * verify() end to end on hand-written Istio output: the correct translation passes, and each
 * deliberately broken variant is caught as an unexplained difference.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/verify/index.js';
import type { Finding } from '../../src/model/findings.js';
import type { HTTPRoute, IstioResource, VirtualService } from '../../src/istio/types.js';
import { describeRequest } from '../../src/verify/request.js';
import { dest, gateway, httpServer, httpsServer, ing, inputSet, vs } from './build.js';

const input = inputSet([
  ing({
    ns: 'shop',
    name: 'web',
    host: 'shop.test',
    tls: [['shop.test']],
    paths: [
      { path: '/', svc: 'web' },
      { path: '/api', svc: 'api', port: 8080 },
      { path: '/exact', type: 'Exact', svc: 'exact' },
    ],
  }),
  ing({ ns: 'shop', name: 'ids', host: 'ids.test', ann: { 'use-regex': 'true' }, paths: [{ path: '/id/[0-9]+', type: 'ImplementationSpecific', svc: 'ids' }] }),
  ing({ ns: 'shop', name: 'rw', host: 'rw.test', ann: { 'rewrite-target': '/$2' }, paths: [{ path: '/svc(/|$)(.*)', type: 'ImplementationSpecific', svc: 'rw' }] }),
]);

const gw = gateway([httpServer(['*/shop.test', '*/ids.test', '*/rw.test']), httpsServer(['*/shop.test'])]);
const opts = { ns: 'shop', gateways: ['istio-system/gw'] };
const shopHttps: HTTPRoute[] = [
  { match: [{ uri: { exact: '/exact' }, port: 443 }], route: [dest('exact', 80, 'shop')] },
  { match: [{ uri: { exact: '/api' }, port: 443 }, { uri: { prefix: '/api/' }, port: 443 }], route: [dest('api', 8080, 'shop')] },
  { match: [{ uri: { prefix: '/' }, port: 443 }], route: [dest('web', 80, 'shop')] },
];
const shopRedirect: HTTPRoute = { match: [{ port: 80 }], redirect: { scheme: 'https', redirectCode: 308 } };
const idsRoutes: HTTPRoute[] = [{ match: [{ uri: { regex: '(?i)^/id/[0-9]+.*' } }], route: [dest('ids', 80, 'shop')] }];
const rwRoutes: HTTPRoute[] = [
  {
    match: [{ uri: { regex: '(?i)^/svc(/|$)(.*).*' } }],
    rewrite: { uriRegexRewrite: { match: '(?i)^/svc(/|$)(.*).*', rewrite: '/\\2' } },
    route: [dest('rw', 80, 'shop')],
  },
];

function istio(over: { shop?: HTTPRoute[]; ids?: HTTPRoute[]; rw?: VirtualService } = {}): IstioResource[] {
  return [
    gw,
    vs('shop-test', ['shop.test'], over.shop ?? [shopRedirect, ...shopHttps], opts),
    vs('ids-test', ['ids.test'], over.ids ?? idsRoutes, opts),
    over.rw ?? vs('rw-test', ['rw.test'], rwRoutes, opts),
  ];
}

/** The trailing-slash difference of ingress-nginx's HTTPS redirect, stated by the converter. */
const slashFinding: Finding = {
  ingress: { namespace: 'shop', name: 'web', file: 'x.yaml', line: 1 },
  key: 'spec.tls',
  level: 'partial',
  message: 'ingress-nginx removed a trailing slash from the HTTPS redirect target, Istio keeps it',
  istio: [],
  rule: 'test',
};

function unexplained(resources: IstioResource[], findings: Finding[] = [slashFinding]) {
  const report = verify(input, resources, findings);
  return report.differences.filter((d) => d.explainedBy.length === 0).map((d) => describeRequest(d.request));
}

describe('verify on hand-written Istio output', () => {
  it('the faithful translation has no unexplained difference', () => {
    const report = verify(input, istio(), [slashFinding]);
    expect(report.summary.probes).toBeGreaterThan(40);
    expect(report.summary.unexplained).toBe(0);
    // The only differences are the HTTPS-redirect trailing slash, explained by the finding.
    expect(report.differences.length).toBeGreaterThan(0);
    for (const d of report.differences) {
      expect(d.old.type).toBe('redirect');
      expect(d.features).toContain('ssl-redirect');
      expect(d.explainedBy.map((f) => f.key)).toEqual(['spec.tls']);
    }
  });
  it('without the finding the trailing-slash difference is unexplained (strict by default)', () => {
    expect(unexplained(istio(), [])).toContain('GET http://shop.test/api/');
  });
  it('an unrelated finding of the same Ingress does not explain it', () => {
    const other = { ...slashFinding, key: 'nginx.ingress.kubernetes.io/proxy-read-timeout', message: 'timeout differs' };
    expect(unexplained(istio(), [other])).toContain('GET http://shop.test/api/');
  });
  it('catches a plain string prefix used for Prefix (/api matching /apix)', () => {
    const broken = [shopRedirect, shopHttps[0]!, { match: [{ uri: { prefix: '/api' } }], route: [dest('api', 8080, 'shop')] }, shopHttps[2]!];
    expect(unexplained(istio({ shop: broken }))).toEqual(['GET https://shop.test/apix']);
  });
  it('catches routes in the wrong order (catch-all before a longer prefix)', () => {
    const broken = [shopRedirect, shopHttps[0]!, shopHttps[2]!, shopHttps[1]!];
    expect(unexplained(istio({ shop: broken }))).toEqual(expect.arrayContaining(['GET https://shop.test/api', 'GET https://shop.test/api/x']));
  });
  it('catches a case-sensitive regex where nginx matched case-insensitively', () => {
    const broken = [{ match: [{ uri: { regex: '^/id/[0-9]+.*' } }], route: [dest('ids', 80, 'shop')] }];
    expect(unexplained(istio({ ids: broken }))).toEqual(['GET http://ids.test/ID/1']);
  });
  it('catches a VirtualService not bound to the gateway', () => {
    const broken = vs('rw-test', ['rw.test'], rwRoutes, { ns: 'shop', gateways: [] });
    expect(unexplained(istio({ rw: broken }))).toEqual(expect.arrayContaining(['GET http://rw.test/svc', 'GET http://rw.test/svc/x']));
  });
  it('catches a VirtualService whose namespace the server hosts do not admit', () => {
    const res = istio();
    res[0] = gateway([httpServer(['istio-system/shop.test', '*/ids.test', '*/rw.test']), httpsServer(['*/shop.test'])]);
    expect(unexplained(res)).toContain('GET http://shop.test/');
  });
  it('catches a missing HTTPS redirect', () => {
    const broken = shopHttps.map((r) => ({ ...r, match: r.match!.map((m) => ({ uri: m.uri! })) }));
    expect(unexplained(istio({ shop: broken }))).toEqual(expect.arrayContaining(['GET http://shop.test/', 'GET http://shop.test/api']));
  });
  it('catches the 301 of Gateway httpsRedirect where nginx answered 308', () => {
    const res = istio({ shop: shopHttps });
    res[0] = gateway([httpServer(['*/shop.test'], true), httpServer(['*/ids.test', '*/rw.test']), httpsServer(['*/shop.test'])]);
    expect(unexplained(res)).toContain('GET http://shop.test/api');
  });
  it('catches a prefix rewrite used for rewrite-target (keeps the remainder)', () => {
    const broken = vs('rw-test', ['rw.test'], [{ match: [{ uri: { prefix: '/svc' } }], rewrite: { uri: '/' }, route: [dest('rw', 80, 'shop')] }], opts);
    expect(unexplained(istio({ rw: broken }))).toEqual(expect.arrayContaining(['GET http://rw.test/svc/x']));
  });
  it('reports every difference with the request, both outcomes and the Ingresses involved', () => {
    const broken = [{ match: [{ uri: { regex: '^/id/[0-9]+.*' } }], route: [dest('ids', 80, 'shop')] }];
    const d = verify(input, istio({ ids: broken }), []).differences.find((x) => x.request.path === '/ID/1')!;
    expect(d.old).toEqual({ type: 'backend', targets: [{ service: 'ids', namespace: 'shop', port: 80, share: 1 }], upstreamPath: '/ID/1' });
    expect(d.new).toEqual({ type: 'no-route' });
    expect(d.ingresses).toEqual(['shop/ids']);
    expect(d.istio).toEqual([]);
  });
  it('replays extra requests and skips hosts of controllers it does not model', () => {
    const withOther = inputSet([...input.ingresses, { ...ing({ ns: 'x', name: 'contour', host: 'c.test', paths: [{ path: '/', svc: 'c' }] }), owner: { controller: 'contour', reason: 't' } }]);
    const report = verify(withOther, istio(), [slashFinding], {
      probes: false,
      requests: [
        { scheme: 'https', host: 'shop.test', path: '/api/v1', method: 'GET', headers: {}, cookies: {} },
        { scheme: 'http', host: 'c.test', path: '/', method: 'GET', headers: {}, cookies: {} },
      ],
    });
    expect(report.summary).toEqual({ probes: 2, equal: 1, different: 0, explained: 0, unexplained: 0, skipped: 1 });
    expect(report.notes.join('\n')).toContain('contour');
  });
});

describe('verify: wildcard widening and canaries', () => {
  const wildInput = inputSet([ing({ ns: 'shop', name: 'wild', host: '*.w.test', paths: [{ path: '/', svc: 'web' }] })]);
  const wildIstio = [gateway([httpServer(['*/*.w.test'])]), vs('w', ['*.w.test'], [{ route: [dest('web', 80, 'shop')] }], opts)];
  it('Envoy also matches a.probe.w.test: unexplained without a wildcard-widening finding', () => {
    const report = verify(wildInput, wildIstio, []);
    expect(report.differences.map((d) => [describeRequest(d.request), d.features.includes('wildcard-host'), d.explainedBy.length])).toEqual([
      ['GET http://A.PROBE.W.TEST/', true, 0],
      ['GET http://a.probe.w.test/', true, 0],
      ['GET http://a.probe.w.test/?q=1', true, 0],
    ]);
  });
  it('...explained by a finding tagged wildcard-widening on that Ingress', () => {
    const f: Finding = { ingress: { namespace: 'shop', name: 'wild', file: 'x', line: 1 }, key: 'spec.rules[0].host', level: 'partial', message: 'Envoy matches any depth', tags: ['wildcard-widening'], istio: [], rule: 't' };
    expect(verify(wildInput, wildIstio, [f]).summary).toMatchObject({ different: 3, explained: 3, unexplained: 0 });
  });

  const canaryInput = inputSet([
    ing({ ns: 'shop', name: 'main', host: 'c.test', paths: [{ path: '/', svc: 'stable' }], ts: '2024-01-01T00:00:00Z' }),
    ing({ ns: 'shop', name: 'next', host: 'c.test', ts: '2024-01-02T00:00:00Z', ann: { canary: 'true', 'canary-by-header': 'X-Canary', 'canary-weight': '10' }, paths: [{ path: '/', svc: 'next' }] }),
  ]);
  const canaryRoutes = (alwaysHeader: string): HTTPRoute[] => [
    { match: [{ headers: { 'x-canary': { exact: 'never' } } }], route: [dest('stable', 80, 'shop')] },
    { match: [{ headers: { [alwaysHeader]: { exact: 'always' } } }], route: [dest('next', 80, 'shop')] },
    { route: [dest('stable', 80, 'shop', 90), dest('next', 80, 'shop', 10)] },
  ];
  const canaryIstio = (h: string) => [gateway([httpServer(['*/c.test'])]), vs('c', ['c.test'], canaryRoutes(h), opts)];
  it('header rules then the weighted split: equal', () => {
    expect(verify(canaryInput, canaryIstio('x-canary'), []).summary).toMatchObject({ different: 0 });
  });
  it('catches a canary header rule on the wrong header name', () => {
    const report = verify(canaryInput, canaryIstio('canary'), []);
    expect(report.differences.map((d) => describeRequest(d.request))).toContain('GET http://c.test/ [x-canary: always]');
    expect(report.differences.every((d) => d.features.includes('canary') && d.ingresses.includes('shop/next'))).toBe(true);
  });
});
