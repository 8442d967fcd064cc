import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { hi } from './keys.js';

const ADVICE = 'Istio has no active or agent health checks; rely on readiness probes and DestinationRule outlierDetection.';

/** Active and agent health checks: no Istio counterpart. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/health',
    controller: 'haproxy-ingress',
    description: 'Active and agent health checks.',
    keys: [
      ...hi('agent-check-addr', 'none', 'none', ADVICE),
      ...hi('agent-check-interval', 'none', 'none', ADVICE),
      ...hi('agent-check-port', 'none', 'none', ADVICE),
      ...hi('agent-check-send', 'none', 'none', ADVICE),
      ...hi('backend-check-interval', 'none', 'none', ADVICE, { status: 'deprecated' }),
      ...hi('health-check-addr', 'none', 'none', ADVICE),
      ...hi('health-check-fall-count', 'none', 'none', ADVICE),
      ...hi('health-check-interval', 'none', 'none', ADVICE),
      ...hi('health-check-port', 'none', 'none', ADVICE),
      ...hi('health-check-rise-count', 'none', 'none', ADVICE),
      ...hi('health-check-uri', 'none', 'none', ADVICE),
    ],
  },
  create(ctx) {
    reportEach(ctx, (_k, v) => ({ level: 'unsupported', message: `health check setting ${JSON.stringify(v)} not carried over: Istio never probes backends itself`, advice: ADVICE }));
  },
});
