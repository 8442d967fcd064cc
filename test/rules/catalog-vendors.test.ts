/**
 * Every key of the vendor reference catalogs is owned by exactly one rule of its controller, with
 * the catalog's support level; aliases are owned too; no rule invents keys the catalog lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../helpers/shared.js';
import { rulesByController } from '../../rules/index.js';
import type { ControllerId } from '../../src/model/ingress.js';
import type { KeyMeta } from '../../rules/types.js';

interface CatalogEntry {
  controller?: string;
  key: string;
  aliases?: string[];
  support: string;
  status?: string;
}

function load(file: string): CatalogEntry[] {
  return yaml.load(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as CatalogEntry[];
}

/** Catalog entries that describe a family of keys: the KeyMeta keys (patterns) that stand for them. */
const PATTERNS: Record<string, string[]> = {
  'ingress.kubernetes.io/* (other than force-ssl-redirect)': ['ingress.kubernetes.io/*'],
  '<prefix>/backend.* and <prefix>/frontend.* (custom annotations)': [
    'haproxy.org/backend.*', 'haproxy.com/backend.*', 'ingress.kubernetes.io/backend.*',
    'haproxy.org/frontend.*', 'haproxy.com/frontend.*', 'ingress.kubernetes.io/frontend.*',
  ],
  'haproxy-ingress.github.io/http-response-<code>': ['haproxy-ingress.github.io/http-response-*', 'ingress.kubernetes.io/http-response-*'],
};

/** Support levels we deliberately set differently from the catalog, with the reason. */
const DISAGREE: Record<string, string> = {};

const CATALOGS: Array<[ControllerId, string, (e: CatalogEntry) => boolean]> = [
  ['contour', 'contour-annotations.yaml', () => true],
  ['haproxytech', 'haproxy-annotations.yaml', (e) => e.controller === 'haproxytech'],
  ['haproxy-ingress', 'haproxy-annotations.yaml', (e) => e.controller === 'haproxy-ingress'],
  ['nginx-inc', 'nginx-inc-annotations.yaml', () => true],
];

describe.each(CATALOGS)('%s catalog', (controller, file, filter) => {
  const entries = load(file).filter(filter);
  const rules = rulesByController[controller] ?? [];
  const owners = new Map<string, Array<{ rule: string; meta: KeyMeta }>>();
  for (const r of rules) {
    expect(r.meta.controller).toBe(controller);
    for (const k of r.meta.keys) owners.set(k.key, [...(owners.get(k.key) ?? []), { rule: r.meta.id, meta: k }]);
  }

  it('has rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it('owns no key twice', () => {
    const twice = [...owners].filter(([, o]) => o.length > 1).map(([k, o]) => `${k}: ${o.map((x) => x.rule).join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('owns every catalog key and alias with the catalog support level', () => {
    const problems: string[] = [];
    for (const e of entries) {
      const keys = PATTERNS[e.key] ?? [e.key, ...(e.aliases ?? [])];
      for (const k of keys) {
        const o = owners.get(k);
        if (!o) {
          problems.push(`${k}: no owner`);
          continue;
        }
        const got = o[0]!.meta.support;
        if (got !== e.support && !DISAGREE[k]) problems.push(`${k}: support ${got}, catalog ${e.support}`);
      }
      for (const a of e.aliases ?? []) {
        const o = owners.get(a);
        if (o && o[0]!.meta.status !== 'alias') problems.push(`${a}: alias without status alias`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('owns no key the catalog lacks', () => {
    const known = new Set(entries.flatMap((e) => PATTERNS[e.key] ?? [e.key, ...(e.aliases ?? [])]));
    expect([...owners.keys()].filter((k) => !known.has(k)).sort()).toEqual([]);
  });

  it('gives every key an Istio target, advice and a docs URL', () => {
    const bad = [...owners.values()].flat().filter((o) => !o.meta.istio || !o.meta.advice || !o.meta.docs?.startsWith('https://')).map((o) => o.meta.key);
    expect(bad).toEqual([]);
  });

  it('marks removed keys as removed', () => {
    const removed = entries.filter((e) => e.status?.startsWith('removed-in')).map((e) => e.key);
    const wrong = removed.filter((k) => owners.get(k)?.[0]?.meta.status !== 'removed');
    expect(wrong).toEqual([]);
  });
});
