/**
 * The Kubernetes client library is loaded only when a cluster is read: file-only runs (and
 * --help) never import it. Checked on the built CLI with a module resolve hook that fails the
 * run as soon as anything imports @kubernetes/client-node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../helpers/shared.js';
import { ensureDist } from './dist.js';

let dir: string;
let main: string;
let register: string;

beforeAll(() => {
  main = ensureDist();
  dir = mkdtempSync(join(tmpdir(), 'i2i-lazy-'));
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `export async function resolve(specifier, context, next) {
  if (specifier.includes('@kubernetes/client-node')) throw new Error('IMPORTED @kubernetes/client-node');
  return next(specifier, context);
}
`,
  );
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  writeFileSync(
    join(dir, 'in.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n',
  );
  writeFileSync(join(dir, 'against.yaml'), '');
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', register, main, ...args], { cwd: REPO_DIR, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
}

describe('@kubernetes/client-node is loaded only for a cluster', () => {
  it('not by --help, convert FILE or diff FILE --against FILE', () => {
    for (const args of [['--help'], ['convert', join(dir, 'in.yaml')], ['diff', join(dir, 'in.yaml'), '--against', join(dir, 'against.yaml')]]) {
      const r = run(args);
      expect(r.stderr, args.join(' ')).not.toContain('IMPORTED @kubernetes/client-node');
      expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.status);
    }
  });

  it('by a cluster read (the hook catches it, so the check itself works)', () => {
    const r = run(['convert', '-n', 'shop', '--kubeconfig', join(dir, 'none')]);
    expect(r.stderr).toContain('IMPORTED @kubernetes/client-node');
  });
});
