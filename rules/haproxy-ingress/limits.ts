import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { istioRef } from '../common/names.js';
import { localRateLimitBase, localRateLimitFilter } from '../common/ratelimit.js';
import { PREFIXES, cm, hi } from './keys.js';

const ADVICE = 'Envoy has no per-backend concurrent-connection cap matching HAProxy\'s; size the gateway or use connectionPool limits per Service.';

/** Rate, connection and body-size limits. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/limits',
    controller: 'haproxy-ingress',
    description: 'Rate limits, connection limits and request body size.',
    keys: [
      ...hi('limit-rps', 'partial', 'EnvoyFilter local_ratelimit (per gateway pod) or global rate limit service', 'Becomes a per-gateway-pod request limit for the Ingress\'s hosts; per-client limits need Envoy\'s global rate limit service.'),
      ...hi('limit-whitelist', 'partial', 'rate limit descriptors (manual)', 'Exempting addresses needs rate-limit descriptors; not generated.'),
      ...hi('limit-connections', 'none', 'none', ADVICE),
      cm('max-connections', 'none', 'none', 'Global connection cap of HAProxy; size the gateway Deployment (replicas, HPA) instead.'),
      ...hi('proxy-body-size', 'partial', 'EnvoyFilter buffer filter max_request_bytes', 'Istio sets no body limit; a buffer-filter EnvoyFilter enforces one but buffers whole bodies.'),
    ],
  },
  create(ctx) {
    const rps = firstOf(ctx, PREFIXES, 'limit-rps');
    const white = firstOf(ctx, PREFIXES, 'limit-whitelist');
    if (rps) {
      const n = Number(rps.value);
      const differs = `HAProxy limited each client address to ${rps.value} connections per second; Envoy's local limit counts requests of all clients together, per gateway pod, for whole hosts`;
      if (!Number.isInteger(n) || n < 1) ctx.report({ key: rps.key, level: 'error', message: `not a positive integer: ${JSON.stringify(rps.value)}` });
      else if (!ctx.options.envoyFilters) ctx.report({ key: rps.key, level: 'unsupported', message: `rate limit not converted (EnvoyFilters disabled): ${differs}`, advice: 'Enable EnvoyFilters or configure Envoy\'s global rate limit service.', tags: ['envoyfilter'] });
      else {
        const base = localRateLimitBase(ctx.options);
        const filter = localRateLimitFilter(ctx.ingress, ctx.options, 'rate-limit', { tokens: n, fillIntervalMs: 1000 });
        ctx.intents.resources.push({ key: rps.key, resource: base }, { key: rps.key, resource: filter });
        ctx.report({ key: rps.key, level: 'partial', message: differs, advice: 'For per-client limits use Envoy\'s global rate limit service with a remote_address descriptor.', tags: ['envoyfilter', 'client-ip'], istio: [istioRef('EnvoyFilter', base.metadata), istioRef('EnvoyFilter', filter.metadata)] });
      }
    }
    if (white) ctx.report({ key: white.key, level: rps ? 'unsupported' : 'ignored', message: rps ? `addresses ${white.value} are not exempt from the converted limit` : 'no effect without limit-rps', advice: rps ? 'Add rate-limit descriptors that skip these addresses by hand.' : undefined });
    const conn = firstOf(ctx, PREFIXES, 'limit-connections');
    if (conn) ctx.report({ key: conn.key, level: 'unsupported', message: `per-client connection limit ${conn.value} is not converted`, advice: ADVICE });
    const body = firstOf(ctx, PREFIXES, 'proxy-body-size');
    if (body) {
      const unlimited = body.value.trim() === 'unlimited';
      ctx.report({ key: body.key, level: unlimited ? 'converted' : 'unsupported', message: unlimited ? 'no body size limit, as Istio' : `requests bodies larger than ${body.value} were refused (413); Istio accepts any size`, advice: unlimited ? undefined : 'Add an EnvoyFilter with the buffer filter (max_request_bytes) for these routes if the limit matters.', tags: unlimited ? undefined : ['behaviour-change', 'envoyfilter'] });
    }
  },
});
