/**
 * What the audit knows about annotation keys, taken from the rule modules' metadata (the same
 * catalog the engine uses): support level per controller, the controllers' key prefixes, and the
 * closest known key for a misspelled one.
 */
import { levenshtein } from '../util/levenshtein.js';
import type { Rule, SupportLevel } from '../../rules/types.js';

export interface KnownKey {
  key: string;
  /** Support level per controller that has the key. */
  support: Map<string, SupportLevel>;
}

export interface KeyCatalog {
  keys: Map<string, KnownKey>;
  /** Sorted known annotation keys: the candidates for suggestions (ties broken alphabetically). */
  sorted: string[];
  /** Key prefix (the part before the first `/`) → controllers using it. */
  prefixes: Map<string, Set<string>>;
}

export function buildCatalog(rules: readonly Rule[]): KeyCatalog {
  const keys = new Map<string, KnownKey>();
  const prefixes = new Map<string, Set<string>>();
  for (const rule of rules) {
    const controller = rule.meta.controller;
    for (const k of rule.meta.keys) {
      let known = keys.get(k.key);
      if (!known) {
        known = { key: k.key, support: new Map() };
        keys.set(k.key, known);
      }
      if (!known.support.has(controller)) known.support.set(controller, k.support);
      const p = prefixOf(k.key);
      if (p && !GENERIC_PREFIXES.has(p)) {
        let set = prefixes.get(p);
        if (!set) prefixes.set(p, (set = new Set()));
        set.add(controller);
      }
    }
  }
  // Suggestions are annotation keys: prefix-less catalog entries are controller ConfigMap keys.
  const sorted = [...keys.keys()].filter((k) => prefixOf(k) !== undefined).sort();
  return { keys, sorted, prefixes };
}

/**
 * Prefixes shared by all of Kubernetes (`kubernetes.io/ingress.class` is read by every controller,
 * `kubernetes.io/tls-acme` by cert-manager): never a controller's own prefix, never foreign.
 */
export const GENERIC_PREFIXES: ReadonlySet<string> = new Set(['kubernetes.io']);

export function isGenericKey(key: string): boolean {
  const p = prefixOf(key);
  return p !== undefined && GENERIC_PREFIXES.has(p);
}

export function prefixOf(key: string): string | undefined {
  const slash = key.indexOf('/');
  return slash > 0 ? key.slice(0, slash) : undefined;
}

/** Controllers whose catalog has the key, sorted. */
export function controllersOf(cat: KeyCatalog, key: string): string[] {
  const k = cat.keys.get(key);
  return k ? [...k.support.keys()].sort() : [];
}

/** Support level of a key, preferring the owning controller's entry, else the first controller's (sorted). */
export function supportOf(cat: KeyCatalog, key: string, owner: string): SupportLevel | undefined {
  const k = cat.keys.get(key);
  if (!k) return undefined;
  const own = k.support.get(owner);
  if (own) return own;
  const first = [...k.support.keys()].sort()[0];
  return first ? k.support.get(first) : undefined;
}

export { levenshtein };

/** Closest known key over all controllers (ties: alphabetical), or undefined for an empty catalog. */
export function closestKey(cat: KeyCatalog, key: string): { key: string; distance: number } | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const k of cat.sorted) {
    // Cheap lower bound: the length difference.
    if (best && Math.abs(k.length - key.length) >= best.distance) continue;
    const d = levenshtein(key, k);
    if (!best || d < best.distance) best = { key: k, distance: d };
  }
  return best;
}

/**
 * How far a key may be from a known key and still count as a misspelling of it: a third of the
 * name part (after the prefix), at least 2. `nginx.ingress.kubernetes.io/rewrite-targt` is a
 * misspelling; `nginx.ingress.kubernetes.io/foo` is not a misspelling of `.../ssl`.
 */
export function misspellingThreshold(key: string): number {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return Math.max(2, Math.floor(name.length / 3));
}

export type KeyClass =
  | { status: 'known' }
  | { status: 'unknown'; suggestion?: string; distance?: number }
  | { status: 'other' };

/**
 * known: in the catalog. unknown: under a controller prefix but not in the catalog (the closest
 * known key is suggested), or close enough to a known key to be a misspelling of it (e.g. a typo in
 * the prefix). other: anything
 * else (third-party annotations such as cert-manager's), which no controller here interprets.
 */
export function classifyKey(cat: KeyCatalog, key: string): KeyClass {
  if (cat.keys.has(key)) return { status: 'known' };
  const near = closestKey(cat, key);
  const close = near && near.distance <= misspellingThreshold(key) ? near : undefined;
  const p = prefixOf(key);
  if (p && cat.prefixes.has(p)) {
    // Under a controller's prefix: always name the closest known key, with its distance.
    return near ? { status: 'unknown', suggestion: near.key, distance: near.distance } : { status: 'unknown' };
  }
  if (close) return { status: 'unknown', suggestion: close.key, distance: close.distance };
  return { status: 'other' };
}
