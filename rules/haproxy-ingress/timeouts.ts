import { defineRule } from '../types.js';
import { firstOf, splitByServiceOverride } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { haproxyTime, istioDuration } from '../common/values.js';
import { PREFIXES, backendServices, cm, hi } from './keys.js';

/** Backend timeouts (Backend scope). HAProxy timeouts measure inactivity; Istio's route timeout is a total. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/timeouts',
    controller: 'haproxy-ingress',
    description: 'Connect, server and keep-alive timeouts.',
    keys: [
      ...hi('timeout-server', 'partial', 'VirtualService http[].timeout (total, not inactivity)', 'Mapped to the route timeout, which limits the whole response; raise it for streams and long downloads.'),
      ...hi('timeout-connect', 'full', 'DestinationRule connectionPool.tcp.connectTimeout', 'Converted.'),
      ...hi('timeout-http-request', 'partial', 'EnvoyFilter HCM request_headers_timeout', 'Gateway-wide in Envoy; needs an EnvoyFilter on the HTTP connection manager.'),
      ...hi('timeout-keep-alive', 'partial', 'EnvoyFilter HCM common_http_protocol_options.idle_timeout', 'Gateway-wide in Envoy; needs an EnvoyFilter on the HTTP connection manager.'),
      ...hi('timeout-tunnel', 'partial', 'DestinationRule connectionPool.tcp.idleTimeout', 'Websocket/tunnel idle timeout; set connectionPool idle timeouts by hand.'),
      ...hi('timeout-queue', 'none', 'none', 'Envoy does not queue requests waiting for a server slot; nothing to set.'),
      ...hi('timeout-server-fin', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('timeout-client', 'partial', 'EnvoyFilter HCM stream_idle_timeout', 'Client idle timeout is gateway-wide; set it with an EnvoyFilter if needed.'),
      cm('timeout-client-fin', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('timeout-stop', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const server = firstOf(ctx, PREFIXES, 'timeout-server');
    if (server) {
      const ms = haproxyTime(server.value);
      if (ms === undefined) ctx.report({ key: server.key, level: 'error', message: `not a HAProxy time: ${JSON.stringify(server.value)}` });
      else if (ms === 0) ctx.report({ key: server.key, level: 'converted', message: 'no server timeout in HAProxy; Istio sets no route timeout either' });
      else {
        const t = istioDuration(ms);
        ctx.intents.routePatches.push({ key: server.key, patch: { timeout: t } });
        ctx.report({ key: server.key, level: 'partial', message: `route timeout ${t}: HAProxy allowed ${t} of inactivity, Istio allows ${t} for the whole response`, advice: 'Raise the timeout for streaming or long downloads.', tags: ['behaviour-change'] });
      }
    }
    const connect = firstOf(ctx, PREFIXES, 'timeout-connect');
    if (connect) {
      const ms = haproxyTime(connect.value);
      if (ms === undefined) ctx.report({ key: connect.key, level: 'error', message: `not a HAProxy time: ${JSON.stringify(connect.value)}` });
      else if (ms === 0) ctx.report({ key: connect.key, level: 'partial', message: 'HAProxy waited for connections without limit; Istio cannot disable the connect timeout and keeps its 10s default', advice: 'Set a long connectTimeout on the DestinationRule if the backend is slow to accept connections.' });
      else {
        for (const s of splitByServiceOverride(ctx, backendServices(ctx.ingress), PREFIXES, 'timeout-connect', connect.key)) ctx.intents.trafficPolicies.push({ key: connect.key, service: s, policy: { connectionPool: { tcp: { connectTimeout: istioDuration(ms) } } } });
        ctx.report({ key: connect.key, level: 'converted', message: `connect timeout ${istioDuration(ms)}`, tags: ['destinationrule'] });
      }
    }
    for (const n of ['timeout-http-request', 'timeout-keep-alive', 'timeout-tunnel', 'timeout-queue']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: 'unsupported', message: `${n} ${e.value} is not converted (Istio's defaults apply)`, advice: n === 'timeout-tunnel' ? 'Set connectionPool idle timeouts on the Service\'s DestinationRule by hand.' : n === 'timeout-queue' ? 'Nothing equivalent in Envoy.' : 'Needs a gateway-wide EnvoyFilter on the HTTP connection manager.' });
    }
    const fin = firstOf(ctx, PREFIXES, 'timeout-server-fin');
    if (fin) ctx.report({ key: fin.key, level: 'ignored', message: 'not applicable to Istio' });
  },
});
