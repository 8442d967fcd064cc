import { defineRule } from '../types.js';
import { INHERITED, MERGEABLE_KEY } from '../../src/semantics/nginx-inc.js';
import { k, rejected } from './keys.js';

/**
 * Mergeable Ingresses: a master (one host, no paths) owns TLS and host-level keys, minions (one
 * host, no TLS, any namespace) add paths and inherit some master keys. What this rule can see is
 * one Ingress; merging across Ingresses (inherited values, duplicate minion paths, orphan minions,
 * hosts owned by an older Ingress) is computed by `nicHostOwnership` in src/semantics/nginx-inc.ts.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/mergeable',
    controller: 'nginx-inc',
    description: 'Master/minion mergeable Ingresses.',
    keys: [k(MERGEABLE_KEY, 'full', 'one VirtualService per host with the minions\' routes + Gateway server from the master', 'Master and minions are merged per host as NGINX Inc does: TLS and host settings from the master, paths from the minions.')],
  },
  create(ctx) {
    const v = ctx.get(MERGEABLE_KEY);
    if (v === undefined) return;
    const ing = ctx.ingress;
    const hosts = [...new Set(ing.rules.map((r) => r.host ?? ''))];
    const paths = ing.rules.flatMap((r) => r.paths);
    if (v !== 'master' && v !== 'minion') return rejected(ctx, MERGEABLE_KEY, `expected master or minion, got ${JSON.stringify(v)}`);
    if (hosts.length !== 1 || !hosts[0]) return rejected(ctx, MERGEABLE_KEY, `a ${v} must have exactly one rule with a host (found ${hosts.filter(Boolean).join(', ') || 'none'})`);
    const host = hosts[0];
    if (v === 'master') {
      if (paths.length) return rejected(ctx, MERGEABLE_KEY, `a master must not have paths (found ${paths.map((p) => p.path).join(', ')})`);
      const inherited = INHERITED.filter((x) => ctx.has(x));
      ctx.report({
        key: MERGEABLE_KEY,
        level: 'converted',
        message: `master of ${host}: TLS${ing.tls.length ? '' : ' (none)'} and host-level settings apply to the paths of every minion of ${host}${inherited.length ? `; minions without their own value inherit ${inherited.join(', ')}` : ''}`,
        tags: ['mergeable'],
        data: { host, role: 'master' },
      });
    } else {
      if (!paths.length) return rejected(ctx, MERGEABLE_KEY, 'a minion must have paths');
      if (ing.tls.length) return rejected(ctx, MERGEABLE_KEY, 'a minion must not have spec.tls (TLS belongs to the master)');
      ctx.report({
        key: MERGEABLE_KEY,
        level: 'converted',
        message: `minion of ${host}: paths ${paths.map((p) => p.path).join(', ')} are served with the master's TLS and host settings; served only if a master for ${host} exists, and a path an older minion also has is dropped`,
        tags: ['mergeable'],
        data: { host, role: 'minion' },
      });
    }
  },
});
