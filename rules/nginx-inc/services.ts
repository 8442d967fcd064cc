import { defineRule } from '../types.js';
import type { TrafficPolicy } from '../../src/istio/types.js';
import { backendServices, k, serviceList } from './keys.js';

const SSL = 'nginx.org/ssl-services';
const GRPC = 'nginx.org/grpc-services';
const WS = 'nginx.org/websocket-services';

/**
 * Per-Service protocol lists. NIC never reads Service annotations; it lists Service names here.
 * HTTPS to a Service is not verified (verification comes from egressMTLS Policies, not read).
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/services',
    controller: 'nginx-inc',
    description: 'HTTPS, gRPC and websocket backends by Service name.',
    keys: [
      k(SSL, 'full', 'DestinationRule trafficPolicy.tls {mode: SIMPLE, insecureSkipVerify: true}', 'Converted per listed Service, without certificate verification as NIC.'),
      k(GRPC, 'full', 'DestinationRule connectionPool.http.h2UpgradePolicy: UPGRADE', 'Converted; also name the Service port grpc-* or set appProtocol: grpc.'),
      k(WS, 'full', 'none needed (Istio upgrades websockets on every route)', 'Nothing to do: Istio upgrades websockets on every route.'),
    ],
  },
  create(ctx) {
    const routed = new Set(backendServices(ctx));
    const ssl = ctx.get(SSL) !== undefined ? serviceList(ctx.get(SSL)!) : [];
    const grpc = ctx.get(GRPC) !== undefined ? serviceList(ctx.get(GRPC)!) : [];
    for (const [key, list] of [[SSL, ssl], [GRPC, grpc]] as const) {
      if (!ctx.has(key)) continue;
      const used = list.filter((s) => routed.has(s));
      const unused = list.filter((s) => !routed.has(s));
      for (const s of used) {
        const policy: TrafficPolicy = key === SSL ? { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } : { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } };
        ctx.intents.trafficPolicies.push({ key, service: s, policy });
      }
      const what = key === SSL ? 'HTTPS without certificate verification' : `HTTP/2 (gRPC)${used.some((s) => ssl.includes(s)) ? ' over TLS' : ''}`;
      ctx.report({ key, level: used.length ? 'converted' : 'ignored', message: `${used.length ? `${what} to ${used.join(', ')}` : 'no listed Service is a backend of this Ingress'}${unused.length && used.length ? `; ${unused.join(', ')} not a backend here (no effect)` : ''}`, advice: key === GRPC && used.length ? 'Also declare the Service port as grpc (appProtocol) so Istio keeps HTTP/2 end to end.' : undefined, tags: used.length ? ['destinationrule'] : undefined });
    }
    const ws = ctx.get(WS);
    if (ws !== undefined) ctx.report({ key: WS, level: 'converted', message: `websockets to ${serviceList(ws).join(', ')}: Istio upgrades websockets on every route` });
  },
});
