import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from '../helpers/shared.js';

/** The built CLI (npm ci's prepare step builds dist/); built here when missing. */
export function ensureDist(): string {
  const main = join(REPO_DIR, 'dist/src/cli/main.js');
  if (!existsSync(main)) execFileSync('npm', ['run', 'build'], { cwd: REPO_DIR, stdio: 'inherit' });
  return main;
}
