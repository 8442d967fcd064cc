import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORT_MATRIX, repoRoot, supportMatrix } from '../../scripts/gen-docs.js';
import { catalogRows, renderMarkdown, renderTable } from '../../src/cli/commands/rules.js';
import { rulesByController } from '../../rules/index.js';

describe('docs/support-matrix.md', () => {
  it('is the output of scripts/gen-docs.ts (run `npm run docs` after changing rule metadata)', () => {
    const committed = readFileSync(join(repoRoot(), SUPPORT_MATRIX), 'utf8');
    expect(committed).toBe(supportMatrix());
  });

  it('lists every ingress-nginx key once, with its support level', () => {
    const md = renderMarkdown(rulesByController, 'ingress-nginx');
    const nginxKeys = rulesByController['ingress-nginx']!.flatMap((r) => r.meta.keys);
    for (const k of nginxKeys) {
      const lines = md.split('\n').filter((l) => l.includes(`\`${k.key}\``));
      expect(lines, k.key).toHaveLength(1);
      expect(lines[0]!.split(' | ')[1], k.key).toBe(k.support);
    }
    expect(md).toContain('`nginx.ingress.kubernetes.io/secure-backends`](https://github.com/kubernetes/ingress-nginx/blob/main/Changelog.md) (removed in v0.21.0) | not-applicable');
  });

  it('escapes pipes in cells', () => {
    const md = renderMarkdown({
      'ingress-nginx': [
        { meta: { id: 'nginx/x', controller: 'ingress-nginx', description: 'd', keys: [{ key: 'k', support: 'full', istio: 'a | b', advice: 'c' }] }, create() {} },
      ],
    });
    expect(md).toContain('| `k` | full | a \\| b | c |');
  });
});

describe('rules command rendering', () => {
  it('filters by vendor and renders a table with one line per key', () => {
    const rows = catalogRows(rulesByController, 'ingress-nginx');
    expect(rows).toHaveLength(167);
    expect(new Set(rows.map((r) => r.controller))).toEqual(new Set(['ingress-nginx']));
    const table = renderTable(rows).trimEnd().split('\n');
    expect(table).toHaveLength(168);
    expect(table[0]).toMatch(/^KEY\s+SUPPORT\s+RULE\s+ISTIO TARGET$/);
    expect(table.find((l) => l.startsWith('nginx.ingress.kubernetes.io/whitelist-source-range (alias)'))).toMatch(/full\s+nginx\/source-range/);
  });
});
