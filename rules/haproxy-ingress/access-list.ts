import { defineRule } from '../types.js';
import { CLIENT_IP_ADVICE, ingressScope, ipPolicy } from '../common/access.js';
import { firstOf } from '../common/report.js';
import { istioRef } from '../common/names.js';
import { isCidr, list } from '../common/values.js';
import { PREFIXES, hi } from './keys.js';
import { matcher } from './paths.js';

/**
 * Client address lists (Path scope). Entries prefixed with `!` are exceptions. `whitelist-source-range`
 * is the old name of `allowlist-source-range` (the new name wins).
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/access-list',
    controller: 'haproxy-ingress',
    description: 'Client IP allow and deny lists.',
    keys: [
      ...hi('allowlist-source-range', 'full', 'AuthorizationPolicy DENY notRemoteIpBlocks (+ remoteIpBlocks for ! exceptions), scoped to hosts/paths', 'Converted to DENY rules for addresses outside the list. ' + CLIENT_IP_ADVICE),
      ...hi('whitelist-source-range', 'full', 'AuthorizationPolicy DENY notRemoteIpBlocks', 'Old name of allowlist-source-range; converted the same way.', { status: 'deprecated' }),
      ...hi('denylist-source-range', 'full', 'AuthorizationPolicy DENY remoteIpBlocks (+ notRemoteIpBlocks for ! exceptions), scoped to hosts/paths', 'Converted to a DENY rule for the listed addresses. ' + CLIENT_IP_ADVICE),
      ...hi('allowlist-source-header', 'partial', 'gatewayTopology.numTrustedProxies (X-Forwarded-For)', 'Istio reads the client address from X-Forwarded-For with numTrustedProxies; an arbitrary header needs an EnvoyFilter.'),
    ],
  },
  create(ctx) {
    const allowNew = firstOf(ctx, PREFIXES, 'allowlist-source-range');
    const allowOld = firstOf(ctx, PREFIXES, 'whitelist-source-range');
    if (allowNew && allowOld) ctx.report({ key: allowOld.key, level: 'ignored', message: `${allowNew.key} is also set and wins` });
    const deny = firstOf(ctx, PREFIXES, 'denylist-source-range');
    const scope = ingressScope(ctx.ingress, matcher(ctx));
    for (const [kind, e] of [['allow', allowNew ?? allowOld], ['deny', deny]] as const) {
      if (!e) continue;
      const items = list(e.value, /\s*,\s*/);
      const except = items.filter((s) => s.startsWith('!')).map((s) => s.slice(1));
      const cidrs = items.filter((s) => !s.startsWith('!'));
      const bad = [...cidrs, ...except].filter((s) => !isCidr(s));
      if (bad.length) {
        ctx.report({ key: e.key, level: 'error', message: `not IP addresses or CIDRs: ${bad.join(', ')}; nothing converted`, tags: ['security'] });
        continue;
      }
      if (!cidrs.length) {
        ctx.report({ key: e.key, level: 'ignored', message: 'empty list: no effect' });
        continue;
      }
      if (scope.unscopable) {
        ctx.report({ key: e.key, level: 'unsupported', message: `not converted: ${scope.unscopable}`, advice: 'Give the Ingress rule a host, or write the AuthorizationPolicy by hand.', tags: ['client-ip', 'security'] });
        continue;
      }
      const policy = ipPolicy(ctx.ingress, ctx.options, `${kind}-list`, kind, cidrs, scope, except);
      ctx.intents.resources.push({ key: e.key, resource: policy });
      const what = kind === 'allow' ? `requests from outside ${cidrs.join(', ')}` : `requests from ${cidrs.join(', ')}`;
      ctx.report({
        key: e.key,
        level: scope.widened ? 'partial' : 'converted',
        message: `${what}${except.length ? ` (${kind === 'allow' ? 'and from' : 'except'} ${except.join(', ')})` : ''} are denied${scope.widened ? `, on the whole host(s) because ${scope.widened}` : ''}`,
        advice: CLIENT_IP_ADVICE,
        tags: ['client-ip', 'security'],
        istio: [istioRef('AuthorizationPolicy', policy.metadata)],
      });
    }
    const hdr = firstOf(ctx, PREFIXES, 'allowlist-source-header');
    if (hdr) ctx.report({ key: hdr.key, level: 'partial', message: `HAProxy took the client address for the lists from header ${hdr.value}; Istio uses X-Forwarded-For and numTrustedProxies`, advice: 'Configure gatewayTopology.numTrustedProxies on the gateway, or have the front proxy set X-Forwarded-For.', tags: ['mesh-config', 'client-ip'] });
  },
});
