import { defineRule } from '../types.js';
import { CLIENT_IP_ADVICE, ingressScope, ipPolicy } from '../common/access.js';
import { firstOf } from '../common/report.js';
import { isCidr, list } from '../common/values.js';
import { istioRef } from '../common/names.js';
import { pathMatches } from '../../src/semantics/haproxytech.js';
import { PREFIXES, annotation } from './keys.js';

const ISTIO_ALLOW = 'AuthorizationPolicy DENY with notRemoteIpBlocks, scoped to the Ingress hosts/paths';
const ISTIO_DENY = 'AuthorizationPolicy DENY with remoteIpBlocks, scoped to the Ingress hosts/paths';

/**
 * Client address allow/deny lists. `allow-list` (old name `whitelist`) and `deny-list` (old name
 * `blacklist`); the new name wins when both are set. Values may name pattern files
 * (`patterns/<name>`) from the --configmap-patternfiles ConfigMap, which we cannot expand.
 */
export default defineRule({
  meta: {
    id: 'haproxytech/access-list',
    controller: 'haproxytech',
    description: 'Client IP allow and deny lists.',
    keys: [
      ...annotation('allow-list', 'full', ISTIO_ALLOW, 'Converted to a DENY policy for addresses outside the list. ' + CLIENT_IP_ADVICE),
      ...annotation('whitelist', 'full', ISTIO_ALLOW, 'Old name of allow-list; converted the same way.', { status: 'deprecated' }),
      ...annotation('deny-list', 'full', ISTIO_DENY, 'Converted to a DENY policy for the listed addresses. ' + CLIENT_IP_ADVICE),
      ...annotation('blacklist', 'full', ISTIO_DENY, 'Old name of deny-list; converted the same way.', { status: 'deprecated' }),
    ],
  },
  create(ctx) {
    for (const [kind, names] of [['allow', ['allow-list', 'whitelist']], ['deny', ['deny-list', 'blacklist']]] as const) {
      const modern = firstOf(ctx, PREFIXES, names[0]);
      const legacy = firstOf(ctx, PREFIXES, names[1]);
      if (modern && legacy) ctx.report({ key: legacy.key, level: 'ignored', message: `${modern.key} is also set and wins` });
      const chosen = modern ?? legacy;
      if (!chosen) continue;
      const items = list(chosen.value);
      const files = items.filter((s) => s.startsWith('patterns/'));
      const bad = items.filter((s) => !s.startsWith('patterns/') && !isCidr(s));
      const cidrs = items.filter((s) => isCidr(s));
      if (files.length || bad.length) {
        ctx.report({
          key: chosen.key,
          level: 'error',
          message: files.length ? `pattern file(s) ${files.join(', ')} cannot be expanded without the controller's pattern-files ConfigMap; nothing converted` : `not IP addresses or CIDRs: ${bad.join(', ')}; nothing converted`,
          advice: 'List the addresses in the annotation (or convert with the pattern-files ConfigMap expanded) and convert again.',
          tags: ['security'],
        });
        continue;
      }
      if (!cidrs.length) {
        ctx.report({ key: chosen.key, level: 'ignored', message: 'empty list: HAProxy ignores it' });
        continue;
      }
      const scope = ingressScope(ctx.ingress, (p) => pathMatches(p));
      if (scope.unscopable) {
        ctx.report({ key: chosen.key, level: 'unsupported', message: `not converted: ${scope.unscopable}`, advice: 'Give the Ingress rule a host, or write the AuthorizationPolicy by hand.', tags: ['client-ip', 'security'] });
        continue;
      }
      const policy = ipPolicy(ctx.ingress, ctx.options, `${kind}-list`, kind, cidrs, scope);
      ctx.intents.resources.push({ key: chosen.key, resource: policy });
      ctx.report({
        key: chosen.key,
        level: scope.widened ? 'partial' : 'converted',
        message: `${kind === 'allow' ? 'requests from outside' : 'requests from'} ${cidrs.join(', ')} are denied${scope.widened ? `, on the whole host(s) because ${scope.widened}` : ''}`,
        advice: CLIENT_IP_ADVICE,
        tags: ['client-ip', 'security'],
        istio: [istioRef('AuthorizationPolicy', policy.metadata)],
      });
    }
  },
});
