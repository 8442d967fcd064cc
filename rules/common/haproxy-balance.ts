/** HAProxy `balance` algorithms (both HAProxy controllers) in Istio terms. */
import type { LoadBalancerSettings } from '../../src/istio/types.js';

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
