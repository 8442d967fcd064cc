/**
 * RuleTester, in the spirit of ESLint's: one rule, a list of small cases, each with the exact
 * findings it must produce, optionally the intents it must record (partial match) and Istio
 * fragments the full conversion must contain.
 *
 * Inputs go through the real readers (parseText + normalize), the rule runs with the engine's
 * real RuleContext (createRuleContext), and `expect.istio` runs the real engine (convert) with
 * only this rule registered.
 *
 *   ruleTester.run(rule, [
 *     { name: 'allow-list', ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8' } }),
 *       expect: { findings: [{ key: 'allowlist-source-range', level: 'converted', message: /notRemoteIpBlocks/ }] } },
 *   ]);
 */
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import type { Rule } from '../types.js';
import type { Finding, FindingLevel } from '../../src/model/findings.js';
import { emptyIntents, type IngressIntents } from '../../src/model/intents.js';
import { defaultOptions, type ConvertOptions } from '../../src/model/options.js';
import type { HTTPRoute, IstioResource } from '../../src/istio/types.js';
import type { InputSet } from '../../src/read/types.js';
import { normalize, parseText } from '../../src/read/index.js';
import { createRuleContext } from '../../src/engine/rules-runner.js';
import { convert } from '../../src/engine/convert.js';

export interface ExpectedFinding {
  /** Full key, or the key without the rule's annotation prefix. */
  key: string;
  level: FindingLevel;
  /** Substring, or regex, the message must contain/match. */
  message?: string | RegExp;
  /** Tags the finding must carry (subset). */
  tags?: string[];
  /** Name of the Ingress the finding is about (when the input has several). */
  ingress?: string;
  /** Entries of `data`: substring or regex per key. */
  data?: Record<string, string | RegExp>;
  /** Istio refs (`Kind/ns/name`) the finding must list (subset). */
  istio?: string[];
}

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface RuleTestCase {
  name: string;
  /** YAML (one or more documents: Ingresses, Services, IngressClasses) or one object. */
  ingress: string | Record<string, unknown>;
  options?: Partial<ConvertOptions>;
  expect: {
    /** Exactly these findings (sorted by Ingress, key; in emission order per key). */
    findings: ExpectedFinding[];
    /** Partial match on the intents of the first Ingress (or `intentsOf`). */
    intents?: DeepPartial<IngressIntents>;
    intentsOf?: string;
    /** Fragments the full conversion must contain. */
    istio?: {
      /** Each must match (partially) one generated resource of the same kind. */
      resources?: Array<DeepPartial<IstioResource> & { kind: string }>;
      /** Each must match (partially) one http route of a generated VirtualService. */
      routes?: Array<DeepPartial<HTTPRoute>>;
      /** Kinds that must not be generated at all. */
      none?: string[];
    };
  };
}

