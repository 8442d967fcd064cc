/** Finding helpers shared by the vendor rules. */
import type { FindingInput, RuleContext } from '../types.js';

/**
 * Value of a key the controller reads under several prefixes: the first present spelling wins;
 * the others get an `ignored` finding naming the winner.
 */
export function firstOf(ctx: RuleContext, prefixes: readonly string[], name: string): { key: string; value: string } | undefined {
  const found = prefixes.map((p) => p + name).filter((k) => ctx.has(k));
  if (!found.length) return undefined;
  const [winner, ...rest] = found as [string, ...string[]];
  for (const k of rest) ctx.report({ key: k, level: 'ignored', message: `${winner} is also set and is read first; this spelling had no effect` });
  return { key: winner, value: ctx.get(winner)! };
}

/**
 * One finding for every present key of the rule (families that are never converted), except keys
 * whose name without prefix is in `skip` (handled one by one by the rule).
 */
export function reportEach(ctx: RuleContext, f: (key: string, value: string) => Omit<FindingInput, 'key'>, skip: readonly string[] = []): void {
  for (const k of ctx.presentKeys) if (!skip.includes(bareName(k))) ctx.report({ key: k, ...f(k, ctx.get(k) ?? '') });
}

/** Strip the prefix (everything up to and including the first `/`). */
export function bareName(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? key : key.slice(i + 1);
}

/**
 * HAProxy controllers read backend keys from the Service too, and the Service wins. Splits the
 * Ingress's backend Services into those the Ingress value applies to and those whose own Service
 * annotation overrides it (not converted from the Ingress; the Service value is reported).
 */
export function splitByServiceOverride(ctx: RuleContext, services: readonly string[], prefixes: readonly string[], name: string, sourceKey: string): string[] {
  const use: string[] = [];
  for (const s of services) {
    const svc = ctx.service(ctx.ingress.namespace, s);
    const k = svc && prefixes.map((p) => p + name).find((x) => svc.annotations[x] !== undefined);
    if (!svc || !k) {
      use.push(s);
      continue;
    }
    ctx.report({
      key: sourceKey,
      level: 'partial',
      message: `Service ${s} sets ${k}: ${JSON.stringify(svc.annotations[k])}, which wins over the Ingress value; the Service's setting is not converted`,
      advice: `Convert ${k} of Service ${s} by hand (same mapping as the Ingress annotation).`,
      tags: ['service-annotation'],
      data: { service: `${svc.namespace}/${s}` },
    });
  }
  return use;
}
