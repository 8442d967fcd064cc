import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/model/source.js';
import { REPO_DIR } from '../helpers/shared.js';

const cli = join(REPO_DIR, 'dist/src/cli/main.js');

describe('CLI flags and streams', () => {
  it('cluster flags next to file paths are a usage error (they would be ignored)', () => {
    const r = spawnSync(process.execPath, [cli, 'convert', 'samples/', '-n', 'shop'], { cwd: REPO_DIR, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --namespace read a live cluster and cannot be combined with file paths (samples/)');
    expect(r.stdout).toBe('');
  });

  it('a closed pipe ends the run quietly', () => {
    const out = execFileSync('bash', ['-c', `node ${JSON.stringify(cli)} convert samples/ | head -n 1; echo "rc=\${PIPESTATUS[0]}"`], { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/^---\nrc=0\n$/);
  });

  it('an input error without object or field reads "file:line: message"', () => {
    expect(formatInputError({ source: { file: 'cluster:prod', line: 0 }, message: 'cannot reach the API server' })).toBe('cluster:prod: cannot reach the API server');
    expect(formatInputError({ source: { file: 'a.yaml', line: 3, column: 5 }, object: 'Ingress ns/x', field: 'spec.rules', message: 'bad' })).toBe('a.yaml:3:5: Ingress ns/x (spec.rules): bad');
  });
});
