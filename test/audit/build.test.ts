import { describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { buildCatalog, classifyKey, closestKey, levenshtein } from '../../src/audit/catalog.js';
import { findingVerdict } from '../../src/audit/verdict.js';
import { api, result, rules, WEB_COPY_COMMAND, XSS } from './fixtures.js';

const N = 'nginx.ingress.kubernetes.io/';
const report = () => buildAudit({ result: result(), rules, gatewayNamespace: 'istio-system', toolVersion: '9.9.9' });

describe('verdicts', () => {
  it('maps finding levels and tags to verdicts', () => {
    expect(findingVerdict({ level: 'converted' })).toBe('ready');
    expect(findingVerdict({ level: 'ignored', tags: ['foreign-controller'] })).toBe('ready');
    expect(findingVerdict({ level: 'converted', tags: ['envoyfilter'] })).toBe('review');
    expect(findingVerdict({ level: 'converted', tags: ['wildcard-widening'] })).toBe('review');
    expect(findingVerdict({ level: 'partial' })).toBe('review');
    expect(findingVerdict({ level: 'unsupported' })).toBe('blocked');
    expect(findingVerdict({ level: 'error' })).toBe('blocked');
  });

  it('gives each Ingress its worst verdict, reasons tied to key and line, worst Ingress first', () => {
    const r = report();
    expect(r.ingresses.map((i) => [i.id, i.verdict])).toEqual([
      ['shop/api', 'blocked'],
      ['shop/web', 'review'],
      ['pay/checkout', 'ready'],
    ]);
    const [a, w, c] = r.ingresses;
    expect(a!.reasons.map((x) => [x.verdict, x.key, x.kind, `${x.location.file}:${x.location.line}`])).toEqual([
      ['blocked', `${N}configuration-snippet`, 'finding', 'manifests/shop.yaml:8'],
      ['blocked', `${N}server-snippet`, 'finding', 'manifests/shop.yaml:7'],
      ['review', `${N}rewrite-targt`, 'unknown-key', 'manifests/shop.yaml:9'],
    ]);
    expect(a!.reasons[2]!.message).toContain(`did you mean ${N}rewrite-target?`);
    // Finding without source nor annotation: the Ingress's own line.
    expect(w!.reasons.map((x) => [x.key, x.location.line])).toEqual([
      [`${N}enable-cors`, 45],
      ['spec.rules[0].host', 40],
      ['spec.tls[0].secretName', 52],
    ]);
    expect(c!.reasons).toEqual([]);
    expect(c!.findings).toEqual({ converted: 1, partial: 0, unsupported: 0, ignored: 1, error: 0 });
    expect(a!.istio).toEqual(['Gateway/istio-system/ingress2istio', 'VirtualService/shop/api-example-com']);
    expect(r.summary.verdicts).toEqual({ blocked: 1, review: 1, ready: 1 });
  });

  it('blocks an Ingress with an input error on it', () => {
    const r = buildAudit({
      result: result({ errors: [{ source: { file: 'manifests/pay.yaml', line: 12 }, object: 'Ingress pay/checkout', field: 'spec.rules[0].http.paths[0].pathType', message: 'bad pathType' }] }),
      rules,
      gatewayNamespace: 'istio-system',
    });
    const c = r.ingresses.find((i) => i.id === 'pay/checkout')!;
    expect(c.verdict).toBe('blocked');
    expect(c.reasons[0]).toMatchObject({ kind: 'input-error', key: 'spec.rules[0].http.paths[0].pathType', location: { line: 12 } });
    expect(r.errors).toHaveLength(1);
  });
});

describe('inventory', () => {
  it('counts per namespace, class and controller', () => {
    const inv = report().inventory;
    expect(inv.namespaces).toEqual([
      { name: 'pay', ingresses: 1, ready: 1, review: 0, blocked: 0 },
      { name: 'shop', ingresses: 2, ready: 0, review: 1, blocked: 1 },
    ]);
    expect(inv.classes).toEqual([
      { name: 'contour', ingresses: 1 },
      { name: 'nginx', ingresses: 2 },
    ]);
    expect(inv.controllers).toEqual([
      { name: 'contour', ingresses: 1 },
      { name: 'ingress-nginx', ingresses: 2 },
    ]);
  });

  it('lists every annotation key with count, status, support and users', () => {
    const inv = report().inventory;
    expect(inv.annotations.map((u) => [u.key, u.count, u.status, u.support ?? null])).toEqual([
      ['cert-manager.io/cluster-issuer', 1, 'other', null],
      [`${N}configuration-snippet`, 1, 'known', 'none'],
      [`${N}enable-cors`, 1, 'known', 'full'],
      [`${N}rewrite-target`, 1, 'known', 'full'],
      [`${N}rewrite-targt`, 1, 'unknown', null],
      [`${N}server-snippet`, 1, 'known', 'none'],
      ['projectcontour.io/response-timeout', 2, 'known', 'partial'],
    ]);
    const timeout = inv.annotations.find((u) => u.key === 'projectcontour.io/response-timeout')!;
    expect(timeout.ingresses).toEqual(['pay/checkout', 'shop/web']);
    expect(timeout.controllers).toEqual(['contour']);
    expect(timeout.levels).toEqual({ converted: 1, ignored: 1 });
    expect(inv.unknownKeys).toEqual([
      { key: `${N}rewrite-targt`, suggestion: `${N}rewrite-target`, distance: 1, locations: [{ ingress: 'shop/api', file: 'manifests/shop.yaml', line: 9 }] },
    ]);
    expect(inv.foreignAnnotations).toEqual([
      { key: 'projectcontour.io/response-timeout', keyControllers: ['contour'], ingress: 'shop/web', owner: 'ingress-nginx', location: { file: 'manifests/shop.yaml', line: 46 } },
    ]);
    const s = report().summary;
    expect(s.support).toEqual({ full: 2, partial: 1, none: 2, 'not-applicable': 0, unknown: 1, other: 1 });
    expect(s.annotationKeys).toBe(7);
  });
});

describe('actions', () => {
  it('lists secret copies: the engine command when it gave one, derived from tls otherwise', () => {
    const a = report().actions;
    expect(a.secretCopies).toEqual([
      {
        namespace: 'shop',
        secretName: 'api-tls',
        targetNamespace: 'istio-system',
        targetName: 'shop-api-tls',
        command:
          'kubectl get secret api-tls -n shop -o json | jq \'{apiVersion: "v1", kind: "Secret", type: .type, data: .data, metadata: {"name":"shop-api-tls","namespace":"istio-system"}}\' | kubectl apply -f -',
        ingresses: ['shop/api'],
        hosts: ['api.example.com'],
      },
      {
        namespace: 'shop',
        secretName: 'www-tls',
        targetNamespace: 'istio-system',
        targetName: 'shop-www-tls',
        command: WEB_COPY_COMMAND,
        ingresses: ['shop/web'],
        hosts: ['www.example.com'],
      },
    ]);
  });

  it('does not ask to copy a secret already in the gateway namespace', () => {
    const inGw = { ...api, namespace: 'istio-system' };
    const r = buildAudit({ result: result({ ingresses: [inGw], findings: [] }), rules, gatewayNamespace: 'istio-system' });
    expect(r.actions.secretCopies).toEqual([]);
  });

  it('lists mesh config, snippets (with their text), behaviour changes and unsupported features', () => {
    const a = report().actions;
    expect(a.meshConfig).toEqual([
      { snippet: 'meshConfig:\n  defaultConfig:\n    gatewayTopology:\n      numTrustedProxies: 1', keys: ['spec.rules[0].host'], ingresses: ['shop/web'], message: 'xff trust needs mesh config' },
    ]);
    expect(a.snippets.map((s) => [s.ingress, s.key, s.data?.value])).toEqual([
      ['shop/api', `${N}configuration-snippet`, XSS],
      ['shop/api', `${N}server-snippet`, 'more_set_headers "X: y";'],
    ]);
    expect(a.behaviourChanges.map((s) => s.key)).toEqual([`${N}enable-cors`]);
    // Snippets are listed under snippets only.
    expect(a.unsupported).toEqual([]);
    expect(a.envoyFilters).toEqual([]);
    expect(a.conflicts).toEqual([]);
  });

  it('lists an EnvoyFilter that no finding explains', () => {
    const ef = { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter' as const, metadata: { name: 'api-lua', namespace: 'istio-system', annotations: { 'ingress2istio.io/source': 'shop/api' } }, spec: {} };
    const r = buildAudit({ result: result({ resources: [ef] }), rules, gatewayNamespace: 'istio-system' });
    expect(r.actions.envoyFilters).toMatchObject([{ ingress: 'shop/api', istio: ['EnvoyFilter/istio-system/api-lua'], location: { file: 'manifests/shop.yaml', line: 1 } }]);
  });
});

describe('catalog', () => {
  it('computes Levenshtein distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', 'abc')).toBe(0);
    expect(levenshtein('rewrite-targt', 'rewrite-target')).toBe(1);
  });

  it('suggests the closest key across controllers, and tells misspellings from third-party keys', () => {
    const cat = buildCatalog(rules);
    expect(closestKey(cat, 'projectcontour.io/response-timeot')).toEqual({ key: 'projectcontour.io/response-timeout', distance: 1 });
    // A typo in the prefix is still a misspelling.
    expect(classifyKey(cat, 'nginx.ingress.kubernetes.com/enable-cors')).toEqual({ status: 'unknown', suggestion: `${N}enable-cors`, distance: 2 }); // io → com: one substitution, one insertion
    expect(classifyKey(cat, 'cert-manager.io/cluster-issuer')).toEqual({ status: 'other' });
    expect(classifyKey(cat, `${N}enable-cors`)).toEqual({ status: 'known' });
    // Under a controller prefix: unknown, with the closest key named.
    expect(classifyKey(cat, `${N}x`).status).toBe('unknown');
  });
});

