/**
 * A small hand-built conversion: three Ingresses in two namespaces, with the findings an engine
 * would report for them, and a tiny rule catalog. Written from the semantics, not from output.
 */
import type { Rule, KeyMeta, SupportLevel } from '../../rules/types.js';
import type { ConvertResult } from '../../src/engine/types.js';
import type { Finding, FindingLevel } from '../../src/model/findings.js';
import type { ControllerId, Ingress } from '../../src/model/ingress.js';
import type { IstioResource } from '../../src/istio/types.js';

export const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

function key(k: string, support: SupportLevel): KeyMeta {
  return { key: k, support, istio: '-', advice: '-' };
}

export function rule(id: string, controller: ControllerId, keys: KeyMeta[]): Rule {
  return { meta: { id, controller, description: id, keys }, create: () => undefined };
}

const N = 'nginx.ingress.kubernetes.io/';
export const rules: Rule[] = [
  rule('nginx/rewrite', 'ingress-nginx', [key(`${N}rewrite-target`, 'full'), key(`${N}use-regex`, 'full')]),
  rule('nginx/snippets', 'ingress-nginx', [key(`${N}server-snippet`, 'none'), key(`${N}configuration-snippet`, 'none')]),
  rule('nginx/cors', 'ingress-nginx', [key(`${N}enable-cors`, 'full')]),
  rule('nginx/tuning', 'ingress-nginx', [key(`${N}proxy-buffer-size`, 'not-applicable')]),
  rule('contour/timeouts', 'contour', [key('projectcontour.io/response-timeout', 'partial')]),
];

interface IngSpec {
  namespace: string;
  name: string;
  file: string;
  line: number;
  controller: ControllerId;
  className?: string;
  /** [key, value, line] */
  annotations: Array<[string, string, number]>;
  host: string;
  tls?: { secretName: string; line: number };
  order: number;
}

function ingress(s: IngSpec): Ingress {
  const src = (line: number) => ({ file: s.file, line });
  return {
    apiVersion: 'networking.k8s.io/v1',
    namespace: s.namespace,
    name: s.name,
    annotations: s.annotations.map(([k, value, line]) => ({ key: k, value, source: src(line) })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    labels: {},
    ...(s.className ? { ingressClassName: s.className } : {}),
    rules: [
      {
        host: s.host,
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            pathTypeExplicit: true,
            backend: { kind: 'service', service: s.name, port: { number: 80 }, source: src(s.line + 20) },
            source: src(s.line + 18),
          },
        ],
        source: src(s.line + 16),
      },
    ],
    tls: s.tls ? [{ hosts: [s.host], secretName: s.tls.secretName, source: src(s.tls.line) }] : [],
    owner: { controller: s.controller, ...(s.className ? { className: s.className } : {}), reason: `IngressClass ${s.className ?? '-'}` },
    source: src(s.line),
    order: s.order,
  };
}

/** A one-rule Ingress owned by `controller`, with these annotations ([key, value, line]). */
export function ingressWith(controller: ControllerId, annotations: Array<[string, string, number]>): Ingress {
  return ingress({ namespace: 'misc', name: 'one', file: 'misc.yaml', line: 1, controller, annotations, host: 'one.example.com', order: 0 });
}

export const api = ingress({
  namespace: 'shop',
  name: 'api',
  file: 'manifests/shop.yaml',
  line: 1,
  controller: 'ingress-nginx',
  className: 'nginx',
  annotations: [
    [`${N}rewrite-target`, '/$1', 6],
    [`${N}server-snippet`, 'more_set_headers "X: y";', 7],
    [`${N}configuration-snippet`, XSS, 8],
    [`${N}rewrite-targt`, '/', 9],
  ],
  host: 'api.example.com',
  tls: { secretName: 'api-tls', line: 14 },
  order: 0,
});

export const web = ingress({
  namespace: 'shop',
  name: 'web',
  file: 'manifests/shop.yaml',
  line: 40,
  controller: 'ingress-nginx',
  className: 'nginx',
  annotations: [
    [`${N}enable-cors`, 'true', 45],
    ['projectcontour.io/response-timeout', '30s', 46],
  ],
  host: 'www.example.com',
  tls: { secretName: 'www-tls', line: 52 },
  order: 1,
});

