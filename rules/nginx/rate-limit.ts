/**
 * limit-rps, limit-rpm, limit-burst-multiplier (→ Envoy local rate limit via EnvoyFilter, only
 * with `envoyFilters` on), limit-connections, limit-rate(-after), limit-allowlist/-whitelist.
 * nginx limits per client IP; Envoy's local rate limit is one token bucket per gateway pod.
 */
import { goInt, defineNginxRule, ignoreAll, k, key, readInt, refOf, report, show } from './common.js';
import { gatewayHosts, perHostConfig, sharedFilter } from './envoyfilter.js';

const FILTER = 'envoy.filters.http.local_ratelimit';
const TYPE = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';
export const SHARED_RATELIMIT_FILTER = 'ingress2istio-local-ratelimit';

export default defineNginxRule({
  meta: {
    id: 'nginx/rate-limit',
    controller: 'ingress-nginx',
    description: 'Request rate and connection limits.',
    keys: [
      key('limit-rps', 'partial', 'EnvoyFilter envoy.filters.http.local_ratelimit (per gateway pod, per host)', 'Converted to a local token bucket per gateway pod and host, not per client IP; per-client limits need the global rate-limit service.', { docs: 'rate-limiting' }),
      key('limit-rpm', 'partial', 'EnvoyFilter local_ratelimit (fill_interval 60s)', 'Same caveats as limit-rps.', { docs: 'rate-limiting' }),
      key('limit-connections', 'none', 'none', 'Envoy cannot limit concurrent connections per client IP.', { docs: 'rate-limiting' }),
      key('limit-burst-multiplier', 'partial', 'EnvoyFilter local_ratelimit token_bucket.max_tokens', 'Folded into the bucket size.', { docs: 'rate-limiting' }),
      key('limit-rate', 'partial', 'EnvoyFilter envoy.filters.http.bandwidth_limit', 'Not converted: Envoy bandwidth limits are shared per route, not per request.', { docs: 'rate-limiting' }),
      key('limit-rate-after', 'none', 'none', 'No Envoy equivalent.', { docs: 'rate-limiting' }),
      key('limit-allowlist', 'partial', 'global rate limit descriptors', 'Local rate limits cannot exempt client IPs; needs the global rate-limit service.', { docs: 'rate-limiting' }),
      key('limit-whitelist', 'partial', 'same as limit-allowlist', 'Old name of limit-allowlist.', { status: 'alias', docs: 'rate-limiting' }),
    ],
  },
  create(ctx) {
    const rps = readInt(ctx, 'limit-rps', '0 (off)', 0);
    const rpm = readInt(ctx, 'limit-rpm', '0 (off)', 0);
    const multRaw = readInt(ctx, 'limit-burst-multiplier', '5', 1);
    const mult = multRaw ?? 5;
    const status = goInt(ctx.options.nginxConfig['limit-req-status-code'] ?? '') ?? 503;
    const active = (rps ?? 0) > 0 ? ('limit-rps' as const) : (rpm ?? 0) > 0 ? ('limit-rpm' as const) : undefined;
    const hosts = gatewayHosts(ctx);

    if (rps === 0) report(ctx, 'limit-rps', 'ignored', '0: no limit');
    if (rpm === 0) report(ctx, 'limit-rpm', 'ignored', '0: no limit');
    if (!active) {
      ignoreAll(ctx, ['limit-burst-multiplier', 'limit-allowlist', 'limit-whitelist'], 'no effect without limit-rps or limit-rpm');
    } else {
      const rate = active === 'limit-rps' ? rps! : rpm!;
      const per = active === 'limit-rps' ? 's' : 'min';
      const bucket = { max_tokens: rate * mult, tokens_per_fill: rate, fill_interval: active === 'limit-rps' ? '1s' : '60s' };
      const diffs = `nginx limits each client IP to ${rate}/${per} (burst ${rate * mult}, status ${status}); the Envoy local rate limit is ONE bucket per gateway pod for all clients of the host (all paths), refilled ${bucket.tokens_per_fill} tokens every ${bucket.fill_interval} instead of continuously`;
      if (!ctx.options.envoyFilters) {
        report(ctx, active, 'unsupported', `not converted: EnvoyFilters are disabled (--no-envoyfilter); ${diffs.replace('; the Envoy', '. With EnvoyFilters the Envoy')}`, {
          advice: 'Enable EnvoyFilters or configure Envoy (global) rate limiting by hand.',
          tags: ['envoyfilter'],
        });
      } else if (hosts.length === 0) {
        report(ctx, active, 'unsupported', `not converted: the Ingress has no host to scope the limit to (a gateway-wide limit would throttle every host); ${diffs}`, { tags: ['envoyfilter'] });
      } else {
        const shared = sharedFilter(ctx, SHARED_RATELIMIT_FILTER, { name: FILTER, typed_config: { '@type': TYPE, stat_prefix: 'http_local_rate_limiter' } });
        const full = { numerator: 100, denominator: 'HUNDRED' };
        const perHost = perHostConfig(ctx, 'ratelimit', FILTER, {
          '@type': TYPE,
          stat_prefix: 'http_local_rate_limiter',
          token_bucket: bucket,
          filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: full },
          filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: full },
          status: { code: status },
        })!;
        ctx.intents.resources.push({ key: k(active), resource: shared }, { key: k(active), resource: perHost });
        report(ctx, active, 'partial', `EnvoyFilter local rate limit on ${hosts.join(', ')}: ${diffs}`, {
          istio: [refOf(shared), refOf(perHost)],
          tags: ['behaviour-change', 'envoyfilter'],
          advice: 'Per-client limits need Envoy global rate limiting (ratelimit service, remote_address descriptor). EnvoyFilters are version-sensitive: re-test on Istio upgrades.',
        });
      }
      if (active === 'limit-rps' && (rpm ?? 0) > 0)
        report(ctx, 'limit-rpm', 'unsupported', `nginx enforces ${rpm}/min in addition to ${rps}/s; only the per-second limit is emitted`, { tags: ['envoyfilter'] });
      if (multRaw !== undefined) report(ctx, 'limit-burst-multiplier', ctx.options.envoyFilters && hosts.length ? 'converted' : 'ignored', ctx.options.envoyFilters && hosts.length ? `bucket size ${rate} × ${mult} = ${rate * mult} tokens` : 'not converted with the rate limit (see it)');
      const allow = ctx.get(k('limit-allowlist')) ?? ctx.get(k('limit-whitelist'));
      if (allow !== undefined) {
        const used = ctx.has(k('limit-allowlist')) ? 'limit-allowlist' : 'limit-whitelist';
        report(ctx, used, 'unsupported', `clients ${show(allow)} are exempt from the nginx limit; the Envoy local rate limit cannot exempt client IPs, so they are limited too`, { advice: 'Use Envoy global rate limiting with a descriptor that skips these addresses.', tags: ['behaviour-change'] });
        if (used === 'limit-allowlist' && ctx.has(k('limit-whitelist'))) report(ctx, 'limit-whitelist', 'ignored', 'limit-allowlist takes precedence over the old limit-whitelist');
      }
    }
    const conn = readInt(ctx, 'limit-connections', '0 (off)', 0);
    if (conn !== undefined)
      report(ctx, 'limit-connections', conn === 0 ? 'ignored' : 'unsupported', conn === 0 ? '0: no limit' : `nginx allows ${conn} concurrent connections per client IP; Envoy has no per-client connection limit, nothing emitted`, {
        advice: conn === 0 ? undefined : 'Consider the global rate limit service or an upstream connection limit (DestinationRule connectionPool) if the backend needs protection.',
      });
    const lr = readInt(ctx, 'limit-rate', '0 (off)', 0);
    if (lr !== undefined)
      report(ctx, 'limit-rate', lr === 0 ? 'ignored' : 'unsupported', lr === 0 ? '0: no limit' : `nginx throttles each response to ${lr} KB/s; Envoy's bandwidth_limit filter is a shared bucket per route, not per request; nothing emitted`);
    const lra = ctx.get(k('limit-rate-after'));
    if (lra !== undefined) report(ctx, 'limit-rate-after', lr ? 'unsupported' : 'ignored', lr ? 'no Envoy equivalent' : 'no effect without limit-rate');
  },
});
