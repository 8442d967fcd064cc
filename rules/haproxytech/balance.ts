import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { loadBalancer } from '../common/haproxy-balance.js';
import { PREFIXES, annotation } from './keys.js';

/** Load-balancing algorithm of the Ingress's backend Services (Service annotation wins, as in haproxytech). */
export default defineRule({
  meta: {
    id: 'haproxytech/balance',
    controller: 'haproxytech',
    description: 'Load-balancing algorithm.',
    keys: annotation('load-balance', 'partial', 'DestinationRule trafficPolicy.loadBalancer', 'Converted where Istio has a counterpart (round robin, least request, random, consistent hash); first and rdp-cookie have none.'),
  },
  create(ctx) {
    const e = firstOf(ctx, PREFIXES, 'load-balance');
    if (!e) return;
    const services = [...new Set(ctx.ingress.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend.kind === 'service' ? [p.backend.service] : []))))].sort();
    const r = loadBalancer(e.value);
    if (!r) {
      ctx.report({ key: e.key, level: 'unsupported', message: `balance ${JSON.stringify(e.value)} has no Istio counterpart; Istio's default (LEAST_REQUEST) applies`, advice: 'Pick the closest Istio loadBalancer setting by hand.' });
      return;
    }
    const overridden: string[] = [];
    for (const svc of services) {
      const s = ctx.service(ctx.ingress.namespace, svc);
      if (s && PREFIXES.some((p) => s.annotations[`${p}load-balance`] !== undefined)) {
        overridden.push(svc);
        continue;
      }
      ctx.intents.trafficPolicies.push({ key: e.key, service: svc, policy: { loadBalancer: r.lb } });
    }
    const where = overridden.length ? `; Service annotation wins for ${overridden.join(', ')} (not converted here)` : '';
    ctx.report({ key: e.key, level: r.exact && !overridden.length ? 'converted' : 'partial', message: `load balancing ${JSON.stringify(r.lb)} for ${services.join(', ') || 'no Service'}${r.note ? ` (${r.note})` : ''}${where}`, tags: ['destinationrule'] });
  },
});
