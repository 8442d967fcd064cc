/**
 * Loads the rule modules of some controllers only. The rules of the five controllers are ~125
 * modules; loading all of them was a fixed cost of every `convert` run (about a tenth of the CPU of
 * converting 50 Ingresses) although an input usually has one controller.
 */
import type { ControllerId } from '../src/model/ingress.js';
import type { RuleSet } from './registry.js';
import type { Rule } from './types.js';

/** Controllers with rules, in catalog order (the order of rules/index.ts). */
export const CATALOG_ORDER: readonly ControllerId[] = ['ingress-nginx', 'nginx-inc', 'contour', 'haproxytech', 'haproxy-ingress'];

const LOADERS: Record<string, () => Promise<readonly Rule[]>> = {
  'ingress-nginx': async () => (await import('./nginx/index.js')).rules,
  'nginx-inc': async () => (await import('./nginx-inc/index.js')).rules,
  contour: async () => (await import('./contour/index.js')).rules,
  haproxytech: async () => (await import('./haproxytech/index.js')).rules,
  'haproxy-ingress': async () => (await import('./haproxy-ingress/index.js')).rules,
};

/**
 * Per controller, the prefixes (text up to and including the first `/`; '' for a key without one)
 * of the catalog keys that carry none of the five vendor prefixes of the rules runner. Such a key on
 * an Ingress of another controller is named after the catalogs that have it ("key of …"), so those
 * catalogs must be loaded when it appears. test/rules/load.test.ts checks this table against the catalog.
 */
export const PREFIXES_OUTSIDE_VENDOR: Readonly<Record<string, readonly string[]>> = {
  'ingress-nginx': ['kubernetes.io/'],
  'nginx-inc': ['kubernetes.io/', 'ingress.kubernetes.io/', 'appprotect.f5.com/', 'appprotectdos.f5.com/'],
  contour: ['kubernetes.io/', 'ingress.kubernetes.io/'],
  haproxytech: ['haproxy.com/', 'ingress.kubernetes.io/', ''],
  'haproxy-ingress': ['ingress.kubernetes.io/', ''],
};

/** The rule set of these controllers (the others are left out), in catalog order. */
export async function loadRules(controllers: Iterable<ControllerId>): Promise<RuleSet> {
  const want = new Set(controllers);
  const chosen = CATALOG_ORDER.filter((c) => want.has(c));
  const loaded = await Promise.all(chosen.map((c) => LOADERS[c]!()));
  const set: RuleSet = {};
  chosen.forEach((c, i) => (set[c] = loaded[i]));
  return set;
}
