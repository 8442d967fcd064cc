/** Small builders for the normalized model, so engine tests do not depend on the readers. */
import type { ConvertResult } from '../../src/engine/types.js';
import type { VirtualService } from '../../src/istio/types.js';
import type { ControllerId, Ingress, IngressPath, PathType, Service } from '../../src/model/ingress.js';
import type { InputSet } from '../../src/read/types.js';

let order = 0;

export interface PathSpec {
  path: string;
  type?: PathType | null;
  service?: string;
  port?: number | string;
}

export interface IngressSpec {
  name: string;
  namespace?: string;
  controller?: ControllerId;
  created?: string;
  annotations?: Record<string, string>;
  rules?: Array<{ host?: string; paths: PathSpec[] }>;
  tls?: Array<{ hosts: string[]; secretName?: string }>;
  defaultBackend?: { service: string; port: number | string };
}

const src = (line = 1) => ({ file: 'test.yaml', line });

function backend(service: string, port: number | string) {
  return { kind: 'service' as const, service, port: typeof port === 'number' ? { number: port } : { name: port }, source: src() };
}

export function ing(spec: IngressSpec): Ingress {
  const ns = spec.namespace ?? 'default';
  return {
    apiVersion: 'networking.k8s.io/v1',
    namespace: ns,
    name: spec.name,
    ...(spec.created ? { creationTimestamp: spec.created } : {}),
    annotations: Object.entries(spec.annotations ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => ({ key, value, source: src() })),
    labels: {},
    rules: (spec.rules ?? []).map((r) => ({
      ...(r.host ? { host: r.host } : {}),
      source: src(),
      paths: r.paths.map(
        (p): IngressPath => ({
          path: p.path,
          pathType: p.type ?? 'Prefix',
          pathTypeExplicit: p.type !== null,
          backend: backend(p.service ?? 'svc', p.port ?? 80),
          source: src(),
        }),
      ),
    })),
    ...(spec.defaultBackend ? { defaultBackend: backend(spec.defaultBackend.service, spec.defaultBackend.port) } : {}),
    tls: (spec.tls ?? []).map((t) => ({ hosts: t.hosts, ...(t.secretName ? { secretName: t.secretName } : {}), source: src() })),
    owner: { controller: spec.controller ?? 'ingress-nginx', reason: 'test' },
    source: src(),
    order: order++,
  };
}

export function svc(namespace: string, name: string, ports: Array<{ name?: string; port: number }>): Service {
  return { namespace, name, ports, annotations: {}, source: src() };
}

export function inputOf(ingresses: Ingress[], services: Service[] = []): InputSet {
  return {
    ingresses,
    ingressClasses: [],
    services,
    configMaps: [],
    errors: [],
    stats: { files: 1, documents: ingresses.length, kinds: { Ingress: ingresses.length }, skipped: 0, filtered: 0 },
  };
}

/** The VirtualService whose first host is `host`; throws when there is none. */
export function vsFor(res: Pick<ConvertResult, 'resources'>, host: string): VirtualService {
  const vs = res.resources.find((r) => r.kind === 'VirtualService' && (r as VirtualService).spec.hosts?.[0] === host) as VirtualService | undefined;
  if (!vs) throw new Error(`no VirtualService for ${host}`);
  return vs;
}
