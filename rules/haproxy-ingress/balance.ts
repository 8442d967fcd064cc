import { defineRule } from '../types.js';
import { firstOf, reportEach, splitByServiceOverride } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { loadBalancer } from '../common/haproxy-balance.js';
import { PREFIXES, backendServices, cm, hi } from './keys.js';

const ADVICE = 'Envoy drains endpoints itself when pods terminate; nothing to configure.';

/** Load balancing and per-server limits. Default balance since v0.16 is random(2) (≈ LEAST_REQUEST). */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/balance',
    controller: 'haproxy-ingress',
    description: 'Load-balancing algorithm and per-server limits.',
    keys: [
      ...hi('balance-algorithm', 'partial', 'DestinationRule trafficPolicy.loadBalancer', 'Converted where Istio has a counterpart (round robin, least request, random, consistent hash).'),
      ...hi('maxconn-server', 'partial', 'DestinationRule connectionPool.tcp.maxConnections (whole Service)', 'HAProxy limits each server; Istio limits the whole Service: multiply by the replica count.'),
      ...hi('maxqueue-server', 'partial', 'DestinationRule connectionPool.http.http1MaxPendingRequests (whole Service)', 'Per-server queue length; Istio\'s pending-request limit is per Service.'),
      ...hi('assign-backend-server-id', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('backend-server-naming', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('backend-server-slots-increment', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('dynamic-scaling', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('initial-weight', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('slots-min-free', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('use-resolver', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('drain-support', 'none', 'none', ADVICE),
      cm('drain-support-redispatch', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const b = firstOf(ctx, PREFIXES, 'balance-algorithm');
    const services = backendServices(ctx.ingress);
    if (b) {
      const r = loadBalancer(b.value);
      if (!r) ctx.report({ key: b.key, level: 'unsupported', message: `balance ${JSON.stringify(b.value)} has no Istio counterpart; Istio's default (LEAST_REQUEST) applies`, advice: 'Pick the closest Istio loadBalancer setting by hand.' });
      else {
        const use = splitByServiceOverride(ctx, services, PREFIXES, 'balance-algorithm', b.key);
        for (const s of use) ctx.intents.trafficPolicies.push({ key: b.key, service: s, policy: { loadBalancer: r.lb } });
        ctx.report({ key: b.key, level: r.exact ? 'converted' : 'partial', message: `load balancing ${JSON.stringify(r.lb)} for ${use.join(', ') || 'no Service'}${r.note ? ` (${r.note})` : ''}`, tags: ['destinationrule'] });
      }
    }
    for (const n of ['maxconn-server', 'maxqueue-server']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: 'unsupported', message: `HAProxy allowed ${e.value} ${n === 'maxconn-server' ? 'connections' : 'queued requests'} per server; Istio's limits cover the whole Service, so nothing is set`, advice: `Set ${n === 'maxconn-server' ? 'connectionPool.tcp.maxConnections' : 'connectionPool.http.http1MaxPendingRequests'} to this value times the replica count if you need a cap.` });
    }
    reportEach(ctx, () => ({ level: 'ignored', message: 'HAProxy server-slot tuning: not applicable to Istio' }), ['balance-algorithm', 'maxconn-server', 'maxqueue-server']);
  },
});
