import { defineRule } from '../types.js';
import { istioRef } from '../common/names.js';
import { localRateLimitBase, localRateLimitFilter } from '../common/ratelimit.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { k, nicBool, rejected } from './keys.js';

const P = 'nginx.org/limit-req-';
const RATE = `${P}rate`;

/**
 * `limit-req-*`: NGINX limit_req, keyed by client address by default. Envoy's local rate limit
 * counts all clients together per gateway pod and never delays (like nodelay): converted as an
 * EnvoyFilter (when enabled) with the differences reported.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/rate-limit',
    controller: 'nginx-inc',
    description: 'Request rate limiting (limit_req).',
    keys: [
      k(RATE, 'partial', 'EnvoyFilter local_ratelimit token bucket', 'Becomes a per-gateway-pod limit on the Ingress\'s hosts; per-client limits need Envoy\'s global rate limit service.'),
      k(`${P}key`, 'partial', 'rate limit descriptors (remote_address, request_headers)', 'The local limit has no key; per-key limits need the global rate limit service.'),
      k(`${P}burst`, 'partial', 'local_ratelimit token_bucket.max_tokens', 'Converted as extra bucket capacity.'),
      k(`${P}no-delay`, 'partial', 'none (Envoy never delays)', 'Envoy rejects at once, as nodelay; without nodelay NGINX queued excess requests.'),
      k(`${P}delay`, 'none', 'none', 'Envoy cannot delay excess requests; they are rejected.'),
      k(`${P}dry-run`, 'partial', 'local_ratelimit filter_enforced 0%', 'Converted: counted, not enforced.'),
      k(`${P}reject-code`, 'partial', 'local_ratelimit status', 'Converted.'),
      k(`${P}zone-size`, 'not-applicable', 'none', NOT_APPLICABLE),
      k(`${P}log-level`, 'not-applicable', 'none', NOT_APPLICABLE),
      k(`${P}scale`, 'not-applicable', 'none (the local limit is per pod anyway)', 'Not applicable to Istio: Envoy\'s local limit is already per gateway pod.'),
    ],
  },
  create(ctx) {
    for (const n of ['zone-size', 'log-level', 'scale']) if (ctx.has(P + n)) ctx.report({ key: P + n, level: 'ignored', message: 'not applicable to Istio' });
    const rate = ctx.get(RATE);
    const others = ['key', 'burst', 'no-delay', 'delay', 'dry-run', 'reject-code'].map((n) => P + n).filter((x) => ctx.has(x));
    if (rate === undefined) {
      for (const x of others) ctx.report({ key: x, level: 'ignored', message: `no effect without ${RATE}` });
      return;
    }
    const m = /^(\d+)r\/(s|m)$/.exec(rate.trim());
    if (!m || Number(m[1]) < 1) return rejected(ctx, RATE, `expected <n>r/s or <n>r/m, got ${JSON.stringify(rate)}`);
    const burst = ctx.get(`${P}burst`);
    if (burst !== undefined && !/^\d+$/.test(burst.trim())) return rejected(ctx, `${P}burst`, `not an integer: ${JSON.stringify(burst)}`);
    const code = ctx.get(`${P}reject-code`);
    if (code !== undefined && !(/^\d{3}$/.test(code.trim()) && Number(code) >= 400 && Number(code) <= 599)) return rejected(ctx, `${P}reject-code`, `expected 400-599, got ${JSON.stringify(code)}`);
    const dry = ctx.get(`${P}dry-run`) !== undefined ? nicBool(ctx.get(`${P}dry-run`)!) : false;
    const key = ctx.get(`${P}key`) ?? '${binary_remote_addr}';
    const differs = `NGINX limited each ${key === '${binary_remote_addr}' ? 'client address' : `value of ${key}`} to ${rate}; Envoy's local limit counts all clients together, per gateway pod, on the Ingress's whole hosts`;
    if (!ctx.options.envoyFilters) {
      ctx.report({ key: RATE, level: 'unsupported', message: `rate limit not converted (EnvoyFilters disabled): ${differs}`, advice: 'Enable EnvoyFilters or configure Envoy\'s global rate limit service.', tags: ['envoyfilter'] });
      for (const x of others) ctx.report({ key: x, level: 'unsupported', message: `goes with ${RATE}, which is not converted` });
      return;
    }
    const base = localRateLimitBase(ctx.options);
    const filter = localRateLimitFilter(ctx.ingress, ctx.options, 'rate-limit', { tokens: Number(m[1]), fillIntervalMs: m[2] === 's' ? 1000 : 60_000, status: code ? Number(code) : 429, burst: burst ? Number(burst) : 0, dryRun: dry === true });
    ctx.intents.resources.push({ key: RATE, resource: base }, { key: RATE, resource: filter });
    const refs = [istioRef('EnvoyFilter', base.metadata), istioRef('EnvoyFilter', filter.metadata)];
    ctx.report({ key: RATE, level: 'partial', message: differs, advice: 'For per-client limits use Envoy\'s global rate limit service with a remote_address descriptor.', tags: ['envoyfilter', 'client-ip'], istio: refs });
    for (const x of others) {
      const n = x.slice(P.length);
      if (n === 'key') ctx.report({ key: x, level: 'partial', message: `key ${key} is not used: the local limit has no key`, istio: refs });
      else if (n === 'burst') ctx.report({ key: x, level: 'partial', message: `burst ${burst} added to the bucket (NGINX ${ctx.get(`${P}no-delay`) === 'true' ? 'served the burst at once' : 'queued the burst'})`, istio: refs });
      else if (n === 'no-delay') ctx.report({ key: x, level: nicBool(ctx.get(x)!) ? 'converted' : 'partial', message: nicBool(ctx.get(x)!) ? 'excess requests rejected at once, as Envoy does' : 'NGINX delayed excess requests; Envoy rejects them', istio: refs });
      else if (n === 'delay') ctx.report({ key: x, level: 'unsupported', message: `delaying after ${ctx.get(x)} requests is not reproduced: Envoy rejects excess requests at once` });
      else if (n === 'dry-run') ctx.report({ key: x, level: 'converted', message: dry ? 'counted, not enforced' : 'enforced', istio: refs });
      else if (n === 'reject-code') ctx.report({ key: x, level: 'converted', message: `limited requests get ${code}`, istio: refs });
    }
  },
});