describe('determinism', () => {
  it('gives the same report for findings and Ingresses in another input order', () => {
    const a = report();
    const shuffled = result();
    shuffled.ingresses = [...shuffled.ingresses].reverse();
    const b = buildAudit({ result: shuffled, rules, gatewayNamespace: 'istio-system', toolVersion: '9.9.9' });
    expect(JSON.stringify(b.ingresses)).toBe(JSON.stringify(a.ingresses));
    expect(JSON.stringify(b.inventory)).toBe(JSON.stringify(a.inventory));
    expect(JSON.stringify(b.actions)).toBe(JSON.stringify(a.actions));
  });
});

describe('generic Kubernetes keys', () => {
  it('kubernetes.io/ keys are neither a controller prefix nor foreign', async () => {
    const { rule, ingressWith } = await import('./fixtures.js');
    const withClass = [...rules, rule('nginx/class', 'ingress-nginx', [{ key: 'kubernetes.io/ingress.class', support: 'full', istio: '-', advice: '-' }])];
    const cat = buildCatalog(withClass);
    expect(classifyKey(cat, 'kubernetes.io/tls-acme')).toEqual({ status: 'other' });
    const ing = ingressWith('contour', [['kubernetes.io/ingress.class', 'contour', 5]]);
    const r = buildAudit({ result: result({ ingresses: [ing], findings: [] }), rules: withClass, gatewayNamespace: 'istio-system' });
    expect(r.inventory.foreignAnnotations).toEqual([]);
    expect(r.ingresses[0]!.verdict).toBe('ready');
  });

  it('suggests annotation keys only, never prefix-less ConfigMap keys', async () => {
    const { rule } = await import('./fixtures.js');
    const cat = buildCatalog([...rules, rule('haproxytech/timeouts', 'haproxytech', [{ key: 'timeout-tunnel', support: 'partial', istio: '-', advice: '-' }, { key: 'haproxy.org/timeout-server', support: 'full', istio: '-', advice: '-' }])]);
    expect(classifyKey(cat, 'haproxy.org/timeout-tunnel')).toMatchObject({ status: 'unknown', suggestion: 'haproxy.org/timeout-server' });
  });
});
