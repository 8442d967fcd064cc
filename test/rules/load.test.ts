/**
 * rules/load.ts loads only the rule modules of the controllers a conversion needs. The findings
 * must be the same as with every rule loaded: the owners' rules convert, and a key without a
 * vendor prefix is named after every catalog that has it ("key of …, but this Ingress is owned by …").
 */
import { describe, expect, it } from 'vitest';
import { rulesByController } from '../../rules/index.js';
import { CATALOG_ORDER, loadRules } from '../../rules/load.js';
import { runRules, rulesNeededFor } from '../../src/engine/rules-runner.js';
import type { ControllerId } from '../../src/model/ingress.js';
import { defaultOptions } from '../../src/model/options.js';
import { ing } from '../helpers/model.js';

const OWNERS: ControllerId[] = [...CATALOG_ORDER, 'unknown'];
const noService = () => undefined;

describe('loading the rules of some controllers only', () => {
  it('loads the controllers asked for, in catalog order, with the same rule objects as rules/index.ts', async () => {
    const set = await loadRules(['haproxy-ingress', 'ingress-nginx']);
    expect(Object.keys(set)).toEqual(['ingress-nginx', 'haproxy-ingress']);
    expect(set['ingress-nginx']).toBe(rulesByController['ingress-nginx']);
    expect(set['haproxy-ingress']).toBe(rulesByController['haproxy-ingress']);
    expect(CATALOG_ORDER).toEqual(Object.keys(rulesByController));
  });

  it('needs the owner only for vendor-prefixed, tooling and unknown keys', () => {
    const i = ing({
      name: 'a',
      annotations: {
        'nginx.ingress.kubernetes.io/rewrite-target': '/',
        'haproxy.org/timeout-server': '5s', // another vendor's prefix: named from the prefix alone
        'cert-manager.io/cluster-issuer': 'x',
        'kubernetes.io/ingress.class': 'nginx',
        'example.com/owner': 'team',
      },
    });
    expect(rulesNeededFor([i])).toEqual(['ingress-nginx']);
    expect(rulesNeededFor([ing({ name: 'b', controller: 'contour' }), i])).toEqual(['ingress-nginx', 'contour']);
  });

  it('needs every catalog that may hold a key without a vendor prefix', () => {
    expect(rulesNeededFor([ing({ name: 'a', annotations: { 'ingress.kubernetes.io/ssl-redirect': 'true' } })])).toEqual([
      'ingress-nginx',
      'nginx-inc',
      'contour',
      'haproxytech',
      'haproxy-ingress',
    ]);
    expect(rulesNeededFor([ing({ name: 'a', annotations: { 'appprotect.f5.com/app-protect-enable': 'True' } })])).toEqual(['ingress-nginx', 'nginx-inc']);
    expect(rulesNeededFor([ing({ name: 'a', controller: 'contour', annotations: { 'timeout-client': '5s' } })])).toEqual(['contour', 'haproxytech', 'haproxy-ingress']);
  });

  it('gives the same findings as the whole catalog for every catalog key on an Ingress of every owner', async () => {
    const keys = [...new Set(Object.values(rulesByController).flatMap((rules) => rules!.flatMap((r) => r.meta.keys.map((k) => k.key.replace(/\*/g, 'x')))))].sort();
    expect(keys.length).toBeGreaterThan(500);
    const differ: string[] = [];
    for (const controller of OWNERS) {
      for (const key of keys) {
        const i = ing({ name: 'a', controller, annotations: { [key]: 'true' } });
        const all = runRules(i, defaultOptions(), noService, rulesByController).findings;
        const some = runRules(i, defaultOptions(), noService, await loadRules(rulesNeededFor([i]))).findings;
        if (JSON.stringify(some) !== JSON.stringify(all)) differ.push(`${controller} ${key}`);
      }
    }
    expect(differ).toEqual([]);
  });
});
