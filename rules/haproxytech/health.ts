import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { annotation } from './keys.js';

const ADVICE = 'Istio has no active health checks; rely on Kubernetes readiness probes, and consider DestinationRule outlierDetection for passive ejection.';

/** Active health checks (on by default in haproxytech): no Istio counterpart. */
export default defineRule({
  meta: {
    id: 'haproxytech/health',
    controller: 'haproxytech',
    description: 'Active backend health checks.',
    keys: [
      ...annotation('check', 'none', 'none (readiness probes / outlierDetection)', ADVICE),
      ...annotation('check-http', 'none', 'none (readiness probes)', ADVICE),
      ...annotation('check-interval', 'none', 'none', ADVICE),
      ...annotation('timeout-check', 'none', 'none', ADVICE),
    ],
  },
  create(ctx) {
    reportEach(ctx, (k, v) => ({ level: 'unsupported', message: `active health check setting ${JSON.stringify(v)} not carried over: Istio only sends traffic to ready endpoints and never probes them itself`, advice: ADVICE }));
  },
});
