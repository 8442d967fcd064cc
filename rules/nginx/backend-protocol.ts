/**
 * backend-protocol, proxy-http-version, connection-proxy-header: how the gateway talks to the
 * backends. DestinationRules are gateway-scoped by the engine (gateway namespace + workloadSelector).
 */
import type { TrafficPolicy } from '../../src/istio/types.js';
import type { RuleContext } from '../types.js';
import { backendList, defineNginxRule, k, key, report, serviceBackends, show, type BackendRef } from './common.js';

const VALID = ['HTTP', 'HTTPS', 'AUTO_HTTP', 'GRPC', 'GRPCS', 'FCGI'];
const PROXY_SSL = ['proxy-ssl-secret', 'proxy-ssl-verify', 'proxy-ssl-name', 'proxy-ssl-server-name', 'proxy-ssl-verify-depth', 'proxy-ssl-ciphers', 'proxy-ssl-protocols'];

/** Effective backend protocol of the Ingress (upper-case, HTTP when absent or invalid). */
export function backendProtocol(ctx: RuleContext): string {
  const v = (ctx.get(k('backend-protocol')) ?? 'HTTP').trim().toUpperCase();
  return VALID.includes(v) ? v : 'HTTP';
}

/** Service port already declares HTTP/2 (appProtocol or port-name convention). */
function declaresH2(ctx: RuleContext, b: BackendRef): boolean {
  const svc = ctx.service(ctx.ingress.namespace, b.service);
  const port = svc?.ports.find((p) => p.port === b.port);
  if (!port) return false;
  const ap = (port.appProtocol ?? '').toLowerCase();
  if (['grpc', 'http2', 'h2c', 'grpc-web', 'kubernetes.io/h2c'].includes(ap)) return true;
  return /^(grpc|http2|h2c)(-|$)/.test((port.name ?? '').toLowerCase());
}

export default defineNginxRule({
  meta: {
    id: 'nginx/backend-protocol',
    controller: 'ingress-nginx',
    description: 'Protocol and connection handling towards the backends.',
    keys: [
      key(
        'backend-protocol',
        'partial',
        'DestinationRule.trafficPolicy {tls: {mode: SIMPLE, insecureSkipVerify: true}, connectionPool.http.h2UpgradePolicy: UPGRADE}',
        'HTTPS/GRPCS keep nginx\'s no-verify default (insecureSkipVerify); GRPC needs HTTP/2 upstream; AUTO_HTTP and FCGI have no Envoy equivalent.',
        { docs: 'backend-protocol' },
      ),
      key('proxy-http-version', 'partial', 'n/a for 1.1 (Envoy default)', "'1.1' needs nothing; '1.0' upstream is not supported by Envoy.", { docs: 'proxy-http-version' }),
      key('connection-proxy-header', 'partial', 'DestinationRule.trafficPolicy.connectionPool.http.maxRequestsPerConnection: 1 (close)', "'keep-alive' is Envoy's default; 'close' becomes one request per upstream connection.", { docs: 'connection-proxy-header' }),
    ],
  },
  create(ctx) {
    const backends = serviceBackends(ctx);
    const raw = ctx.get(k('backend-protocol'))?.trim();
    if (raw !== undefined) {
      const v = raw.toUpperCase();
      const hasProxySsl = PROXY_SSL.some((n) => ctx.has(k(n)));
      const push = (policy: TrafficPolicy, b: BackendRef) =>
        ctx.intents.trafficPolicies.push({ key: k('backend-protocol'), service: b.service, ...(b.port !== undefined ? { port: b.port } : {}), policy });
      const list = backendList(backends) || 'no Service backend';
      if (!VALID.includes(v)) {
        report(ctx, 'backend-protocol', 'error', `"${show(raw)}" is not one of ${VALID.join(', ')}; ingress-nginx falls back to HTTP`);
      } else if (v === 'HTTP') {
        report(ctx, 'backend-protocol', 'converted', 'plain HTTP/1.1 to the backend (default)');
      } else if (v === 'AUTO_HTTP' || v === 'FCGI') {
        report(ctx, 'backend-protocol', 'unsupported', v === 'FCGI' ? 'Envoy cannot talk FastCGI to a backend; nothing emitted' : 'AUTO_HTTP (HTTP or HTTPS following the request scheme) has no Envoy equivalent; plain HTTP is used', {
          advice: v === 'FCGI' ? 'Put an HTTP server (e.g. nginx or php-fpm behind a web server) in front of the FastCGI application.' : 'Choose HTTP or HTTPS explicitly.',
        });
      } else {
        const tls = v === 'HTTPS' || v === 'GRPCS';
        const grpc = v === 'GRPC' || v === 'GRPCS';
        const notes: string[] = [];
        for (const b of backends) {
          const policy: TrafficPolicy = {};
          if (tls && !hasProxySsl) policy.tls = { mode: 'SIMPLE', insecureSkipVerify: true };
          if (grpc && !declaresH2(ctx, b)) policy.connectionPool = { http: { h2UpgradePolicy: 'UPGRADE' } };
          if (policy.tls || policy.connectionPool) push(policy, b);
        }
        if (tls) notes.push(hasProxySsl ? 'TLS to the backend (settings from proxy-ssl-*)' : 'TLS origination without certificate verification (tls SIMPLE, insecureSkipVerify: true), like nginx; do not use it for meshed backends, which already get Istio mutual TLS');
        if (grpc) notes.push('HTTP/2 to the backend (h2UpgradePolicy UPGRADE unless the Service port declares grpc/http2)');
        report(ctx, 'backend-protocol', 'converted', `${v}: ${notes.join('; ')} on ${list}`, { tags: tls && !hasProxySsl ? ['insecure-skip-verify'] : [] });
      }
    }
    const hv = ctx.get(k('proxy-http-version'));
    if (hv !== undefined) {
      if (hv === '1.1') report(ctx, 'proxy-http-version', 'converted', 'HTTP/1.1 upstream (Envoy default)');
      else if (hv === '1.0') report(ctx, 'proxy-http-version', 'unsupported', 'Envoy cannot speak HTTP/1.0 to backends; HTTP/1.1 is used', { tags: ['behaviour-change'] });
      else report(ctx, 'proxy-http-version', 'error', `"${show(hv)}" is not 1.0 or 1.1; nginx rejects it`);
    }
    const ch = ctx.get(k('connection-proxy-header'));
    if (ch !== undefined) {
      if (ch === 'keep-alive') report(ctx, 'connection-proxy-header', 'converted', 'upstream connections are reused (Envoy default)');
      else if (ch === 'close') {
        for (const b of backends) ctx.intents.trafficPolicies.push({ key: k('connection-proxy-header'), service: b.service, ...(b.port !== undefined ? { port: b.port } : {}), policy: { connectionPool: { http: { maxRequestsPerConnection: 1 } } } });
        report(ctx, 'connection-proxy-header', 'partial', `one request per upstream connection (maxRequestsPerConnection: 1) on ${backendList(backends)}; Envoy does not forward the Connection: close header itself`);
      } else report(ctx, 'connection-proxy-header', 'unsupported', `"${show(ch)}": nginx sends this Connection header verbatim; Envoy treats Connection as hop-by-hop and cannot set it`);
    }
  },
});
