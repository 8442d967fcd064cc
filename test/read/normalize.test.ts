import { describe, expect, it } from 'vitest';
import { messages, read } from './helpers.js';

const V1 = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  creationTimestamp: "2024-01-02T03:04:05Z"
  labels:
    app: web
  annotations:
    z.example/last: "1"
    a.example/first: "2"
spec:
  ingressClassName: nginx
  defaultBackend:
    service:
      name: fallback
      port:
        number: 8080
  tls:
  - hosts:
    - shop.example.com
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              name: http
      - path: /exact
        pathType: Exact
        backend:
          resource:
            apiGroup: k8s.example.com
            kind: StorageBucket
            name: assets
  - http:
      paths:
      - path: /
        pathType: ImplementationSpecific
        backend:
          service:
            name: catch
            port:
              number: 80
`;

describe('normalize: networking.k8s.io/v1 Ingress', () => {
  const set = read(V1);
  const ing = set.ingresses[0];

  it('reads every field with its source line', () => {
    expect(set.errors).toEqual([]);
    expect(set.ingresses).toHaveLength(1);
    expect(ing).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      namespace: 'shop',
      name: 'web',
      creationTimestamp: '2024-01-02T03:04:05Z',
      labels: { app: 'web' },
      ingressClassName: 'nginx',
      order: 0,
    });
    expect(ing.source).toEqual({ file: 't.yaml', line: 1, column: 1 });
    expect(ing.defaultBackend).toMatchObject({ kind: 'service', service: 'fallback', port: { number: 8080 } });
    expect(ing.defaultBackend?.source.line).toBe(14);
    expect(ing.tls.map((t) => [t.hosts, t.secretName, t.source.line])).toEqual([[['shop.example.com'], 'shop-tls', 20]]);
    expect(ing.rules.map((r) => [r.host, r.source.line])).toEqual([
      ['shop.example.com', 24],
      [undefined, 41],
    ]);
    const [api, exact] = ing.rules[0].paths;
    expect(api).toMatchObject({ path: '/api', pathType: 'Prefix', pathTypeExplicit: true, backend: { kind: 'service', service: 'api', port: { name: 'http' } } });
    expect([api.source.line, api.backend.source.line]).toEqual([27, 29]);
    expect(exact.backend).toMatchObject({ kind: 'resource', apiGroup: 'k8s.example.com', resourceKind: 'StorageBucket', name: 'assets' });
    expect([exact.source.line, exact.backend.source.line]).toEqual([34, 36]);
    expect(ing.rules[1].paths[0]).toMatchObject({ path: '/', pathType: 'ImplementationSpecific', pathTypeExplicit: true });
  });

  it('sorts annotations by key and keeps each one its own line', () => {
    expect(ing.annotations.map((a) => [a.key, a.value, a.source.line, a.source.column])).toEqual([
      ['a.example/first', '2', 11, 5],
      ['z.example/last', '1', 10, 5],
    ]);
    // lazy sources still serialize as plain locations
    expect(JSON.parse(JSON.stringify(ing.annotations[0].source))).toEqual({ file: 't.yaml', line: 11, column: 5 });
  });

  it('counts kinds and keeps the source text', () => {
    expect(set.stats.kinds).toEqual({ Ingress: 1 });
    expect(set.texts?.get('shop/web')).toBe(V1);
  });
});

describe('normalize: legacy Ingress APIs', () => {
  const LEGACY = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: old
spec:
  backend:
    serviceName: fallback
    servicePort: 80
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /named
        backend:
          serviceName: api
          servicePort: http
      - backend:
          serviceName: root
          servicePort: 8080
      - path: /typed
        pathType: Exact
        backend:
          serviceName: typed
          servicePort: 81
`;
  it('serviceName/servicePort, string servicePort as a port name, no pathType, missing path', () => {
    const set = read(LEGACY);
    expect(set.errors).toEqual([]);
    const ing = set.ingresses[0];
    expect(ing.namespace).toBe('default');
    expect(ing.defaultBackend).toMatchObject({ kind: 'service', service: 'fallback', port: { number: 80 } });
    expect(ing.rules[0].paths.map((p) => [p.path, p.pathType, p.pathTypeExplicit, p.backend.kind === 'service' ? [p.backend.service, p.backend.port] : undefined, p.source.line])).toEqual([
      ['/named', 'ImplementationSpecific', false, ['api', { name: 'http' }], 13],
      ['/', 'ImplementationSpecific', false, ['root', { number: 8080 }], 17],
      ['/typed', 'Exact', true, ['typed', { number: 81 }], 20],
    ]);
  });

  it('networking.k8s.io/v1beta1 is read the same way', () => {
    const set = read(LEGACY.replace('extensions/v1beta1', 'networking.k8s.io/v1beta1'));
    expect(set.errors).toEqual([]);
    expect(set.ingresses[0].apiVersion).toBe('networking.k8s.io/v1beta1');
    expect(set.ingresses[0].rules[0].paths).toHaveLength(3);
  });

  it('servicePort "80" (a quoted number) is a port name without a letter: an error', () => {
    const set = read(LEGACY.replace('servicePort: http', 'servicePort: "80"'));
    expect(messages(set)).toEqual([
      't.yaml:16:11: Ingress default/old (spec.rules[0].http.paths[0].backend.servicePort): port name "80" must contain a letter (a quoted number is a port name, not a port number); path dropped',
    ]);
    expect(set.ingresses[0].rules[0].paths.map((p) => p.path)).toEqual(['/', '/typed']);
  });
});

