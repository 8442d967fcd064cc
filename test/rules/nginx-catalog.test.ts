import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/nginx/index.js';
import { REFERENCE_DIR } from '../helpers/shared.js';

interface CatalogEntry {
  key: string;
  status: string;
  support: string;
}

const catalog = yaml.load(readFileSync(join(REFERENCE_DIR, 'ingress-nginx-annotations.yaml'), 'utf8')) as CatalogEntry[];
const owned = rules.flatMap((r) => r.meta.keys.map((k) => ({ rule: r.meta.id, meta: k })));

describe('ingress-nginx catalog', () => {
  it('has the 167 reference keys', () => {
    expect(catalog).toHaveLength(167);
  });

  it('owns every reference key exactly once', () => {
    const counts = new Map<string, string[]>();
    for (const o of owned) counts.set(o.meta.key, [...(counts.get(o.meta.key) ?? []), o.rule]);
    const missing = catalog.map((e) => e.key).filter((k) => !counts.has(k));
    const duplicated = [...counts].filter(([, rs]) => rs.length > 1).map(([k, rs]) => `${k}: ${rs.join(', ')}`);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
  });

  it('owns no key outside the reference catalog', () => {
    const known = new Set(catalog.map((e) => e.key));
    expect(owned.map((o) => o.meta.key).filter((k) => !known.has(k))).toEqual([]);
  });

  it('declares the support level and status of the catalog', () => {
    const byKey = new Map(owned.map((o) => [o.meta.key, o.meta]));
    const diffs: string[] = [];
    for (const e of catalog) {
      const m = byKey.get(e.key);
      if (!m) continue;
      if (m.support !== e.support) diffs.push(`${e.key}: support ${m.support} != ${e.support}`);
      if ((m.status ?? 'current') !== e.status) diffs.push(`${e.key}: status ${m.status ?? 'current'} != ${e.status}`);
    }
    expect(diffs).toEqual([]);
  });

  it('gives removed keys the release that removed them, and every key an Istio target, advice and docs link', () => {
    for (const { meta } of owned) {
      if (meta.status === 'removed') expect(meta.removedIn, meta.key).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(meta.istio, meta.key).not.toBe('');
      expect(meta.advice, meta.key).not.toBe('');
      expect(meta.docs, meta.key).toMatch(/^https:\/\//);
    }
  });

  it('uses unique rule ids of the form nginx/<family>', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^nginx\/[a-z0-9-]+$/);
    for (const r of rules) expect(r.meta.controller).toBe('ingress-nginx');
  });
});
