/**
 * load-balance, upstream-hash-by(-subset, -subset-size) → DestinationRule loadBalancer.
 * ingress-nginx picks the balancer as: cookie affinity > upstream-hash-by > load-balance.
 */
import type { LoadBalancerSettings } from '../../src/istio/types.js';
import { backendList, defineNginxRule, ignoreAll, k, key, readBool, report, serviceBackends, show } from './common.js';

/** Map an nginx hash key to an Envoy consistent hash, or explain why not. */
export function hashKey(v: string): { hash?: NonNullable<LoadBalancerSettings['consistentHash']>; what?: string; why?: string } {
  const t = v.trim().replace(/^\$\{([a-z0-9_]+)\}$/, '$$$1');
  if (t === '$remote_addr' || t === '$binary_remote_addr') return { hash: { useSourceIp: true }, what: 'client IP (useSourceIp)' };
  let m = /^\$http_([a-z0-9_]+)$/i.exec(t);
  if (m) return { hash: { httpHeaderName: m[1]!.toLowerCase().replace(/_/g, '-') }, what: `header ${m[1]!.toLowerCase().replace(/_/g, '-')}` };
  m = /^\$cookie_([A-Za-z0-9_]+)$/.exec(t);
  if (m) return { hash: { httpCookie: { name: m[1]! } }, what: `cookie ${m[1]}` };
  m = /^\$arg_([A-Za-z0-9_]+)$/.exec(t);
  if (m) return { hash: { httpQueryParameterName: m[1]! }, what: `query parameter ${m[1]}` };
  return { why: `"${v}" (request URI, host or composite keys) has no Envoy consistent-hash equivalent` };
}

export default defineNginxRule({
  appliesToCanary: true,
  meta: {
    id: 'nginx/load-balance',
    controller: 'ingress-nginx',
    description: 'Load-balancing algorithm and consistent hashing.',
    keys: [
      key('load-balance', 'partial', 'DestinationRule.trafficPolicy.loadBalancer.simple', 'round_robin → ROUND_ROBIN; ewma → LEAST_REQUEST (closest, not identical).', { docs: 'custom-nginx-load-balancing' }),
      key('upstream-hash-by', 'partial', 'DestinationRule.trafficPolicy.loadBalancer.consistentHash', '$remote_addr → useSourceIp, $http_x → httpHeaderName, $cookie_x → httpCookie, $arg_x → httpQueryParameterName; other keys are not convertible.', { docs: 'custom-nginx-upstream-hashing' }),
      key('upstream-hash-by-subset', 'none', 'none', 'Envoy hashes to single endpoints; subset hashing is dropped (plain consistent hashing is kept).', { docs: 'custom-nginx-upstream-hashing' }),
      key('upstream-hash-by-subset-size', 'none', 'none', 'See upstream-hash-by-subset.', { docs: 'custom-nginx-upstream-hashing' }),
    ],
  },
  create(ctx) {
    const backends = serviceBackends(ctx);
    const on = backendList(backends) || 'no Service backend';
    const affinity = ctx.get(k('affinity')) === 'cookie';
    const hashBy = ctx.get(k('upstream-hash-by'));
    const push = (lb: LoadBalancerSettings, name: string) => {
      for (const b of backends) ctx.intents.trafficPolicies.push({ key: k(name), service: b.service, ...(b.port !== undefined ? { port: b.port } : {}), policy: { loadBalancer: lb } });
    };
    let hashUsed = false;
    if (hashBy !== undefined) {
      if (affinity) report(ctx, 'upstream-hash-by', 'ignored', 'cookie affinity takes precedence over upstream-hash-by in ingress-nginx');
      else {
        const h = hashKey(hashBy);
        if (!h.hash) report(ctx, 'upstream-hash-by', 'unsupported', `${h.why}; nothing emitted, Istio balances with its default`, { advice: 'Hash on the client IP, a header, a cookie or a query parameter instead.' });
        else {
          hashUsed = true;
          push({ consistentHash: h.hash }, 'upstream-hash-by');
          const ip = h.hash.useSourceIp === true;
          report(
            ctx,
            'upstream-hash-by',
            'partial',
            `consistent hash on the ${h.what} for ${on}; Envoy's ring differs from nginx's, so requests map to other endpoints than before (still stable)${ip ? '; the client IP is the real client only when the gateway trusts X-Forwarded-For (numTrustedProxies) or PROXY protocol' : ''}`,
            { tags: ip ? ['client-ip'] : [] },
          );
        }
      }
    }
    const subset = readBool(ctx, 'upstream-hash-by-subset', false);
    if (subset === true) report(ctx, 'upstream-hash-by-subset', 'unsupported', 'subset hashing (hash to a group of endpoints, then random inside it) cannot be expressed; plain consistent hashing is used');
    else if (subset === false && ['false', '0', 'f', 'F', 'FALSE', 'False'].includes(ctx.get(k('upstream-hash-by-subset'))!)) report(ctx, 'upstream-hash-by-subset', 'converted', 'off (default)');
    if (ctx.has(k('upstream-hash-by-subset-size'))) {
      if (subset === true) report(ctx, 'upstream-hash-by-subset-size', 'unsupported', 'subset size has no Envoy equivalent');
      else ignoreAll(ctx, ['upstream-hash-by-subset-size'], 'no effect without upstream-hash-by-subset: "true"');
    }

    const lb = ctx.get(k('load-balance'));
    if (lb !== undefined) {
      if (affinity || hashUsed || hashBy !== undefined) {
        report(ctx, 'load-balance', 'ignored', `${affinity ? 'cookie affinity' : 'upstream-hash-by'} takes precedence over load-balance in ingress-nginx`);
      } else if (lb === 'round_robin') {
        push({ simple: 'ROUND_ROBIN' }, 'load-balance');
        report(ctx, 'load-balance', 'converted', `ROUND_ROBIN for ${on} (Istio's default would be LEAST_REQUEST)`);
      } else if (lb === 'ewma') {
        push({ simple: 'LEAST_REQUEST' }, 'load-balance');
        report(ctx, 'load-balance', 'partial', `LEAST_REQUEST for ${on}: closest to nginx's latency-weighted EWMA, not identical`);
      } else if (['chash', 'chashsubset', 'sticky_balanced', 'sticky_persistent'].includes(lb)) {
        report(ctx, 'load-balance', 'ignored', `"${lb}" is an internal balancer that needs upstream-hash-by or affinity; alone it has no effect`);
      } else {
        report(ctx, 'load-balance', 'error', `"${show(lb)}" is not a load-balance algorithm of ingress-nginx (round_robin, ewma); the ConfigMap default applies`);
      }
    }
  },
});