describe('normalize: other kinds', () => {
  it('IngressClass, Service, ConfigMap are kept; other kinds are skipped and counted', () => {
    const set = read(`apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations:
    x: y
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
    appProtocol: http
  - port: 443
    targetPort: https
    protocol: TCP
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  use-forwarded-headers: "true"
  n: 5
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: e}
`);
    expect(set.errors).toEqual([]);
    expect(set.ingressClasses).toEqual([
      {
        name: 'nginx',
        controller: 'k8s.io/ingress-nginx',
        isDefault: true,
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
        source: { file: 't.yaml', line: 1, column: 1 },
      },
    ]);
    expect(set.services).toEqual([
      {
        namespace: 'shop',
        name: 'api',
        ports: [
          { name: 'http', port: 80, targetPort: 8080, appProtocol: 'http' },
          { port: 443, targetPort: 'https', protocol: 'TCP' },
        ],
        annotations: { x: 'y' },
        source: { file: 't.yaml', line: 14, column: 1 },
      },
    ]);
    expect(set.configMaps).toEqual([{ namespace: 'default', name: 'cfg', data: { 'use-forwarded-headers': 'true', n: '5' }, source: { file: 't.yaml', line: 31, column: 1 } }]);
    expect(set.stats).toMatchObject({ kinds: { IngressClass: 1, Service: 1, ConfigMap: 1, Deployment: 2 }, skipped: 2, filtered: 0 });
  });
});

describe('normalize: --ingress-class filter and annotation prefix', () => {
  const two = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: s, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b
  annotations:
    kubernetes.io/ingress.class: internal
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
`;
  it('keeps only Ingresses of the class and counts the others', () => {
    const set = read(two, { ingressClass: 'internal' });
    expect(set.ingresses.map((i) => i.name)).toEqual(['b']);
    expect(set.stats.filtered).toBe(1);
    expect(set.stats.kinds).toEqual({ Ingress: 2 });
  });

  it('renames keys under a custom --annotations-prefix, keeping their lines', () => {
    const set = read(
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: p
  annotations:
    custom.io/rewrite-target: /
    other.io/x: "1"
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
`,
      { nginxAnnotationPrefix: 'custom.io' },
    );
    expect(set.errors).toEqual([]);
    expect(set.ingresses[0].annotations.map((a) => [a.key, a.value, a.source.line])).toEqual([
      ['nginx.ingress.kubernetes.io/rewrite-target', '/', 6],
      ['other.io/x', '1', 7],
    ]);
  });

  it('with a custom prefix, a key also set under the standard prefix is reported and not used', () => {
    const set = read(
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: p
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /std
    custom.io/rewrite-target: /custom
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
`,
      { nginxAnnotationPrefix: 'custom.io' },
    );
    expect(messages(set)).toEqual([
      't.yaml:7:5: Ingress default/p (metadata.annotations["custom.io/rewrite-target"]): custom.io/rewrite-target and nginx.ingress.kubernetes.io/rewrite-target both set; ingress-nginx with --annotations-prefix custom.io reads only custom.io/*: nginx.ingress.kubernetes.io/rewrite-target ignored',
    ]);
    expect(set.ingresses[0].annotations.map((a) => [a.key, a.value, a.source.line])).toEqual([['nginx.ingress.kubernetes.io/rewrite-target', '/custom', 7]]);
  });
});
