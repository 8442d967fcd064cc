import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { haproxyTime } from '../common/values.js';
import { istioRef } from '../common/names.js';
import { localRateLimitBase, localRateLimitFilter } from '../common/ratelimit.js';
import { PREFIXES, annotation } from './keys.js';

/**
 * Per-client-IP request rate limits (stick tables). Envoy's local rate limit caps the total per
 * gateway pod, not per client: converted only with EnvoyFilters enabled, as a partial.
 */
export default defineRule({
  meta: {
    id: 'haproxytech/rate-limit',
    controller: 'haproxytech',
    description: 'Request rate limits.',
    keys: [
      ...annotation('rate-limit-requests', 'partial', 'EnvoyFilter local_ratelimit token bucket', 'Becomes a per-gateway-pod limit for the Ingress\'s hosts; per-client limits need Envoy\'s global rate limit service.'),
      ...annotation('rate-limit-period', 'partial', 'EnvoyFilter local_ratelimit fill_interval', 'Period of rate-limit-requests.'),
      ...annotation('rate-limit-status-code', 'partial', 'EnvoyFilter local_ratelimit status', 'Status returned when limited (HAProxy default 403, Envoy default 429).'),
      ...annotation('rate-limit-whitelist', 'partial', 'EnvoyFilter local_ratelimit descriptors (manual)', 'Exempting addresses needs descriptors in the rate-limit config; not generated.'),
      ...annotation('rate-limit-size', 'not-applicable', 'none', 'Not applicable to Istio: stick-table size.'),
    ],
  },
  create(ctx) {
    const req = firstOf(ctx, PREFIXES, 'rate-limit-requests');
    const period = firstOf(ctx, PREFIXES, 'rate-limit-period');
    const status = firstOf(ctx, PREFIXES, 'rate-limit-status-code');
    const white = firstOf(ctx, PREFIXES, 'rate-limit-whitelist');
    const size = firstOf(ctx, PREFIXES, 'rate-limit-size');
    if (size) ctx.report({ key: size.key, level: 'ignored', message: 'stick-table size: not applicable to Istio' });
    if (!req) {
      for (const e of [period, status, white]) if (e) ctx.report({ key: e.key, level: 'ignored', message: 'no effect without rate-limit-requests' });
      return;
    }
    const n = Number(req.value);
    const ms = period ? haproxyTime(period.value) : 1000;
    const code = status ? Number(status.value) : 403;
    if (!Number.isInteger(n) || n < 1) return ctx.report({ key: req.key, level: 'error', message: `not a positive integer: ${JSON.stringify(req.value)}` });
    if (ms === undefined || ms < 1) return ctx.report({ key: period!.key, level: 'error', message: `not a HAProxy time: ${JSON.stringify(period!.value)}` });
    // Envoy rejects token-bucket fill intervals under 50ms (the whole listener config would be refused).
    if (ms < 50) {
      for (const e of [req, period, status]) if (e) ctx.report({ key: e.key, level: 'unsupported', message: `rate limit not converted: a period of ${ms}ms is below Envoy's 50ms minimum fill interval` , advice: 'Express the limit over a longer period (e.g. 10x the requests per 10x the period).', tags: ['envoyfilter'] });
      if (white) ctx.report({ key: white.key, level: 'ignored', message: 'no effect: the rate limit is not converted' });
      return;
    }
    if (!Number.isInteger(code) || code < 100 || code > 599) return ctx.report({ key: status!.key, level: 'error', message: `not an HTTP status: ${JSON.stringify(status!.value)}` });
    const differs = `HAProxy counted ${n} requests per ${ms}ms per client address; Envoy's local limit counts all clients together, per gateway pod, for whole hosts`;
    if (!ctx.options.envoyFilters) {
      for (const e of [req, period, status]) if (e) ctx.report({ key: e.key, level: 'unsupported', message: `rate limit not converted (EnvoyFilters disabled): ${differs}`, advice: 'Enable EnvoyFilters or configure Envoy\'s global rate limit service.', tags: ['envoyfilter'] });
    } else {
      const base = localRateLimitBase(ctx.options);
      const filter = localRateLimitFilter(ctx.ingress, ctx.options, 'rate-limit', { tokens: n, fillIntervalMs: ms, status: code });
      ctx.intents.resources.push({ key: req.key, resource: base }, { key: req.key, resource: filter });
      const refs = [istioRef('EnvoyFilter', base.metadata), istioRef('EnvoyFilter', filter.metadata)];
      for (const e of [req, period, status]) if (e) ctx.report({ key: e.key, level: 'partial', message: differs, advice: 'For per-client limits use Envoy\'s global rate limit service with a remote_address descriptor.', tags: ['envoyfilter', 'client-ip'], istio: refs });
    }
    if (white) ctx.report({ key: white.key, level: 'unsupported', message: `addresses ${white.value} are not exempt from the converted limit`, advice: 'Add rate-limit descriptors that skip these addresses by hand.', tags: ['envoyfilter'] });
  },
});
