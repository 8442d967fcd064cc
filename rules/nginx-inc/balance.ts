import { defineRule } from '../types.js';
import { istioDuration, nginxTime } from '../common/values.js';
import type { LoadBalancerSettings } from '../../src/istio/types.js';
import { backendServices, k, rejected } from './keys.js';

const LB = 'nginx.org/lb-method';
const STICKY = 'nginx.org/sticky-cookie-services';
const STICKY_COM = 'nginx.com/sticky-cookie-services';
const SLOW = 'nginx.com/slow-start';

/** NGINX `lb-method` → Istio load balancer; undefined when there is no counterpart. */
export function lbMethod(v: string): { lb: LoadBalancerSettings; exact: boolean } | undefined {
  const s = v.trim().replace(/\s+/g, ' ');
  if (s === 'round_robin') return { lb: { simple: 'ROUND_ROBIN' }, exact: true };
  if (s === 'least_conn') return { lb: { simple: 'LEAST_REQUEST' }, exact: false };
  if (s === 'random') return { lb: { simple: 'RANDOM' }, exact: true };
  if (s === 'random two' || s === 'random two least_conn' || /^least_time/.test(s) || /^random two least_time/.test(s)) return { lb: { simple: 'LEAST_REQUEST' }, exact: false };
  if (s === 'ip_hash') return { lb: { consistentHash: { useSourceIp: true } }, exact: true };
  const m = /^hash \$(\w+?)(?:_(\w+))?( consistent)?$/.exec(s);
  if (m) {
    if (m[1] === 'remote' && m[2] === 'addr') return { lb: { consistentHash: { useSourceIp: true } }, exact: true };
    if (m[1] === 'http' && m[2]) return { lb: { consistentHash: { httpHeaderName: m[2].replace(/_/g, '-') } }, exact: true };
    if (m[1] === 'cookie' && m[2]) return { lb: { consistentHash: { httpCookie: { name: m[2], ttl: '0s' } } }, exact: false };
    if (m[1] === 'arg' && m[2]) return { lb: { consistentHash: { httpQueryParameterName: m[2] } }, exact: true };
  }
  return undefined;
}

/** `serviceName=<svc> <cookie> [expires=…] [path=…] …`, `;`-separated. */
export function stickyCookies(v: string): Map<string, { name: string; ttl: string; path?: string; other: string[] }> | undefined {
  const out = new Map<string, { name: string; ttl: string; path?: string; other: string[] }>();
  for (const part of v.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^serviceName=(\S+)\s+(\S+)(.*)$/.exec(part);
    if (!m) return undefined;
    let ttl = '0s';
    let path: string | undefined;
    const other: string[] = [];
    for (const opt of m[3]!.trim().split(/\s+/).filter(Boolean)) {
      const [name, val] = opt.split('=', 2) as [string, string | undefined];
      if (name === 'expires' && val) {
        const ms = val === 'max' ? 315_360_000_000 : nginxTime(val);
        if (ms === undefined) return undefined;
        ttl = istioDuration(ms);
      } else if (name === 'path' && val) path = val;
      else other.push(opt);
    }
    out.set(m[1]!, { name: m[2]!, ttl, ...(path ? { path } : {}), other });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'nginx-inc/balance',
    controller: 'nginx-inc',
    description: 'Load-balancing method, sticky cookies, slow start.',
    keys: [
      k(LB, 'partial', 'DestinationRule trafficPolicy.loadBalancer', 'Converted where Istio has a counterpart; the default "random two least_conn" is close to Istio\'s LEAST_REQUEST.'),
      k(STICKY, 'partial', 'DestinationRule consistentHash.httpCookie', 'Cookie-keyed consistent hash: scaling moves some sessions, and existing NGINX cookies are not honoured.'),
      k(STICKY_COM, 'partial', 'DestinationRule consistentHash.httpCookie', 'Same as nginx.org/sticky-cookie-services (which wins when both are set).'),
      k(SLOW, 'partial', 'DestinationRule loadBalancer.warmupDurationSecs', 'Set warmupDurationSecs (ROUND_ROBIN / LEAST_REQUEST only) by hand.'),
    ],
  },
  create(ctx) {
    const services = backendServices(ctx);
    const lb = ctx.get(LB);
    if (lb !== undefined) {
      const r = lbMethod(lb);
      if (!r) ctx.report({ key: LB, level: 'unsupported', message: `lb-method ${JSON.stringify(lb)} has no Istio counterpart; LEAST_REQUEST applies`, advice: 'Pick the closest Istio loadBalancer setting by hand.' });
      else {
        for (const s of services) ctx.intents.trafficPolicies.push({ key: LB, service: s, policy: { loadBalancer: r.lb } });
        ctx.report({ key: LB, level: r.exact ? 'converted' : 'partial', message: `load balancing ${JSON.stringify(r.lb)} for ${services.join(', ')}${r.exact ? '' : ' (approximation)'}`, tags: ['destinationrule'] });
      }
    }
    const org = ctx.get(STICKY);
    const com = ctx.get(STICKY_COM);
    if (org !== undefined && com !== undefined) ctx.report({ key: STICKY_COM, level: 'ignored', message: `${STICKY} is set and wins` });
    const sk = org !== undefined ? STICKY : com !== undefined ? STICKY_COM : undefined;
    if (sk) {
      const map = stickyCookies(ctx.get(sk)!);
      if (!map) rejected(ctx, sk, `expected "serviceName=<svc> <cookie> [expires=<time>] [path=<path>] …" entries, got ${JSON.stringify(ctx.get(sk))}`);
      else {
        const used = [...map].filter(([s]) => services.includes(s));
        for (const [s, c] of used) ctx.intents.trafficPolicies.push({ key: sk, service: s, policy: { loadBalancer: { consistentHash: { httpCookie: { name: c.name, ttl: c.ttl, ...(c.path ? { path: c.path } : {}) } } } } });
        const dropped = used.flatMap(([, c]) => c.other);
        ctx.report({ key: sk, level: used.length ? 'partial' : 'ignored', message: used.length ? `sticky sessions by consistent hash of cookie ${used.map(([s, c]) => `${c.name} (${s})`).join(', ')}; scaling moves some sessions and existing NGINX cookies are not honoured${dropped.length ? `; attributes not carried over: ${[...new Set(dropped)].join(' ')}` : ''}` : 'no listed Service is a backend of this Ingress', tags: used.length ? ['destinationrule', 'behaviour-change'] : undefined });
      }
    }
    const slow = ctx.get(SLOW);
    if (slow !== undefined) {
      const ms = nginxTime(slow);
      if (ms === undefined) rejected(ctx, SLOW, `not an NGINX time: ${JSON.stringify(slow)}`);
      else ctx.report({ key: SLOW, level: ms === 0 ? 'converted' : 'unsupported', message: ms === 0 ? 'no slow start' : `new endpoints ramped up over ${istioDuration(ms)} in NGINX; not converted`, advice: ms === 0 ? undefined : `Set loadBalancer.warmupDurationSecs: ${istioDuration(ms)} (with ROUND_ROBIN or LEAST_REQUEST) by hand.` });
    }
  },
});