export function readCase(input: RuleTestCase['ingress'], options: ConvertOptions): InputSet {
  const text = typeof input === 'string' ? input : yaml.dump(input);
  const parsed = parseText(text, 'case.yaml');
  if (parsed.errors.length) throw new Error(`case input does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const set = normalize(parsed.objects, { ...(options.controller ? { controller: options.controller } : {}) });
  if (set.errors.length) throw new Error(`case input is invalid: ${set.errors.map((e) => e.message).join('; ')}`);
  return set;
}

/** Run one rule over every Ingress of the input, as the engine would (findings + intents per Ingress). */
export function runRule(rule: Rule, input: InputSet, options: ConvertOptions): { findings: Finding[]; intents: Map<string, IngressIntents> } {
  const findings: Finding[] = [];
  const intents = new Map<string, IngressIntents>();
  const services = (ns: string, name: string) => input.services.find((s) => s.namespace === ns && s.name === name);
  const owned = new Set(rule.meta.keys.map((km) => km.key));
  for (const ing of input.ingresses) {
    const its = emptyIntents();
    intents.set(ing.name, its);
    if (ing.owner.controller !== rule.meta.controller) continue;
    if (!ing.annotations.some((a) => owned.has(a.key))) continue;
    const configMaps = (ns: string, name: string) => input.configMaps.find((c) => c.namespace === ns && c.name === name);
    const ctx = createRuleContext(rule, ing, options, services, its, (f) => findings.push(f), configMaps);
    rule.create(ctx);
  }
  return { findings, intents };
}

function fullKey(rule: Rule, key: string): string {
  if (key.includes('/')) return key;
  const first = rule.meta.keys.find((km) => km.status !== 'removed') ?? rule.meta.keys[0];
  const prefix = first ? first.key.slice(0, first.key.lastIndexOf('/') + 1) : '';
  return `${prefix}${key}`;
}

function matchesSome(actual: unknown[], expected: unknown): boolean {
  return actual.some((a) => {
    try {
      expect(a).toMatchObject(expected as object);
      return true;
    } catch {
      return false;
    }
  });
}

function describeFinding(f: Finding): string {
  return `${f.ingress.name} ${f.key} [${f.level}] ${f.message}`;
}

export const ruleTester = {
  run(rule: Rule, cases: RuleTestCase[]): void {
    describe(rule.meta.id, () => {
      for (const c of cases) {
        it(c.name, () => {
          const options = defaultOptions({ controller: rule.meta.controller, ...c.options });
          const input = readCase(c.ingress, options);
          const { findings, intents } = runRule(rule, input, options);

          // Consume or report: every owned key present must have a finding.
          const owned = new Set(rule.meta.keys.map((km) => km.key));
          for (const ing of input.ingresses) {
            if (ing.owner.controller !== rule.meta.controller) continue;
            for (const a of ing.annotations) {
              if (!owned.has(a.key)) continue;
              const has = findings.some((f) => f.ingress.name === ing.name && f.key === a.key);
              expect(has, `rule left ${ing.name} ${a.key} without a finding`).toBe(true);
            }
          }

          const order = new Map(input.ingresses.map((i, n) => [i.name, n]));
          const sortKey = (name: string | undefined, key: string) => `${String(order.get(name ?? '') ?? 0).padStart(4, '0')}\u0000${key}`;
          const actual = findings
            .map((f, i) => ({ f, i }))
            .sort((a, b) => (sortKey(a.f.ingress.name, a.f.key) < sortKey(b.f.ingress.name, b.f.key) ? -1 : sortKey(a.f.ingress.name, a.f.key) > sortKey(b.f.ingress.name, b.f.key) ? 1 : a.i - b.i))
            .map((x) => x.f);
          const firstName = input.ingresses[0]?.name;
          const wanted = c.expect.findings
            .map((e, i) => ({ e: { ...e, key: fullKey(rule, e.key), ingress: e.ingress ?? firstName }, i }))
            .sort((a, b) => (sortKey(a.e.ingress, a.e.key) < sortKey(b.e.ingress, b.e.key) ? -1 : sortKey(a.e.ingress, a.e.key) > sortKey(b.e.ingress, b.e.key) ? 1 : a.i - b.i))
            .map((x) => x.e);
          const listing = actual.map(describeFinding).join('\n');
          expect(actual.length, `expected ${wanted.length} findings, got:\n${listing}`).toBe(wanted.length);
          wanted.forEach((w, i) => {
            const a = actual[i]!;
            const where = `finding ${i}: ${describeFinding(a)}`;
            expect(a.ingress.name, where).toBe(w.ingress);
            expect(a.key, where).toBe(w.key);
            expect(a.level, where).toBe(w.level);
            if (typeof w.message === 'string') expect(a.message, where).toContain(w.message);
            else if (w.message) expect(a.message, where).toMatch(w.message);
            if (w.tags) expect(a.tags ?? [], where).toEqual(expect.arrayContaining(w.tags));
            for (const [dk, dv] of Object.entries(w.data ?? {})) {
              const got = a.data?.[dk];
              expect(got, `${where} data.${dk}`).toBeDefined();
              if (typeof dv === 'string') expect(got, where).toContain(dv);
              else expect(got, where).toMatch(dv);
            }
            if (w.istio) expect(a.istio, where).toEqual(expect.arrayContaining(w.istio));
          });

          if (c.expect.intents) {
            const its = intents.get(c.expect.intentsOf ?? firstName ?? '');
            // `key: undefined` means "no such intent"; the rest is a partial match.
            const rest: Record<string, unknown> = {};
            for (const [key, v] of Object.entries(c.expect.intents)) {
              if (v === undefined) expect((its as unknown as Record<string, unknown>)[key], `intent ${key}`).toBeUndefined();
              else rest[key] = v;
            }
            expect(its).toMatchObject(rest);
          }

          if (c.expect.istio) {
            const result = convert(input, options, { rules: { [rule.meta.controller]: [rule] } });
            const resources = result.resources;
            for (const r of c.expect.istio.resources ?? []) {
              const same = resources.filter((x) => x.kind === r.kind);
              expect(matchesSome(same, r), `no ${r.kind} matches ${JSON.stringify(r)}; got:\n${yaml.dump(same)}`).toBe(true);
            }
            const routes = resources.filter((x) => x.kind === 'VirtualService').flatMap((vs) => ((vs.spec as { http?: HTTPRoute[] }).http ?? []));
            for (const r of c.expect.istio.routes ?? []) {
              expect(matchesSome(routes, r), `no http route matches ${JSON.stringify(r)}; got:\n${yaml.dump(routes)}`).toBe(true);
            }
            for (const kind of c.expect.istio.none ?? []) {
              expect(resources.filter((x) => x.kind === kind).map((x) => x.metadata.name), `unexpected ${kind}`).toEqual([]);
            }
          }
        });
      }
    });
  },
};
