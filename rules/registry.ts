import type { ControllerId } from '../src/model/ingress.js';
import type { Rule } from './types.js';

/** Rules per controller, in catalog order (rules/index.ts). */
export type RuleSet = Partial<Record<ControllerId, readonly Rule[]>>;

let registered: RuleSet | undefined;

/**
 * The engine's default rule set (used when a conversion is not handed one). rules/index.ts
 * registers every rule when it is loaded; the CLI loads only the controllers it needs
 * (rules/load.ts) and passes them explicitly, so the full catalog stays unloaded there.
 */
export function registerDefaultRules(set: RuleSet): void {
  registered = set;
}

export function defaultRules(): RuleSet {
  if (!registered) throw new Error('no rule set: import rules/index.js (every rule) or pass the rules loaded by rules/load.ts');
  return registered;
}
