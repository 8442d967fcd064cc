/**
 * The kubectl plugin through a real kubectl (installed by .ci/install-kubectl.sh): plugin
 * discovery on PATH, `--help`, and convert/diff against the fake API server via KUBECONFIG.
 * Runs the built CLI in dist/ (built here if missing). Without kubectl the test fails, unless
 * INGRESS2ISTIO_SKIP_KUBECTL=1 says to skip it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../helpers/shared.js';
import { ensureDist } from './dist.js';
import { startFakeApiServer, writeKubeconfig, type FakeApiServer } from './fake-apiserver.js';

const SKIP = process.env.INGRESS2ISTIO_SKIP_KUBECTL === '1';

function findKubectl(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const f = join(d, 'kubectl');
    if (d && existsSync(f)) return f;
  }
  return undefined;
}

let dir: string;
let binDir: string;
let kubectl: string;
let server: FakeApiServer | undefined;

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  if (server) {
    expect(server.requests.filter((r) => r.method !== 'GET' || /\/secrets(\/|$)/.test(r.path))).toEqual([]);
    await server.close();
    server = undefined;
  }
});

/** Runs kubectl asynchronously: the fake API server answers from this same process. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, args, {
      env: { PATH: `${binDir}${delimiter}${process.env.PATH}`, HOME: join(dir, 'home'), NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

if (SKIP) process.stderr.write('kubectl plugin tests skipped: INGRESS2ISTIO_SKIP_KUBECTL=1\n');

describe.skipIf(SKIP)('kubectl ingress2istio (real kubectl)', () => {
  beforeAll(() => {
    const found = findKubectl();
    if (!found) {
      throw new Error(
        'kubectl is not on PATH: install it with `sh .ci/install-kubectl.sh` (Debian package kubernetes-client), ' +
          'or set INGRESS2ISTIO_SKIP_KUBECTL=1 to skip the kubectl plugin tests',
      );
    }
    kubectl = found;
    ensureDist();
    dir = mkdtempSync(join(tmpdir(), 'i2i-kubectl-'));
    binDir = join(dir, 'bin');
    mkdirSync(binDir);
    mkdirSync(join(dir, 'home'));
    // What `npm install -g` (or krew) does: a symlink named kubectl-ingress2istio on PATH.
    symlinkSync(join(REPO_DIR, 'bin/kubectl-ingress2istio'), join(binDir, 'kubectl-ingress2istio'));
  }, 300_000);

  it('kubectl finds the plugin on PATH', async () => {
    const r = await run(['plugin', 'list']);
    expect(r.stdout + r.stderr).toContain(join(binDir, 'kubectl-ingress2istio'));
  });

  it('--help names the program `kubectl ingress2istio` and lists the commands', async () => {
    const r = await run(['ingress2istio', '--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kubectl ingress2istio \[options\] \[command\]/);
    for (const cmd of ['convert', 'diff']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    const diffHelp = await run(['ingress2istio', 'diff', '--help']);
    expect(diffHelp.stdout).toContain('Usage: kubectl ingress2istio diff [options] [paths...]');
  });

  it('convert -n shop -o yaml reads the cluster of KUBECONFIG', async () => {
    server = await startFakeApiServer();
    const kc = writeKubeconfig(join(dir, 'kc'), server.url, { context: 'staging' });
    const r = await run(['ingress2istio', 'convert', '-n', 'shop', '-o', 'yaml'], { KUBECONFIG: kc });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.stderr).toMatch(/^ingress2istio: 3 Ingresses → /m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: Gateway');
    expect(r.stdout).toContain('kind: VirtualService');
    expect(r.stdout).toContain('shop.example.com');
    expect(r.stdout).not.toContain('blog.example.com'); // namespace blog was not asked for
    expect(server.requests.map((q) => q.path)).toEqual([
      '/apis/networking.k8s.io/v1/namespaces/shop/ingresses',
      '/apis/networking.k8s.io/v1/ingressclasses',
      '/api/v1/namespaces/shop/services',
    ]);
    expect(server.requests.every((q) => q.authorization === 'Bearer good-token')).toBe(true);
  });

  it('convert -A -o json --kubeconfig FILE, and a 401 becomes exit 2 with the explanation', async () => {
    server = await startFakeApiServer();
    const kc = writeKubeconfig(join(dir, 'kc2'), server.url);
    const r = await run(['ingress2istio', 'convert', '-A', '-o', 'json', '--kubeconfig', kc]);
    expect(r.code).toBe(0);
    const text = JSON.stringify(JSON.parse(r.stdout));
    expect(text).toContain('blog.example.com');
    expect(text).toContain('hello.example.com');
    const expired = writeKubeconfig(join(dir, 'kc3'), server.url, { token: 'expired-token' });
    const bad = await run(['ingress2istio', 'convert', '-A', '--kubeconfig', expired]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rejected the credentials of context "fake" (401 Unauthorized)');
  });

  it('diff -n shop against the cluster: exit 1 when the Istio objects are missing', async () => {
    server = await startFakeApiServer();
    const kc = writeKubeconfig(join(dir, 'kc4'), server.url);
    const r = await run(['ingress2istio', 'diff', '-n', 'shop'], { KUBECONFIG: kc });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- /dev/null');
    expect(r.stderr).toMatch(/only in generated \(missing from cluster:fake\):\n {2}Gateway /);
  });
});

describe('krew manifest', () => {
  it('is a krew Plugin whose bin is the executable launcher, for the platforms Node.js runs it on', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const m = parse(readFileSync(join(REPO_DIR, 'plugins/ingress2istio.yaml'), 'utf8')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: { version: string; shortDescription: string; platforms: Array<{ bin: string; sha256: string; uri: string; selector: unknown }> };
    };
    const pkg = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; files: string[] };
    expect(m.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2');
    expect(m.kind).toBe('Plugin');
    expect(m.metadata.name).toBe('ingress2istio');
    expect(m.spec.version).toBe(`v${pkg.version}`);
    expect(m.spec.shortDescription.length).toBeLessThanOrEqual(64);
    expect(m.spec.platforms).toHaveLength(1);
    const p = m.spec.platforms[0]!;
    expect(p.bin).toBe('bin/kubectl-ingress2istio');
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.uri.endsWith(`ingress2istio-krew-v${pkg.version}.tar.gz`)).toBe(true);
    expect(p.selector).toEqual({ matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }] });
    // The same launcher is what npm installs.
    expect(pkg.bin['kubectl-ingress2istio']).toBe(p.bin);
    expect(pkg.files).toContain('bin/');
    expect(statSync(join(REPO_DIR, p.bin)).mode & 0o111).not.toBe(0);
  });
});
