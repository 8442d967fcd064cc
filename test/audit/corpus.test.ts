import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { buildAudit } from '../../src/audit/build.js';
import { renderAudit, renderAuditPieces, AUDIT_FORMATS } from '../../src/audit/index.js';
import { esc } from '../../src/audit/render/html.js';
import { mdCode } from '../../src/audit/render/markdown.js';
import { convert } from '../../src/engine/convert.js';
import { defaultOptions } from '../../src/model/options.js';
import { readInputs } from '../../src/read/index.js';
import { corpusFiles, REPO_DIR } from '../helpers/shared.js';
import { validate } from './json-schema.js';
import { checkSarif } from './sarif-structure.js';

describe('audit of the real-world corpus', () => {
  it('runs through every format without crashing and names every annotation present', async () => {
    const input = await readInputs(corpusFiles());
    expect(input.ingresses.length).toBeGreaterThan(50);
    const result = convert(input, defaultOptions());
    const report = buildAudit({ result, rules: allRules, gatewayNamespace: 'istio-system', toolVersion: 'test' });

    const present = new Set<string>();
    for (const ing of input.ingresses) for (const a of ing.annotations) present.add(a.key);
    expect(present.size).toBeGreaterThan(20);
    expect(report.inventory.annotations.map((u) => u.key)).toEqual([...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(report.ingresses).toHaveLength(input.ingresses.length);

    const out: Record<string, string> = {};
    for (const f of AUDIT_FORMATS) out[f] = renderAudit(report, f, { result, texts: input.texts, color: false, baseDir: REPO_DIR });
    // What the CLI writes, piece by piece (JSON and SARIF laid out member by member), is the same text.
    for (const f of AUDIT_FORMATS) {
      const pieces = [...renderAuditPieces(report, f, { result, texts: input.texts, color: false, baseDir: REPO_DIR })];
      if (f === 'json' || f === 'sarif') expect(pieces.length, f).toBeGreaterThan(1);
      expect(pieces.join(''), f).toBe(out[f]);
    }
    for (const key of present) {
      expect(out.md, key).toContain(mdCode(key));
      expect(out.html, key).toContain(esc(key));
      expect(out.json, key).toContain(JSON.stringify(key));
    }
    const schema = JSON.parse(readFileSync(join(REPO_DIR, 'docs/audit-schema.json'), 'utf8'));
    expect(validate(schema, JSON.parse(out.json!))).toEqual([]);
    expect(checkSarif(JSON.parse(out.sarif!))).toEqual([]);
    // Every Ingress is in the per-Ingress view.
    for (const a of report.ingresses) expect(out.html).toContain(`<b>${esc(a.id)}</b>`);
  });
});
