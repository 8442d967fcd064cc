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
