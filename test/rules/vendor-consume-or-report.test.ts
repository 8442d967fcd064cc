/**
 * Consume or report, for every vendor rule: each owned annotation key, alone on an Ingress with a
 * range of values (valid and invalid), gets at least one finding of its own, and no rule throws.
 */
import { describe, expect, it } from 'vitest';
import { rulesByController } from '../../rules/index.js';
import type { ControllerId } from '../../src/model/ingress.js';
import { ingress, run, service } from './vendor-context.js';

const VALUES = ['true', 'false', '10', '0', '-1', '5s', 'x', '', '10.0.0.0/8', 'svc', 'master', 'minion', 'case_sensitive', '/path', 'https://e.com/', 'X-A: 1', 'serviceName=svc rewrite=/'];
const CONTROLLERS: ControllerId[] = ['contour', 'haproxytech', 'haproxy-ingress', 'nginx-inc'];

describe.each(CONTROLLERS)('%s rules', (controller) => {
  const rules = rulesByController[controller] ?? [];
  for (const rule of rules) {
    const keys = rule.meta.keys.filter((k) => k.key.includes('/') && k.on !== 'service');
    it(`${rule.meta.id}: a finding for every present key`, () => {
      const missing: string[] = [];
      for (const k of keys) {
        const key = k.key.replace('*', 'custom-1');
        for (const value of VALUES) {
          for (const withTls of [false, true]) {
            const ing = ingress({ controller, annotations: { [key]: value }, rules: [{ host: 'example.com', paths: ['/app', { path: '/exact', type: 'Exact' }, { path: '/is', type: 'ImplementationSpecific' }] }], tls: withTls ? [{ hosts: ['example.com'], secretName: 'cert' }] : [] });
            const r = run(rule, ing);
            if (!r.findings.some((f) => f.key === key)) missing.push(`${key}=${JSON.stringify(value)}${withTls ? ' (tls)' : ''}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });
    const svcKeys = rule.meta.keys.filter((k) => k.on === 'service' && k.key.includes('/'));
    if (svcKeys.length) {
      it(`${rule.meta.id}: a finding for every Service key`, () => {
        const missing: string[] = [];
        for (const k of svcKeys) {
          for (const value of VALUES) {
            const r = run(rule, ingress({ controller }), { services: [service('svc', { [k.key]: value })] });
            if (!r.findings.some((f) => f.key === k.key)) missing.push(`${k.key}=${JSON.stringify(value)}`);
          }
        }
        expect(missing).toEqual([]);
      });
    }
  }
});
