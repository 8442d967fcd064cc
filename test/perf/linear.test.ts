/**
 * Scale regression guards that do not time anything: the work the engine and the validator do is
 * counted (rule evaluations, hosts, locations, sort comparisons, elements scanned by linear array
 * searches, schema and regex compilations) on generated inputs of N and 4N Ingresses. Linear work
 * grows 4×, n·log n sorting a little more; anything quadratic grows about 16× and fails.
 */
import { describe, expect, it } from 'vitest';
import { generateYaml } from '../../bench/generate.js';
import { allRules } from '../../rules/index.js';
import { buildAudit } from '../../src/audit/build.js';
import { convert, lastCounters, type EngineCounters } from '../../src/engine/convert.js';
import { validateAll, validatorStats } from '../../src/istio/validate.js';
import { defaultOptions } from '../../src/model/options.js';
import { normalize, parseText } from '../../src/read/index.js';
import type { ConvertResult } from '../../src/engine/types.js';

const N = 300;

function inputOf(n: number) {
  const parsed = parseText(generateYaml({ n, seed: 7 }), `gen-${n}.yaml`);
  expect(parsed.errors).toEqual([]);
  return normalize(parsed.objects);
}

/** Counts comparator calls of Array.prototype.sort and elements visited by linear searches while `fn` runs. */
function countWork<T>(fn: () => T): { value: T; comparisons: number; scanned: number } {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved: Record<string, (...args: unknown[]) => unknown> = {};
  let comparisons = 0;
  let scanned = 0;
  const sort = proto.sort!;
  saved.sort = sort;
  proto.sort = function (this: unknown[], cmp?: unknown) {
    if (typeof cmp !== 'function') {
      comparisons += this.length > 1 ? Math.ceil(this.length * Math.log2(this.length)) : 0;
      return sort.call(this);
    }
    const f = cmp as (a: unknown, b: unknown) => number;
    return sort.call(this, (a: unknown, b: unknown) => {
      comparisons++;
      return f(a, b);
    });
  };
  // An upper bound of what each search visits: the whole array. Quadratic scans show up here.
  for (const name of ['find', 'findIndex', 'some', 'every', 'includes', 'indexOf', 'filter']) {
    const orig = proto[name]!;
    saved[name] = orig;
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      scanned += this.length;
      return orig.apply(this, args);
    };
  }
  try {
    return { value: fn(), comparisons, scanned };
  } finally {
    for (const [name, orig] of Object.entries(saved)) proto[name] = orig;
  }
}

interface Run {
  counters: EngineCounters;
  comparisons: number;
  scanned: number;
  result: ConvertResult;
}

function run(n: number): Run {
  const input = inputOf(n);
  const options = defaultOptions();
  const { value: result, comparisons, scanned } = countWork(() => convert(input, options));
  return { counters: { ...lastCounters }, comparisons, scanned, result };
}

describe('engine work grows linearly with the number of Ingresses', () => {
  const small = run(N);
  const large = run(4 * N);

  it('the generated inputs are realistic: many hosts and routes, some of everything', () => {
    expect(small.result.errors).toEqual([]);
    expect(small.counters.hosts).toBeGreaterThan(N / 8);
    expect(small.counters.locations).toBeGreaterThan(N);
    const kinds = new Set(large.result.resources.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['AuthorizationPolicy', 'DestinationRule', 'EnvoyFilter', 'Gateway', 'VirtualService']);
    expect(large.result.findings.some((f) => f.tags?.includes('canary'))).toBe(true);
  });

  it.each(['ruleEvaluations', 'hosts', 'locations'] as const)('%s grows about 4× for 4× the Ingresses', (k) => {
    const ratio = large.counters[k] / small.counters[k];
    expect(ratio).toBeGreaterThan(3.3);
    expect(ratio).toBeLessThan(4.7);
  });

  it('sort comparisons grow like n·log n, not n²', () => {
    // 4·log(4N)/log(N) ≈ 4.9 for N = 300; a sort per route inside a per-host loop over all routes would be ~16.
    const ratio = large.comparisons / small.comparisons;
    expect(small.comparisons).toBeGreaterThan(N);
    expect(ratio).toBeLessThan(6);
  });

  it('elements scanned by linear array searches grow linearly', () => {
    const ratio = large.scanned / small.scanned;
    expect(small.scanned).toBeGreaterThan(N);
    expect(ratio).toBeLessThan(6);
  });

  it('findings and resources grow linearly', () => {
    expect(large.result.findings.length / small.result.findings.length).toBeLessThan(4.7);
    expect(large.result.resources.length / small.result.resources.length).toBeLessThan(4.7);
  });
});

describe('validator: schemas and regexes are compiled once, not per object', () => {
  it('compiles each kind schema at most once and each distinct regex at most once, whatever the number of objects', () => {
    const resources = run(4 * N).result.resources;
    const regexes = new Set<string>();
    const walk = (v: unknown, key?: string): void => {
      if (key === 'regex' && typeof v === 'string') regexes.add(v);
      if (Array.isArray(v)) for (const x of v) walk(x);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(resources);
    const kinds = new Set(resources.map((r) => `${r.apiVersion}/${r.kind}`));

    const before = { ...validatorStats };
    expect(validateAll(resources)).toEqual([]);
    const first = { ...validatorStats };
    expect(first.schemaCompilations - before.schemaCompilations).toBeLessThanOrEqual(kinds.size);
    expect(first.regexCompilations - before.regexCompilations).toBeLessThanOrEqual(regexes.size);
    expect(regexes.size).toBeGreaterThan(10); // the input has regex paths: the bound above means something

    // Validating the same objects again (or more of the same kinds) compiles nothing.
    validateAll(resources);
    validateAll(resources.slice(0, resources.length >> 1));
    expect(validatorStats).toEqual(first);
  });
});

describe('audit work grows linearly with the number of Ingresses', () => {
  /** Reads of output objects (by index or iteration) plus elements visited by array searches while the audit is built. */
  function auditWork(n: number): number {
    const { result } = run(n);
    let reads = 0;
    const resources = new Proxy(result.resources, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const { scanned } = countWork(() => buildAudit({ result: { ...result, resources }, rules: allRules, gatewayNamespace: 'istio-system' }));
    return reads + scanned;
  }

  it('reads each generated object a bounded number of times (no scan of all objects per Ingress)', () => {
    // The report's per-Ingress list of Istio objects once scanned every object for every Ingress (≈16× here).
    const small = auditWork(N);
    const ratio = auditWork(4 * N) / small;
    expect(small).toBeGreaterThan(N);
    expect(ratio).toBeLessThan(6);
  });
});
