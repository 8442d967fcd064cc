/**
 * The `--report FILE` text is written in pieces (at 100k Ingresses it is about 500 MB, near V8's
 * largest string): joined, the pieces must be exactly `JSON.stringify(findingsReport(r), null, 2)`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateYaml } from '../../bench/generate.js';
import { writeFilesAtomic } from '../../src/emit/write.js';
import { convert } from '../../src/engine/convert.js';
import type { ConvertResult } from '../../src/engine/types.js';
import { defaultOptions } from '../../src/model/options.js';
import { normalize, parseText, readInputs } from '../../src/read/index.js';
import { findingsReport, findingsReportChunks, findingsReportText } from '../../src/report/findings-json.js';
import { REPO_DIR } from '../helpers/shared.js';

const whole = (r: ConvertResult) => `${JSON.stringify(findingsReport(r), null, 2)}\n`;

function generated(n: number): ConvertResult {
  const parsed = parseText(generateYaml({ n, seed: 7 }), 'gen.yaml');
  return convert(normalize(parsed.objects), defaultOptions({}));
}

describe('findings report in pieces', () => {
  it('the samples: the pieces join to exactly the whole JSON text', async () => {
    const r = convert(await readInputs([join(REPO_DIR, 'samples')]), defaultOptions({}));
    expect(r.findings.length).toBeGreaterThan(10);
    expect(findingsReportText(r)).toBe(whole(r));
  });

  it('input errors, line breaks and quotes in messages, and an empty findings list', () => {
    const parsed = parseText('kind: Ingress\nmetadata: [broken\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: "a\\"b"\n', 'bad.yaml');
    const r = convert(normalize(parsed.objects), defaultOptions({}));
    const withErrors: ConvertResult = { ...r, errors: [...r.errors, ...parsed.errors] };
    expect(withErrors.errors.length).toBeGreaterThan(0);
    expect(withErrors.findings).toEqual([]);
    const text = findingsReportText(withErrors);
    expect(text).toBe(whole(withErrors));
    expect(text).toContain('"findings": [],\n');
    const odd: ConvertResult = { ...withErrors, findings: [{ ...generated(3).findings[0]!, message: 'two\nlines "q" \\ end' }], errors: [] };
    expect(findingsReportText(odd)).toBe(whole(odd));
    expect(findingsReportText(odd)).toContain('"errors": []\n}\n');
  });

  it('a large result comes in pieces of about 64 KiB, and writeFilesAtomic writes them unjoined', async () => {
    const r = generated(600);
    const pieces = [...findingsReportChunks(r)];
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces) expect(p.length).toBeLessThan((1 << 16) + 10_000);
    expect(pieces.join('')).toBe(whole(r));
    const dir = mkdtempSync(join(tmpdir(), 'i2i-report-'));
    try {
      const file = join(dir, 'report.json');
      await writeFilesAtomic([{ path: file, content: findingsReportChunks(r) }], false);
      expect(readFileSync(file, 'utf8')).toBe(whole(r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
