/**
 * allowlist-source-range (alias whitelist-source-range) and denylist-source-range → gateway
 * AuthorizationPolicies. Never ALLOW (on a shared gateway it would deny every other host): an
 * allow-list is DENY + notRemoteIpBlocks, a deny-list DENY + remoteIpBlocks, scoped to the
 * Ingress's hosts and paths.
 */
import type { RuleContext } from '../types.js';
import { authorizationPolicy, authzScope, cidrList, defineNginxRule, goBool, k, key, refOf, report, show } from './common.js';

/** Go's net.ParseCIDR keeps the network address only (10.1.2.3/8 → 10.0.0.0/8); IPv4 is normalized the same way. */
export function normalizeCidr(c: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(c);
  if (!m) return c;
  const bits = Number(m[5]);
  const n = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${bits}`;
}

export function clientIpCaveat(ctx: RuleContext): string {
  const cfg = ctx.options.nginxConfig;
  const how =
    goBool(cfg['use-proxy-protocol'] ?? '') === true
      ? 'nginx read the client address from the PROXY protocol (use-proxy-protocol): enable PROXY protocol on the gateway too'
      : goBool(cfg['use-forwarded-headers'] ?? '') === true
        ? 'nginx trusted X-Forwarded-For (use-forwarded-headers): set the gateway numTrustedProxies to the number of proxies in front'
        : 'nginx used the peer address: if a load balancer sits in front of the gateway, set numTrustedProxies or PROXY protocol so remoteIpBlocks sees the client';
  return `remoteIpBlocks is the client IP only if the gateway knows it (${how})`;
}

export default defineNginxRule({
  meta: {
    id: 'nginx/source-range',
    controller: 'ingress-nginx',
    description: 'Client IP allow-lists and deny-lists.',
    keys: [
      key('allowlist-source-range', 'full', 'AuthorizationPolicy {action: DENY, from.source.notRemoteIpBlocks, to.operation.hosts/paths}', 'Converted as DENY + notRemoteIpBlocks on the gateway; configure numTrustedProxies or PROXY protocol so the client IP is known.', { docs: 'allowlist-source-range' }),
      key('whitelist-source-range', 'full', 'AuthorizationPolicy {action: DENY, from.source.notRemoteIpBlocks}', 'Old name of allowlist-source-range; the new key wins when both are set.', { status: 'alias', docs: 'allowlist-source-range' }),
      key('denylist-source-range', 'full', 'AuthorizationPolicy {action: DENY, from.source.remoteIpBlocks, to.operation.hosts/paths}', 'Converted as DENY + remoteIpBlocks on the gateway; same client-IP caveat.', { docs: 'denylist-source-range' }),
    ],
  },
  create(ctx) {
    const allowNew = ctx.get(k('allowlist-source-range'));
    const allowOld = ctx.get(k('whitelist-source-range'));
    const deny = ctx.get(k('denylist-source-range'));
    const scope = authzScope(ctx);
    const widened = scope.widened.length ? `; scope widened (stricter, never a bypass): ${scope.widened.join('; ')}` : '';
    const where = scope.to.map((t) => `${t.operation.hosts?.[0] ?? 'any host'}${t.operation.paths ? ` ${t.operation.paths.join(' ')}` : ''}`).join(', ');
    const uncovered = scope.uncovered.length ? `; NOT covered: ${scope.uncovered.join('; ')}` : '';
    const caveat = clientIpCaveat(ctx);

    const build = (name: string, value: string, mode: 'allow' | 'deny'): void => {
      const { cidrs: raw, invalid } = cidrList(value);
      const cidrs = raw.map(normalizeCidr);
      // ingress-nginx (ipallowlist/ipdenylist Parse): an invalid entry denies the location unless the
      // list also holds a plain IP address, in which case only the valid entries are used.
      if (invalid.length && !raw.some((c) => !c.includes('/'))) {
        report(ctx, name, 'error', `invalid entr${invalid.length > 1 ? 'ies' : 'y'} ${invalid.map((i) => `"${show(i)}"`).join(', ')}: ingress-nginx denies the location (HTTP 503 for every request); nothing emitted`, {
          advice: 'Fix the list; the paths were unreachable through nginx.',
        });
        return;
      }
      if (cidrs.length === 0) {
        report(ctx, name, 'ignored', 'empty list: no restriction');
        return;
      }
      if (scope.to.length === 0) {
        report(ctx, name, 'unsupported', `not converted: ${scope.uncovered.join('; ')}; the ${mode === 'allow' ? 'allow' : 'deny'}-list of ${cidrs.join(', ')} is NOT enforced`, {
          advice: 'Give the Ingress explicit hosts, or write an AuthorizationPolicy for the catch-all traffic by hand.',
          tags: ['client-ip', 'security'],
        });
        return;
      }
      const from = mode === 'allow' ? [{ source: { notRemoteIpBlocks: cidrs } }] : [{ source: { remoteIpBlocks: cidrs } }];
      const rules = [{ from, to: scope.to }];
      const ap = authorizationPolicy(ctx, mode === 'allow' ? 'allowlist' : 'denylist', { action: 'DENY', rules });
      ctx.intents.resources.push({ key: k(name), resource: ap });
      const bad = invalid.length ? `; invalid entries ${invalid.map((i) => `"${show(i)}"`).join(', ')} dropped (ingress-nginx ignores them because the list also holds a plain IP address)` : '';
      report(
        ctx,
        name,
        invalid.length || scope.uncovered.length || scope.widened.length ? 'partial' : 'converted',
        `${mode === 'allow' ? 'requests from outside' : 'requests from'} ${cidrs.join(', ')} are denied (403; nginx answers 403 too) on ${where} by AuthorizationPolicy DENY${mode === 'allow' ? ' + notRemoteIpBlocks' : ' + remoteIpBlocks'}${widened}${uncovered}${bad}; ${caveat}`,
        { istio: [refOf(ap)], tags: ['client-ip', 'mesh-config'], advice: 'Set meshConfig/gateway numTrustedProxies (or PROXY protocol) so the gateway sees the real client IP.' },
      );
    };

    if (allowNew !== undefined && allowNew.trim() !== '') {
      build('allowlist-source-range', allowNew, 'allow');
      if (allowOld !== undefined) report(ctx, 'whitelist-source-range', 'ignored', 'allowlist-source-range takes precedence over the old whitelist-source-range');
    } else if (allowOld !== undefined) {
      if (allowNew !== undefined) report(ctx, 'allowlist-source-range', 'ignored', 'empty: the old whitelist-source-range is used instead');
      build('whitelist-source-range', allowOld, 'allow');
    } else if (allowNew !== undefined) {
      report(ctx, 'allowlist-source-range', 'ignored', 'empty list: no restriction (the ConfigMap whitelist-source-range, if any, applies)');
    }
    if (deny !== undefined) build('denylist-source-range', deny, 'deny');
  },
});
