/**
 * Reader throughput against the js-yaml floor. Timing is not asserted (shared CI machines vary);
 * run with READ_PERF=1 to print the numbers. What is asserted always: the result is complete, and
 * reading computes no field position until one is asked for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/read/index.js';
import { generateIngresses } from './generate.js';

const N = process.env.READ_PERF ? 10_000 : 500;

describe('reader throughput', () => {
  it(`reads ${N} generated Ingresses`, { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'i2i-perf-'));
    const file = join(dir, 'big.yaml');
    const text = generateIngresses(N);
    writeFileSync(file, text);
    try {
      const cpu = async <T>(fn: () => T | Promise<T>): Promise<[number, T]> => {
        const c0 = process.cpuUsage();
        const r = await fn();
        const c = process.cpuUsage(c0);
        return [(c.user + c.system) / 1000, r];
      };
      const floor: number[] = [];
      const ours: number[] = [];
      let set = await readInputs([file]);
      for (let k = 0; k < (process.env.READ_PERF ? 5 : 1); k++) {
        floor.push((await cpu(() => jsYaml.loadAll(text, null, { schema: jsYaml.CORE_SCHEMA })))[0]);
        const [t, s] = await cpu(() => readInputs([file]));
        ours.push(t);
        set = s;
      }
      expect(set.errors).toEqual([]);
      expect(set.ingresses).toHaveLength(N);
      expect(set.ingresses[N - 1].rules[1].paths[0].source.line).toBe((N - 1) * 55 + 49);
      const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(0);
      if (process.env.READ_PERF) console.log(`${N} Ingresses, ${(text.length / 1e6).toFixed(1)} MB: js-yaml loadAll ${median(floor)} ms CPU, readInputs ${median(ours)} ms CPU (medians of ${ours.length})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
