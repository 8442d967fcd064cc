import { defineRule, type RuleContext } from '../types.js';
import { key } from '../common/meta.js';
import type { Service } from '../../src/model/ingress.js';
import type { TrafficPolicy } from '../../src/istio/types.js';
import { SERVICE_DOCS } from './docs.js';

export const PREFIX = 'projectcontour.io/';
const MAX_CONN = 'max-connections';
const MAX_PENDING = 'max-pending-requests';
const MAX_REQ = 'max-requests';
const MAX_RETRIES = 'max-retries';
const PER_HOST = 'per-host-max-connections';
const H2 = 'upstream-protocol.h2';
const H2C = 'upstream-protocol.h2c';
const TLS = 'upstream-protocol.tls';

/** Backend Services of the Ingress (rules and default backend), sorted, unique. */
export function backendServices(ctx: RuleContext): string[] {
  const names = new Set<string>();
  const all = [...ctx.ingress.rules.flatMap((r) => r.paths.map((p) => p.backend)), ...(ctx.ingress.defaultBackend ? [ctx.ingress.defaultBackend] : [])];
  for (const b of all) if (b.kind === 'service') names.add(b.service);
  return [...names].sort();
}

/** Resolve `80,https` against the Service's ports; unknown entries are returned apart. */
export function resolvePorts(svc: Service, value: string): { ports: number[]; unknown: string[] } {
  const ports = new Set<number>();
  const unknown: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const byName = svc.ports.find((p) => p.name === item);
    const byNumber = /^\d+$/.test(item) ? svc.ports.find((p) => p.port === Number(item)) : undefined;
    const port = byName ?? byNumber;
    if (port) ports.add(port.port);
    else unknown.push(item);
  }
  return { ports: [...ports].sort((a, b) => a - b), unknown };
}

/**
 * The Service annotations Contour reads (circuit breakers, upstream protocol), turned into
 * DestinationRule traffic policies for each backend Service of the Ingress. Shared with the legacy
 * `contour.heptio.com/` spelling (removed.ts) through `prefix`.
 */
export function serviceAnnotations(ctx: RuleContext, prefix: string, emit: boolean): void {
  for (const name of backendServices(ctx)) {
    const svc = ctx.service(ctx.ingress.namespace, name);
    if (!svc) continue;
    const get = (k: string): string | undefined => svc.annotations[prefix + k];
    const data = { service: `${svc.namespace}/${svc.name}` };
    const report = (k: string, level: 'converted' | 'partial' | 'unsupported' | 'ignored' | 'error', message: string, advice?: string, tags?: string[]): void =>
      ctx.report({ key: prefix + k, level, message: `Service ${svc.name}: ${message}`, advice, tags, data });
    if (!emit) {
      for (const k of Object.keys(svc.annotations).filter((a) => a.startsWith(prefix)).sort()) {
        if (k === `${prefix}ingress.class`) continue;
        ctx.report({ key: k, level: 'ignored', message: `Service ${svc.name}: Contour stopped reading ${prefix}* keys in v1.11.0; had no effect since v1.11`, advice: `If the cluster ran Contour ≥ v1.11, drop it; if older, use projectcontour.io/${k.slice(prefix.length)}.`, tags: ['removed-key'], data });
      }
      continue;
    }
    const policy: TrafficPolicy = {};
    let policyKey: string | undefined;
    const limit = (k: string, set: (n: number) => void, what: string): void => {
      const v = get(k);
      if (v === undefined) return;
      const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (Number.isNaN(n) || n > 4294967295) return report(k, 'error', `not a uint32: ${JSON.stringify(v)}; Contour ignores it (Envoy default 1024)`);
      if (n === 0) return report(k, 'ignored', '0 means unset in Contour (Envoy default 1024); Istio default kept');
      set(n);
      policyKey ??= prefix + k;
      report(k, 'converted', `${what} ${n}`);
    };
    limit(MAX_CONN, (n) => ((policy.connectionPool ??= {}).tcp = { ...policy.connectionPool?.tcp, maxConnections: n }), 'connectionPool.tcp.maxConnections');
    limit(MAX_PENDING, (n) => ((policy.connectionPool ??= {}).http = { ...policy.connectionPool?.http, http1MaxPendingRequests: n }), 'connectionPool.http.http1MaxPendingRequests');
    limit(MAX_REQ, (n) => ((policy.connectionPool ??= {}).http = { ...policy.connectionPool?.http, http2MaxRequests: n }), 'connectionPool.http.http2MaxRequests');
    limit(MAX_RETRIES, (n) => ((policy.connectionPool ??= {}).http = { ...policy.connectionPool?.http, maxRetries: n }), 'connectionPool.http.maxRetries');
    if (policyKey) ctx.intents.trafficPolicies.push({ key: policyKey, service: svc.name, policy });
    if (get(PER_HOST) !== undefined) {
      report(PER_HOST, 'unsupported', `per-endpoint connection limit ${get(PER_HOST)} not carried over`, 'Istio has no per-host threshold; add an EnvoyFilter patching the cluster\'s circuit_breakers.per_host_thresholds if you need it.', ['envoyfilter']);
    }
    const protos: Array<[string, TrafficPolicy, string]> = [
      [H2C, { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } }, 'HTTP/2 cleartext (h2UpgradePolicy UPGRADE)'],
      [TLS, { tls: { mode: 'SIMPLE', insecureSkipVerify: true } }, 'TLS without certificate verification, as Contour does'],
      [H2, { tls: { mode: 'SIMPLE', insecureSkipVerify: true }, connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } }, 'HTTP/2 over TLS without certificate verification'],
    ];
    const claimed = new Map<number, string>();
    for (const [k, p, what] of protos) {
      const v = get(k);
      if (v === undefined) continue;
      const { ports, unknown } = resolvePorts(svc, v);
      for (const port of ports) {
        const prev = claimed.get(port);
        if (prev) report(k, 'error', `port ${port} is also listed in ${prefix}${prev}; Contour picks one protocol, check which`, undefined, ['conflict']);
        claimed.set(port, k);
        ctx.intents.trafficPolicies.push({ key: prefix + k, service: svc.name, port, policy: p });
      }
      if (unknown.length) report(k, 'error', `port(s) ${unknown.join(', ')} are not ports of the Service; Contour ignores them`);
      if (!ports.length && !unknown.length) report(k, 'ignored', 'empty port list: no effect');
      if (ports.length) {
        const level = k === H2 ? 'partial' : 'converted';
        report(k, level, `port(s) ${ports.join(', ')}: ${what}`, k === H2 ? 'Istio picks the upstream HTTP version from the Service port protocol; also set appProtocol: http2 (or name the port grpc-/http2-) so Istio does not downgrade.' : undefined, k === H2 ? ['behaviour-change'] : undefined);
      }
    }
  }
}

