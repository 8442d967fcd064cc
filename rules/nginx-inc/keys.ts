/** Documentation and shared helpers of the NGINX Inc (F5 NGINX Ingress Controller) rules. */
import type { FindingInput, KeyMeta, Rule, RuleContext, SupportLevel } from '../types.js';
import { MASTER_ONLY, MINION_ONLY, mergeRole } from '../../src/semantics/nginx-inc.js';
import { type KeyOpts, key } from '../common/meta.js';

export const DOCS = 'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/';

export function k(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta {
  return key(name, support, istio, advice, { docs: DOCS, ...opts });
}

/**
 * NIC validates annotations and rejects the whole Ingress on an invalid value (event `Rejected`):
 * such an Ingress was not live, so converting it would resurrect it.
 */
export function rejected(ctx: RuleContext, key: string, why: string): void {
  const f: FindingInput = {
    key,
    level: 'error',
    message: `${why}: NGINX Inc rejects the whole Ingress on this value, so it was not being served`,
    advice: 'Check the Ingress events (Rejected) before migrating; fix or drop the Ingress rather than converting it.',
    tags: ['rejected'],
  };
  ctx.report(f);
}

/** Comma-separated Service names (ssl-services, grpc-services, …). */
export function serviceList(v: string): string[] {
  return [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))].sort();
}

/** Services the Ingress routes to, sorted. */
export function backendServices(ctx: RuleContext): string[] {
  const all = [...ctx.ingress.rules.flatMap((r) => r.paths.map((p) => p.backend)), ...(ctx.ingress.defaultBackend ? [ctx.ingress.defaultBackend] : [])];
  return [...new Set(all.flatMap((b) => (b.kind === 'service' ? [b.service] : [])))].sort();
}

/** `true`/`false` as NIC parses booleans (strconv.ParseBool). */
export function nicBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * Master/minion filtering, shared by every NIC rule: on a minion, master-only keys are stripped by
 * NIC (reported as ignored, hidden from the rule); on a master, minion-only keys make NIC reject the
 * Ingress (reported, hidden). Rules are wrapped with it in index.ts.
 */
export function withMergeableFilter(rule: Rule): Rule {
  return {
    meta: rule.meta,
    create(ctx) {
      const role = mergeRole(ctx.ingress);
      if (!role) return rule.create(ctx);
      const hidden = new Set<string>();
      for (const key of ctx.presentKeys) {
        if (role === 'minion' && MASTER_ONLY.includes(key)) {
          hidden.add(key);
          ctx.report({ key, level: 'ignored', message: 'NGINX Inc strips this key from minions: the master\'s value applies to the host', tags: ['mergeable'] });
        } else if (role === 'master' && MINION_ONLY.includes(key)) {
          hidden.add(key);
          rejected(ctx, key, 'this key is only allowed on minions');
        }
      }
      if (!hidden.size) return rule.create(ctx);
      const filtered: RuleContext = {
        ingress: ctx.ingress,
        options: ctx.options,
        intents: ctx.intents,
        service: (ns, name) => ctx.service(ns, name),
        configMap: (ns, name) => ctx.configMap(ns, name),
        report: (f) => ctx.report(f),
        get: (key) => (hidden.has(key) ? undefined : ctx.get(key)),
        has: (key) => !hidden.has(key) && ctx.has(key),
        presentKeys: ctx.presentKeys.filter((key) => !hidden.has(key)),
        bool: (key) => (hidden.has(key) ? undefined : ctx.bool(key)),
        int: (key, min, max) => (hidden.has(key) ? undefined : ctx.int(key, min, max)),
      };
      rule.create(filtered);
    },
  };
}
