import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { key } from '../common/meta.js';
import { PREFIXES, docs } from './keys.js';

/** Custom responses for HAProxy-generated status codes (`http-response-404`, `-503`, …). */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/errors',
    controller: 'haproxy-ingress',
    description: 'Custom error responses.',
    keys: PREFIXES.map((p, i) =>
      key(`${p}http-response-*`, 'partial', 'EnvoyFilter local_reply_config / custom_response filter', 'Envoy\'s own error responses can be replaced only with an EnvoyFilter; not generated.', { docs: docs('http-response'), ...(i ? { status: 'alias' as const } : {}) }),
    ),
  },
  create(ctx) {
    reportEach(ctx, (k) => ({ level: 'unsupported', message: `custom response for ${k.replace(/^.*http-response-/, '')} is not converted; Envoy's default error body is sent`, advice: 'Use an EnvoyFilter with local_reply_config or the custom_response filter.', tags: ['envoyfilter'] }));
  },
});