/**
 * Contour reads these from the *Service*, not the Ingress. The engine runs this rule for every
 * Contour Ingress (the keys are `on: 'service'`) and the rule reads each backend Service.
 */
export default defineRule({
  meta: {
    id: 'contour/upstream',
    controller: 'contour',
    description: 'Service annotations: circuit breakers and upstream protocol, as DestinationRules.',
    keys: [
      key(PREFIX + MAX_CONN, 'full', 'DestinationRule trafficPolicy.connectionPool.tcp.maxConnections', 'Converted for the Service\'s DestinationRule.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + MAX_PENDING, 'full', 'DestinationRule trafficPolicy.connectionPool.http.http1MaxPendingRequests', 'Converted for the Service\'s DestinationRule.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + MAX_REQ, 'full', 'DestinationRule trafficPolicy.connectionPool.http.http2MaxRequests', 'Converted for the Service\'s DestinationRule.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + MAX_RETRIES, 'full', 'DestinationRule trafficPolicy.connectionPool.http.maxRetries', 'Converted for the Service\'s DestinationRule.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + PER_HOST, 'partial', 'EnvoyFilter (cluster circuit_breakers.per_host_thresholds)', 'Needs an EnvoyFilter on the gateway; not generated.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + H2, 'partial', 'DestinationRule portLevelSettings[].tls SIMPLE + connectionPool.http.h2UpgradePolicy UPGRADE', 'Converted per port; also declare the Service port as http2 so Istio keeps HTTP/2.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + H2C, 'full', 'DestinationRule portLevelSettings[].connectionPool.http.h2UpgradePolicy UPGRADE', 'Converted per port.', { docs: SERVICE_DOCS, on: 'service' }),
      key(PREFIX + TLS, 'full', 'DestinationRule portLevelSettings[].tls {mode: SIMPLE, insecureSkipVerify: true}', 'Converted per port without certificate verification, as Contour; add caCertificates to verify.', { docs: SERVICE_DOCS, on: 'service' }),
    ],
  },
  create(ctx) {
    serviceAnnotations(ctx, PREFIX, true);
  },
});
