/**
 * proxy-connect-timeout, proxy-send-timeout, proxy-read-timeout (integers, seconds).
 * nginx read/send timeouts are idle timeouts between two operations; Istio's route timeout is a
 * total request timeout, and Istio has no route timeout at all by default.
 */
import { backendList, defineNginxRule, k, key, readInt, report, serviceBackends } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/timeouts',
    controller: 'ingress-nginx',
    description: 'Upstream connect/read/send timeouts.',
    keys: [
      key('proxy-connect-timeout', 'full', 'DestinationRule.trafficPolicy.connectionPool.tcp.connectTimeout', "Converted to '<n>s' on the backends' DestinationRule (gateway-scoped).", { docs: 'custom-timeouts' }),
      key('proxy-send-timeout', 'partial', 'none directly (EnvoyFilter route idle_timeout)', 'Not converted: an idle send timeout has no VirtualService field; add an EnvoyFilter idle_timeout if it matters.', { docs: 'custom-timeouts' }),
      key('proxy-read-timeout', 'partial', 'VirtualService.http[].timeout (total request timeout)', 'Converted to a total route timeout; for streaming/long-poll routes raise or remove it (nginx only limits idle time between reads).', { docs: 'custom-timeouts' }),
    ],
  },
  create(ctx) {
    const backends = serviceBackends(ctx);
    const cfg = ctx.options.nginxConfig;
    const connect = readInt(ctx, 'proxy-connect-timeout', `ConfigMap proxy-connect-timeout, ${cfg['proxy-connect-timeout'] ?? '5'}s`, 0);
    if (connect !== undefined) {
      if (connect === 0) {
        report(ctx, 'proxy-connect-timeout', 'unsupported', 'a 0s connect timeout is not a valid nginx setting; nothing emitted');
      } else {
        for (const b of backends) {
          ctx.intents.trafficPolicies.push({ key: k('proxy-connect-timeout'), service: b.service, ...(b.port !== undefined ? { port: b.port } : {}), policy: { connectionPool: { tcp: { connectTimeout: `${connect}s` } } } });
        }
        report(ctx, 'proxy-connect-timeout', 'converted', `connectTimeout ${connect}s on the DestinationRule of ${backendList(backends) || 'no Service backend'} (gateway-scoped; per Service, not per path)`);
      }
    }
    const send = readInt(ctx, 'proxy-send-timeout', `ConfigMap proxy-send-timeout, ${cfg['proxy-send-timeout'] ?? '60'}s`, 0);
    if (send !== undefined) {
      report(ctx, 'proxy-send-timeout', 'unsupported', `nginx aborts when sending to the backend stalls for ${send}s; Istio has no such idle limit in VirtualService/DestinationRule, so nothing was emitted`, {
        advice: 'Usually safe to drop; for an exact idle limit add an EnvoyFilter setting the route idle_timeout.',
      });
    }
    const read = readInt(ctx, 'proxy-read-timeout', `ConfigMap proxy-read-timeout, ${cfg['proxy-read-timeout'] ?? '60'}s`, 0);
    if (read !== undefined) {
      if (read === 0) {
        report(ctx, 'proxy-read-timeout', 'unsupported', '0 is not a usable nginx read timeout; nothing emitted (Istio default: no timeout)');
      } else {
        ctx.intents.routePatches.push({ key: k('proxy-read-timeout'), patch: { timeout: `${read}s` } });
        report(
          ctx,
          'proxy-read-timeout',
          'partial',
          `route timeout ${read}s: nginx limits the time between two reads from the backend, Istio limits the whole request, so responses that stream longer than ${read}s are cut in Istio but not in nginx`,
          { advice: 'For streaming, long-poll or WebSocket routes raise the timeout or remove it.', tags: ['behaviour-change'] },
        );
      }
    }
  },
});
