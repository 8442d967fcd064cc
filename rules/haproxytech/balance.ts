import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import type { LoadBalancerSettings } from '../../src/istio/types.js';
import { PREFIXES, annotation } from './keys.js';

/** HAProxy `balance` algorithm → Istio load balancer; undefined when there is no counterpart. */
export function loadBalancer(v: string): { lb: LoadBalancerSettings; exact: boolean; note?: string } | undefined {
  const s = v.trim();
  let m: RegExpExecArray | null;
  if (s === 'roundrobin' || s === 'static-rr') return { lb: { simple: 'ROUND_ROBIN' }, exact: s === 'roundrobin', note: s === 'static-rr' ? 'static weights are not reproduced' : undefined };
  if (s === 'leastconn') return { lb: { simple: 'LEAST_REQUEST' }, exact: false, note: 'Envoy counts active requests, not connections' };
  if (/^random(\(\d+\))?$/.test(s)) return { lb: { simple: s === 'random' ? 'RANDOM' : 'LEAST_REQUEST' }, exact: s === 'random', note: s === 'random' ? undefined : 'random with draws is power-of-N choices, close to LEAST_REQUEST' };
  if (s === 'source') return { lb: { consistentHash: { useSourceIp: true } }, exact: true };
  if ((m = /^hdr\(([^)]+)\)$/.exec(s))) return { lb: { consistentHash: { httpHeaderName: m[1]! } }, exact: true };
  if ((m = /^url_param\s+(\S+)/.exec(s))) return { lb: { consistentHash: { httpQueryParameterName: m[1]! } }, exact: true };
  if (/^uri(\s|$)/.test(s)) return { lb: { consistentHash: { httpHeaderName: ':path' } }, exact: false, note: 'hashes the whole path including the query string; HAProxy uri options (len, depth, whole) are not reproduced' };
  return undefined;
}

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