export const checkout = ingress({
  namespace: 'pay',
  name: 'checkout',
  file: 'manifests/pay.yaml',
  line: 1,
  controller: 'contour',
  className: 'contour',
  annotations: [
    ['projectcontour.io/response-timeout', '10s', 6],
    ['cert-manager.io/cluster-issuer', 'letsencrypt', 7],
  ],
  host: 'pay.example.com',
  order: 2,
});

function finding(ing: Ingress, k: string, level: FindingLevel, message: string, extra: Partial<Finding> = {}): Finding {
  return {
    ingress: { namespace: ing.namespace, name: ing.name, file: ing.source.file, line: ing.source.line },
    key: k,
    level,
    message,
    istio: [],
    rule: 'test',
    ...extra,
  };
}

export const WEB_COPY_COMMAND =
  'kubectl get secret www-tls -n shop -o json | jq \'{apiVersion, kind, type, data, metadata: {name: "shop-www-tls", namespace: "istio-system"}}\' | kubectl apply -f -';

export const findings: Finding[] = [
  // pay/checkout
  finding(checkout, 'cert-manager.io/cluster-issuer', 'ignored', 'cert-manager annotation; nothing to convert'),
  finding(checkout, 'projectcontour.io/response-timeout', 'converted', 'timeout 10s', { istio: ['VirtualService/pay/pay-example-com'] }),
  // shop/api
  finding(api, `${N}configuration-snippet`, 'unsupported', 'raw nginx configuration cannot be converted', { advice: 'rewrite it by hand', tags: ['snippet'] }),
  finding(api, `${N}rewrite-target`, 'converted', 'uriRegexRewrite', { istio: ['VirtualService/shop/api-example-com'], source: { file: 'manifests/shop.yaml', line: 6 } }),
  finding(api, `${N}server-snippet`, 'unsupported', 'raw nginx configuration cannot be converted', { tags: ['snippet'] }),
  // shop/web
  finding(web, `${N}enable-cors`, 'partial', 'CORS: Istio answers preflight without the max-age default of nginx', { tags: ['behaviour-change'] }),
  finding(web, 'projectcontour.io/response-timeout', 'ignored', 'annotation of Contour, but this Ingress is owned by ingress-nginx', { tags: ['foreign-controller'] }),
  finding(web, 'spec.tls[0].secretName', 'partial', 'copy Secret shop/www-tls to istio-system/shop-www-tls', {
    tags: ['secret-copy'],
    data: { command: WEB_COPY_COMMAND, secret: 'shop/www-tls', credentialName: 'istio-system/shop-www-tls' },
    source: { file: 'manifests/shop.yaml', line: 52 },
    istio: ['Gateway/istio-system/ingress2istio'],
  }),
  finding(web, 'spec.rules[0].host', 'converted', 'xff trust needs mesh config', {
    tags: ['mesh-config'],
    data: { snippet: 'meshConfig:\n  defaultConfig:\n    gatewayTopology:\n      numTrustedProxies: 1' },
  }),
];

function res(kind: IstioResource['kind'], namespace: string, name: string, sources: string[], spec: unknown = {}): IstioResource {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind,
    metadata: { name, namespace, annotations: { 'ingress2istio.io/source': sources.join(',') } },
    spec,
  };
}

export const resources: IstioResource[] = [
  res('Gateway', 'istio-system', 'ingress2istio', ['pay/checkout', 'shop/api', 'shop/web'], {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 443, protocol: 'HTTPS', name: 'https-api' }, hosts: ['shop/api.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-api-tls' } },
      { port: { number: 443, protocol: 'HTTPS', name: 'https-www' }, hosts: ['shop/www.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-www-tls' } },
    ],
  }),
  res('VirtualService', 'pay', 'pay-example-com', ['pay/checkout'], { hosts: ['pay.example.com'] }),
  res('VirtualService', 'shop', 'api-example-com', ['shop/api'], { hosts: ['api.example.com'] }),
  res('VirtualService', 'shop', 'www-example-com', ['shop/web'], { hosts: ['www.example.com'] }),
];

export function result(overrides: Partial<ConvertResult> = {}): ConvertResult {
  return {
    ingresses: [api, web, checkout],
    resources,
    findings,
    errors: [],
    stats: { files: 2, documents: 3, kinds: { Ingress: 3 }, skipped: 0, filtered: 0 },
    summary: { ingresses: 3, resources: { Gateway: 1, VirtualService: 3 }, findings: {}, errors: 0 },
    ...overrides,
  };
}
