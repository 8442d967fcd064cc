/** Small builders for hand-written verify cases (normalized model objects, Istio objects). */
import type { Ingress, IngressPath, PathType, Service } from '../../src/model/ingress.js';
import type { Gateway, HTTPRoute, VirtualService } from '../../src/istio/types.js';
import type { InputSet } from '../../src/read/types.js';

const src = { file: 'test.yaml', line: 1 };
let order = 0;

export interface PathSpec {
  path: string;
  type?: PathType;
  svc: string;
  port?: number | string;
}

export interface IngSpec {
  name: string;
  ns?: string;
  host?: string;
  /** Several rules: host → paths. Overrides host/paths. */
  rules?: Array<{ host?: string; paths: PathSpec[] }>;
  paths?: PathSpec[];
  ann?: Record<string, string>;
  tls?: string[][];
  defaultBackend?: { svc: string; port?: number };
  ts?: string;
}

function path(p: PathSpec): IngressPath {
  return {
    path: p.path,
    pathType: p.type ?? 'Prefix',
    pathTypeExplicit: true,
    backend: { kind: 'service', service: p.svc, port: typeof p.port === 'string' ? { name: p.port } : { number: p.port ?? 80 }, source: src },
    source: src,
  };
}

export function ing(spec: IngSpec): Ingress {
  const rules = spec.rules ?? (spec.paths || spec.host ? [{ host: spec.host, paths: spec.paths ?? [] }] : []);
  const ann = Object.entries(spec.ann ?? {})
    .map(([k, v]) => ({ key: k.includes('/') ? k : `nginx.ingress.kubernetes.io/${k}`, value: v, source: src }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return {
    apiVersion: 'networking.k8s.io/v1',
    namespace: spec.ns ?? 'default',
    name: spec.name,
    ...(spec.ts ? { creationTimestamp: spec.ts } : {}),
    annotations: ann,
    labels: {},
    ingressClassName: 'nginx',
    rules: rules.map((r) => ({ ...(r.host ? { host: r.host } : {}), paths: r.paths.map(path), source: src })),
    ...(spec.defaultBackend
      ? { defaultBackend: { kind: 'service' as const, service: spec.defaultBackend.svc, port: { number: spec.defaultBackend.port ?? 80 }, source: src } }
      : {}),
    tls: (spec.tls ?? []).map((hosts) => ({ hosts, secretName: 'cert', source: src })),
    owner: { controller: 'ingress-nginx', className: 'nginx', reason: 'test' },
    source: src,
    order: order++,
  };
}

export function svc(name: string, ports: Array<{ name?: string; port: number }>, ns = 'default'): Service {
  return { namespace: ns, name, ports, annotations: {}, source: src };
}

export function inputSet(ingresses: Ingress[], services: Service[] = []): InputSet {
  return {
    ingresses,
    ingressClasses: [],
    services,
    configMaps: [],
    errors: [],
    stats: { files: 1, documents: ingresses.length, kinds: {}, skipped: 0, filtered: 0 },
  };
}

export function gateway(servers: Gateway['spec']['servers'], name = 'gw', ns = 'istio-system'): Gateway {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { selector: { istio: 'ingressgateway' }, servers } };
}

export function httpServer(hosts: string[], httpsRedirect = false): NonNullable<Gateway['spec']['servers']>[number] {
  return { port: { number: 80, protocol: 'HTTP', name: `http-${hosts[0]}` }, hosts, ...(httpsRedirect ? { tls: { httpsRedirect: true } } : {}) };
}

export function httpsServer(hosts: string[], name?: string): NonNullable<Gateway['spec']['servers']>[number] {
  return { port: { number: 443, protocol: 'HTTPS', name: name ?? `https-${hosts[0]}` }, hosts, tls: { mode: 'SIMPLE', credentialName: 'cert' } };
}

export function vs(name: string, hosts: string[], http: HTTPRoute[], opts: { ns?: string; gateways?: string[] } = {}): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: opts.ns ?? 'istio-system' },
    spec: { hosts, gateways: opts.gateways ?? ['istio-system/gw'], http },
  };
}

export function dest(service: string, port = 80, ns = 'default', weight?: number) {
  return { destination: { host: `${service}.${ns}.svc.cluster.local`, port: { number: port } }, ...(weight !== undefined ? { weight } : {}) };
}
