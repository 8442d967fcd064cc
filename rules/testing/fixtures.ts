/** Builders of small test manifests for rule tests (YAML text, read by the real readers). */
import yaml from 'js-yaml';

export interface PathFixture {
  path: string;
  pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  service?: string;
  port?: number | string;
}

export interface IngressFixture {
  name?: string;
  namespace?: string;
  className?: string;
  /** Keys without `/` get the `nginx.ingress.kubernetes.io/` prefix. */
  annotations?: Record<string, string>;
  rules?: Array<{ host?: string; paths?: PathFixture[] }>;
  tls?: Array<{ hosts: string[]; secretName?: string }>;
  creationTimestamp?: string;
}

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

function backendOf(service: string, port: number | string) {
  return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

export function ingressObject(f: IngressFixture = {}, prefix = NGINX_PREFIX): Record<string, unknown> {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.annotations ?? {})) annotations[k.includes('/') ? k : `${prefix}${k}`] = v;
  const rules = (f.rules ?? [{ host: 'app.example.com', paths: [{ path: '/' }] }]).map((r) => ({
    ...(r.host ? { host: r.host } : {}),
    http: {
      paths: (r.paths ?? [{ path: '/' }]).map((p) => ({
        path: p.path,
        pathType: p.pathType ?? 'Prefix',
        backend: backendOf(p.service ?? 'web', p.port ?? 80),
      })),
    },
  }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: f.name ?? 'web',
      namespace: f.namespace ?? 'default',
      ...(f.creationTimestamp ? { creationTimestamp: f.creationTimestamp } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      ingressClassName: f.className ?? 'nginx',
      ...(f.tls ? { tls: f.tls } : {}),
      rules,
    },
  };
}

/** One Ingress as YAML. */
export function ingressYaml(f: IngressFixture = {}, prefix = NGINX_PREFIX): string {
  return yaml.dump(ingressObject(f, prefix));
}

/** A Service as YAML. */
export function serviceYaml(name: string, ports: Array<{ name?: string; port: number; appProtocol?: string }>, namespace = 'default'): string {
  return yaml.dump({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: ports.map((p) => ({ protocol: 'TCP', ...p })) } });
}

/** Join YAML documents. */
export function docs(...parts: string[]): string {
  return parts.map((p) => p.trimEnd()).join('\n---\n') + '\n';
}
