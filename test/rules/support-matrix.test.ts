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

describe('ingress2istio rules (command)', () => {
  async function run(args: string[]): Promise<{ code: number; out: string }> {
    process.env.INGRESS2ISTIO_NO_MAIN = '1';
    const { main } = await import('../../src/cli/main.js');
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await main(['node', 'ingress2istio', ...args]);
      return { code, out };
    } finally {
      process.stdout.write = write;
      process.exitCode = undefined;
    }
  }

  it('--vendor nginx --format json prints the 167 ingress-nginx keys', async () => {
    const { code, out } = await run(['rules', '--vendor', 'nginx', '--format', 'json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{ key: string; support: string; rule: string }>;
    expect(rows).toHaveLength(167);
    expect(rows.find((r) => r.key === 'nginx.ingress.kubernetes.io/rewrite-target')).toMatchObject({ support: 'full', rule: 'nginx/rewrite' });
  });

  it('--format md is the support matrix of that vendor', async () => {
    const { out } = await run(['rules', '--vendor', 'nginx', '--format', 'md']);
    expect(out).toBe(renderMarkdown(rulesByController, 'ingress-nginx'));
  });

  it('rejects an unknown vendor with the usage exit code', async () => {
    const { code } = await run(['rules', '--vendor', 'traefik']);
    expect(code).toBe(2);
  });
});
