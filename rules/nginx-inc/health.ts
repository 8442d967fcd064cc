import { defineRule } from '../types.js';
import { istioDuration, nginxTime } from '../common/values.js';
import { backendServices, k, rejected } from './keys.js';

const FAILS = 'nginx.org/max-fails';
const FAIL_TIMEOUT = 'nginx.org/fail-timeout';
const CONNS = 'nginx.org/max-conns';
const HC = ['nginx.com/health-checks', 'nginx.com/health-checks-mandatory', 'nginx.com/health-checks-mandatory-queue'];

/**
 * Passive ejection: NGINX marks a server unavailable for `fail-timeout` (10s) after `max-fails` (1)
 * failures within that time → outlierDetection consecutiveGatewayErrors, interval = baseEjectionTime =
 * fail-timeout. Active health checks (Plus) have no counterpart.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/health',
    controller: 'nginx-inc',
    description: 'Passive failure detection, per-server connection limit, active health checks.',
    keys: [
      k(FAILS, 'partial', 'DestinationRule outlierDetection.consecutiveGatewayErrors', 'Converted to outlier detection (consecutive errors rather than errors within a window).'),
      k(FAIL_TIMEOUT, 'partial', 'DestinationRule outlierDetection.interval / baseEjectionTime', 'Converted with max-fails.'),
      k(CONNS, 'partial', 'DestinationRule connectionPool.tcp.maxConnections (whole Service)', 'NGINX limits each server, Istio the whole Service: multiply by the replica count.'),
      ...HC.map((h) => k(h, 'none', 'none', 'Istio has no active health checks; rely on readiness probes and outlierDetection.')),
    ],
  },
  create(ctx) {
    const services = backendServices(ctx);
    const f = ctx.get(FAILS);
    const t = ctx.get(FAIL_TIMEOUT);
    let fails = 1;
    let timeoutMs = 10_000;
    if (f !== undefined) {
      if (!/^\d+$/.test(f.trim())) return rejected(ctx, FAILS, `not an integer: ${JSON.stringify(f)}`);
      if (Number(f) > 4_294_967_295) return rejected(ctx, FAILS, `${f} is out of range (at most 4294967295)`);
      fails = Number(f);
    }
    if (t !== undefined) {
      const ms = nginxTime(t);
      if (ms === undefined) return rejected(ctx, FAIL_TIMEOUT, `not an NGINX time: ${JSON.stringify(t)}`);
      timeoutMs = ms;
    }
    if (f !== undefined || t !== undefined) {
      const key = f !== undefined ? FAILS : FAIL_TIMEOUT;
      if (fails === 0) {
        for (const x of [FAILS, FAIL_TIMEOUT]) if (ctx.has(x)) ctx.report({ key: x, level: 'converted', message: 'no passive failure detection (max-fails 0), as Istio by default' });
      } else {
        const d = istioDuration(Math.max(timeoutMs, 1000));
        for (const s of services) ctx.intents.trafficPolicies.push({ key, service: s, policy: { outlierDetection: { consecutiveGatewayErrors: fails, interval: d, baseEjectionTime: d, maxEjectionPercent: 100 } } });
        for (const x of [FAILS, FAIL_TIMEOUT]) if (ctx.has(x)) ctx.report({ key: x, level: 'partial', message: `endpoints ejected for ${d} after ${fails} consecutive connection/gateway error(s); NGINX counted ${fails} failure(s) within ${d}`, tags: ['destinationrule'] });
      }
    }
    const c = ctx.get(CONNS);
    if (c !== undefined) {
      if (!/^\d+$/.test(c.trim())) rejected(ctx, CONNS, `not an integer: ${JSON.stringify(c)}`);
      else ctx.report({ key: CONNS, level: c.trim() === '0' ? 'converted' : 'unsupported', message: c.trim() === '0' ? 'no connection limit' : `NGINX allowed ${c} connections per server; Istio limits the whole Service, so nothing is set`, advice: c.trim() === '0' ? undefined : 'Set connectionPool.tcp.maxConnections to this value times the replica count if you need a cap.' });
    }
    for (const h of HC) if (ctx.has(h)) ctx.report({ key: h, level: 'unsupported', message: 'active health checks (NGINX Plus) are not converted: Istio never probes backends itself', advice: 'Rely on readiness probes; DestinationRule outlierDetection ejects failing endpoints passively.' });
  },
});
