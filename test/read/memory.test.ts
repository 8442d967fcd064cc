/**
 * What the read model keeps alive. The model must hold its own values, not slices of the parsed
 * documents (js-yaml returns long scalars as slices of its own copy of each document, and a kept
 * slice keeps that whole copy), lazy field sources must keep a small locator, not closures
 * over the parse, and a file's text is let go once parsed (read again when a position is asked).
 * Measured as heap retained per Ingress after a full collection.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/read/index.js';
import type { InputSet } from '../../src/read/types.js';
import { generateIngresses } from './generate.js';
import { heapAfterGc } from '../helpers/heap.js';


/** Loads modules and code once; the result must be unreachable afterwards (an awaited value can linger in the caller's frame). */
async function warmUp(file: string): Promise<void> {
  await readInputs([file], { keepTexts: false });
  await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('read model memory', () => {
  it('keeps a few KB per Ingress, not the parsed documents', { timeout: 120_000 }, async () => {
    const N = 2000;
    const dir = mkdtempSync(join(tmpdir(), 'i2i-mem-'));
    const file = join(dir, 'big.yaml');
    const text = generateIngresses(N);
    writeFileSync(file, text);
    try {
      await warmUp(file);
      const before = heapAfterGc();
      let set: InputSet | undefined = await readInputs([file], { keepTexts: false });
      const retained = heapAfterGc() - before;
      expect(set.ingresses).toHaveLength(N);
      // Fields are still located on demand after the parse is gone.
      expect(set.ingresses[N - 1].rules[1].paths[0].source.line).toBe((N - 1) * 55 + 49);
      const perIngress = retained / N;
      if (process.env.MEM_PRINT) console.log(`retained per Ingress: ${perIngress.toFixed(0)} bytes`);
      // ~3.6 KB here, the model alone (~4.2 KB with four-field LazySources and an owner reason
      // text per Ingress). Keeping js-yaml's document copies and per-object closures made it
      // ~9.5 KB, and keeping the file text (1.4 KB per Ingress here) ~5.4 KB.
      expect(perIngress).toBeLessThan(4500);
      set = undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps each Ingress source text only when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'i2i-mem-'));
    const file = join(dir, 'two.yaml');
    writeFileSync(file, generateIngresses(2));
    try {
      const kept = await readInputs([file]);
      expect([...kept.texts!.keys()]).toEqual(['team-0/app-0', 'team-1/app-1']);
      expect(kept.texts!.get('team-1/app-1')).toMatch(/^---\napiVersion: networking.k8s.io\/v1\nkind: Ingress\nmetadata:\n {2}name: app-1\n/);
      const lean = await readInputs([file], { keepTexts: false });
      expect(lean.texts).toBeUndefined();
      const plain = (set: InputSet) => set.ingresses.map((i) => i.annotations.map((a) => ({ key: a.key, value: a.value, line: a.source.line })));
      expect(plain(lean)).toEqual(plain(kept));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a file again for positions asked after parsing, and falls back to the object line if it changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'i2i-mem-'));
    const file = join(dir, 'two.yaml');
    const text = generateIngresses(2);
    writeFileSync(file, text);
    try {
      // Line of the second Ingress's `- path:` entry of its second rule, counted by hand from the generator.
      const a = await readInputs([file], { keepTexts: false });
      expect(a.ingresses[1].source.line).toBe(57); // the line after its `---`
      expect(a.ingresses[1].rules[1].paths[0].source.line).toBe(55 + 49);

      const b = await readInputs([file], { keepTexts: false });
      writeFileSync(file, `# edited\n${text}`);
      expect(b.ingresses[1].rules[1].paths[0].source.line).toBe(57);
      expect(b.ingresses[1].annotations[0].source.line).toBe(57);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
