import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { haproxyTime, istioDuration } from '../common/values.js';
import { PREFIXES, annotation, configMap } from './keys.js';

/**
 * Timeouts. Only `timeout-server` (and `timeout-check`, see health.ts) can be set per Ingress; the rest
 * are controller ConfigMap keys. HAProxy's server timeout is an inactivity timeout, Istio's route
 * timeout a total budget: mapped, with the difference reported.
 */
export default defineRule({
  meta: {
    id: 'haproxytech/timeouts',
    controller: 'haproxytech',
    description: 'Server and client timeouts.',
    keys: [
      ...annotation('timeout-server', 'partial', 'VirtualService http[].timeout (total, not inactivity)', 'Mapped to the route timeout, which limits the whole response rather than idle time; raise it for streams and long downloads.'),
      configMap('timeout-client', 'partial', 'gateway idle timeout (EnvoyFilter / ProxyConfig)', 'Client idle timeout is gateway-wide in Istio; set it through an EnvoyFilter on the HTTP connection manager if needed.'),
      configMap('timeout-client-fin', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('timeout-connect', 'full', 'DestinationRule connectionPool.tcp.connectTimeout', 'Global connect timeout; set connectTimeout in DestinationRules or meshConfig.connectTimeout.'),
      configMap('timeout-http-request', 'partial', 'EnvoyFilter HCM request_headers_timeout', 'Gateway-wide; needs an EnvoyFilter on the HTTP connection manager.'),
      configMap('timeout-http-keep-alive', 'partial', 'EnvoyFilter HCM common_http_protocol_options.idle_timeout', 'Gateway-wide; needs an EnvoyFilter on the HTTP connection manager.'),
      configMap('timeout-queue', 'none', 'none', 'Envoy does not queue requests for a free server slot the way HAProxy does; nothing to set.'),
      configMap('timeout-server-fin', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('timeout-tunnel', 'partial', 'DestinationRule connectionPool.tcp.idleTimeout', 'Websocket/tunnel idle timeout maps roughly to connectionPool idle timeouts.'),
    ],
  },
  create(ctx) {
    const e = firstOf(ctx, PREFIXES, 'timeout-server');
    if (!e) return;
    const ms = haproxyTime(e.value);
    if (ms === undefined) {
      ctx.report({ key: e.key, level: 'error', message: `not a HAProxy time: ${JSON.stringify(e.value)}` });
      return;
    }
    if (ms === 0) {
      ctx.report({ key: e.key, level: 'converted', message: 'no server timeout in HAProxy; Istio sets no route timeout either' });
      return;
    }
    const t = istioDuration(ms);
    ctx.intents.routePatches.push({ key: e.key, patch: { timeout: t } });
    ctx.report({ key: e.key, level: 'partial', message: `route timeout ${t}: HAProxy allowed ${t} of inactivity, Istio allows ${t} for the whole response`, advice: 'Raise the timeout for streaming or long downloads.', tags: ['behaviour-change'] });
  },
});
