/**
 * Generates docs/support-matrix.md from the rule metadata of every controller in rules/index.ts.
 * Run with `npm run docs`; test/rules/support-matrix.test.ts checks the committed file is current.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesByController } from '../rules/index.js';
import { renderMarkdown } from '../src/cli/commands/rules.js';

/** Repository root: the nearest folder above this file holding package.json (works from dist/ too). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above scripts/gen-docs');
    dir = up;
  }
  return dir;
}

export const SUPPORT_MATRIX = 'docs/support-matrix.md';

export function supportMatrix(): string {
  return renderMarkdown(rulesByController);
}

const invoked = process.argv[1] ?? '';
if (/gen-docs\.(js|ts)$/.test(invoked)) {
  const path = join(repoRoot(), SUPPORT_MATRIX);
  writeFileSync(path, supportMatrix());
  process.stdout.write(`wrote ${SUPPORT_MATRIX}\n`);
}
