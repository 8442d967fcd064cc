/**
 * What a conversion keeps alive per Ingress: its findings and Istio objects (the result), measured
 * as heap retained after a full collection, without timing. Findings repeat a few thousand
 * distinct texts (messages, keys, advice, tag lists) hundreds of thousands of times at 100k
 * Ingresses, and routes the same destination hosts; one shared copy of each, and flat route names
 * instead of V8's concatenation trees, took the retained heap from ≈ 9.3 KB to ≈ 6.9 KB per
 * Ingress here (and the peak RSS of 100k Ingresses under 1.5 GB); shared destinations, route
 * lists, HTTPS redirects and owners, and findings without a separate property array, to ≈ 5.1 KB.
 */
import { describe, expect, it } from 'vitest';
import { generateYaml } from '../../bench/generate.js';
import { convert } from '../../src/engine/convert.js';
import type { ConvertResult } from '../../src/engine/types.js';
import { defaultOptions } from '../../src/model/options.js';
import { normalize, parseText } from '../../src/read/index.js';
import { heapAfterGc } from '../helpers/heap.js';


function inputOf(n: number, seed: number) {
  const parsed = parseText(generateYaml({ n, seed }), `gen-${n}.yaml`);
  expect(parsed.errors).toEqual([]);
  return normalize(parsed.objects);
}

describe('conversion memory', () => {
  it('keeps a few KB per Ingress of findings and Istio objects', { timeout: 120_000 }, () => {
    const N = 3000;
    const options = defaultOptions();
    // Loads and optimizes the code and fills the regex cache with the generator's patterns.
    convert(inputOf(300, 1), options);
    const input = inputOf(N, 7);
    const before = heapAfterGc();
    let result: ConvertResult | undefined = convert(input, options);
    const retained = heapAfterGc() - before;
    expect(result.findings.length).toBeGreaterThan(5 * N);
    expect(result.resources.length).toBeGreaterThan(N / 2);
    const perIngress = retained / N;
    if (process.env.MEM_PRINT) console.log(`retained per Ingress: ${perIngress.toFixed(0)} bytes`);
    // ≈ 5.1 KB now; ≈ 6.9 KB with a destination, route list and HTTPS redirect object per route,
    // an Ownership per Ingress and a property array per finding; ≈ 9.3 KB with a copy of every
    // string per finding and route.
    expect(perIngress).toBeLessThan(6000);
    result = undefined;
  });
});
