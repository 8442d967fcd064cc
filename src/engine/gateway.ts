/**
 * The Gateway: one per run, in the gateway namespace. Servers restrict hosts by namespace
 * (`ns/host`) so one team's VirtualService cannot capture another team's host.
 * - port 80: one HTTP server per namespace with all that namespace's hosts;
 * - port 443: one HTTPS server per (namespace, secret), `mode: SIMPLE`;
 * - port 443 TLS passthrough servers for ssl-passthrough hosts.
 * A host appears in at most one server per port, so Istio never drops a clashing server.
 */
import type { Gateway, Server, ServerTLSSettings } from '../istio/types.js';
import type { ConvertOptions } from '../model/options.js';
import { apiVersionFor, dnsLabel, meta } from './naming.js';

export interface TlsBinding {
  namespace: string;
  secretName: string;
  /** Name of the copy in the gateway namespace. */
  credentialName: string;
  /** `vsNamespace/host` entries. */
  hosts: Set<string>;
  settings?: Partial<ServerTLSSettings>;
  sources: Set<string>;
}

export interface GatewayPlan {
  httpHosts: Map<string, Set<string>>; // namespace → hosts
  tls: Map<string, TlsBinding>; // `${ns}/${secret}` → binding
  passthrough: Map<string, Set<string>>; // namespace → hosts
  sources: Set<string>;
}

export function emptyGatewayPlan(): GatewayPlan {
  return { httpHosts: new Map(), tls: new Map(), passthrough: new Map(), sources: new Set() };
}

/**
 * Name of the copied TLS secret in the gateway namespace: `<namespace>.<secret>`. Namespaces have
 * no dots, so the first label always tells the source namespace and two sources never collide
 * (`a-b/c` and `a/b-c` would both be `a-b-c` with a hyphen).
 */
export function credentialNameFor(namespace: string, secretName: string): string {
  const name = `${namespace}.${secretName}`;
  return name.length <= 253 ? name : dnsLabel(name, 253);
}

const sorted = (s: Iterable<string>) => [...s].sort();

export function buildGateway(plan: GatewayPlan, options: ConvertOptions): Gateway | undefined {
  const servers: Server[] = [];
  for (const ns of sorted(plan.httpHosts.keys())) {
    servers.push({
      port: { number: 80, name: dnsLabel(`http-${ns}`), protocol: 'HTTP' },
      hosts: sorted(plan.httpHosts.get(ns)!).map((h) => `${ns}/${h}`),
    });
  }
  for (const key of sorted(plan.tls.keys())) {
    const b = plan.tls.get(key)!;
    if (b.hosts.size === 0) continue;
    servers.push({
      port: { number: 443, name: dnsLabel(`https-${b.namespace}.${b.secretName}`), protocol: 'HTTPS' },
      hosts: sorted(b.hosts),
      tls: { mode: 'SIMPLE', credentialName: b.credentialName, ...(b.settings ?? {}) },
    });
  }
  for (const ns of sorted(plan.passthrough.keys())) {
    servers.push({
      port: { number: 443, name: dnsLabel(`tls-passthrough-${ns}`), protocol: 'TLS' },
      hosts: sorted(plan.passthrough.get(ns)!).map((h) => `${ns}/${h}`),
      tls: { mode: 'PASSTHROUGH' },
    });
  }
  if (!servers.length) return undefined;
  return {
    apiVersion: apiVersionFor('Gateway', options),
    kind: 'Gateway',
    metadata: meta(options.gatewayName, options.gatewayNamespace, [...plan.sources]),
    spec: { selector: { ...options.gatewaySelector }, servers },
  };
}
