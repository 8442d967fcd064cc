/**
 * `convert` as users run it: the built CLI (dist/src/cli/main.js) in a child process, so exit
 * codes, the stdout/stderr split and stdin are the real ones. dist is rebuilt first when any
 * source file is newer than it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../helpers/shared.js';
import { ingressYaml } from '../helpers/manifests.js';

const MAIN = join(REPO_DIR, 'dist/src/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') || e.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const stale = !existsSync(MAIN) || Math.max(newestSource(join(REPO_DIR, 'src')), newestSource(join(REPO_DIR, 'rules'))) > statSync(MAIN).mtimeMs;
  if (!stale) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO_DIR, stdio: 'pipe' });
  } catch {
    // Type errors in work in progress elsewhere still emit JavaScript; the CLI is what is tested.
  }
  if (!existsSync(MAIN)) throw new Error('dist/src/cli/main.js was not built');
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { input?: string; uid?: number; cwd?: string } = {}): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd ?? dir,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';

const ingress = (ns: string, name: string, host: string, annotations?: string) => ingressYaml({ name, namespace: ns, host, ...(annotations ? { annotations } : {}) });

const SHOP = ingress('shop', 'shop', 'shop.example.com', '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n    nginx.ingress.kubernetes.io/limit-rps: "10"\n    example.com/owner: team-a\n');
const BLOG = ingress('blog', 'blog', 'blog.example.com');
const GOOD = `${SHOP}---\n${BLOG}`;
/** First document: tab indentation (invalid YAML) at line 7; second document is fine. */
const BAD = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: broken\n  namespace: shop\nspec:\n\trules: []\n---\n${ingress('other', 'other', 'other.example.com')}`;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'i2i-cli-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'bad.yaml'), BAD);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function docs(yaml: string): Array<Record<string, any>> {
  return jsYaml.loadAll(yaml) as Array<Record<string, any>>;
}

/** Every stderr line is a message of ours, never a YAML document line. */
function expectOnlyMessages(stderr: string): void {
  for (const line of stderr.split('\n').filter(Boolean)) {
    expect(line, `stderr line: ${line}`).toMatch(/^(error|warning|internal error|ingress2istio)\b|^\s/);
    expect(line).not.toMatch(/^(---|apiVersion:|kind:)/);
  }
}

describe('convert: stdout, stderr and exit codes', () => {
  it('good input: exit 0, stdout is only YAML of Istio objects, stderr only the summary', () => {
    const r = cli(['convert', 'good.yaml']);
    expect(r.code).toBe(0);
    const out = docs(r.stdout);
    expect(out.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'Gateway istio-system/ingress2istio',
      'VirtualService blog/blog-example-com',
      'VirtualService shop/shop-example-com',
      // limit-rps: the shared local rate limit filter and the shop route's limit.
      'EnvoyFilter istio-system/ingress2istio-local-ratelimit',
      'EnvoyFilter istio-system/shop-shop-ratelimit',
    ]);
    for (const d of out) expect(d.apiVersion).toBe(d.kind === 'EnvoyFilter' ? 'networking.istio.io/v1alpha3' : 'networking.istio.io/v1');
    expect(r.stderr).toMatch(/^ingress2istio: 2 Ingresses → /);
    expectOnlyMessages(r.stderr);
  });

  it('bad input: exit 2, a located message on stderr, and the good objects (same file and other files) still on stdout', () => {
    const r = cli(['convert', 'good.yaml', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: bad.yaml:7:1: Ingress shop/broken: invalid YAML: tab characters');
    expect(r.stderr).toMatch(/1 input error/);
    const hosts = docs(r.stdout)
      .filter((d) => d.kind === 'VirtualService')
      .map((d) => d.spec.hosts[0]);
    expect(hosts).toEqual(['blog.example.com', 'other.example.com', 'shop.example.com']);
    expectOnlyMessages(r.stderr);
  });

  it('stdin via -, alone or with files; the same bytes as reading the file', () => {
    const fromStdin = cli(['convert', '-'], { input: GOOD });
    const fromFile = cli(['convert', 'good.yaml']);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const mixed = cli(['convert', '-', 'bad.yaml'], { input: BLOG });
    expect(mixed.code).toBe(2);
    expect(docs(mixed.stdout).filter((d) => d.kind === 'VirtualService').map((d) => d.metadata.name)).toEqual(['blog-example-com', 'other-example-com']);
    const badStdin = cli(['convert', '-'], { input: BAD });
    expect(badStdin.code).toBe(2);
    expect(badStdin.stderr).toContain('error: -:7:1:');
  });

  it('the same input gives the same bytes on two runs (stdout and report)', () => {
    const a = cli(['convert', 'good.yaml', 'bad.yaml', '--report', 'det-a.json']);
    const b = cli(['convert', 'good.yaml', 'bad.yaml', '--report', 'det-b.json']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe(b.stderr);
    expect(readFileSync(join(dir, 'det-a.json'), 'utf8')).toBe(readFileSync(join(dir, 'det-b.json'), 'utf8'));
  });

  it('unknown flag: exit 2, message on stderr, nothing on stdout', () => {
    const r = cli(['convert', '--bogus', 'good.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    expect(r.stdout).toBe('');
  });

  it('a missing file is a located input error (exit 2), the other files are converted', () => {
    const r = cli(['convert', 'nope.yaml', 'good.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: nope\.yaml\b.*no such file/);
    expect(docs(r.stdout).length).toBe(5);
  });

  it('--help lists the flags and has examples', () => {
    const r = cli(['convert', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ ingress2istio convert manifests/ > istio.yaml');
    for (const flag of ['--output', '--format', '--report', '--force', '--ingress-class', '--api-version', '--no-envoyfilter']) expect(r.stdout).toContain(flag);
  });
});

describe('convert: output shape flags', () => {
  it('--format json and -o json print one JSON List of the same objects as the YAML', () => {
    const yaml = docs(cli(['convert', 'good.yaml']).stdout);
    for (const args of [['--format', 'json'], ['-o', 'json']]) {
      const r = cli(['convert', 'good.yaml', ...args]);
      expect(r.code).toBe(0);
      const list = JSON.parse(r.stdout);
      expect(list.kind).toBe('List');
      expect(list.items).toEqual(yaml);
      expect(existsSync(join(dir, 'json'))).toBe(false); // -o json is the format, not a folder
    }
  });

  it('--api-version v1beta1 changes every networking.istio.io apiVersion and nothing else', () => {
    const v1 = docs(cli(['convert', 'good.yaml']).stdout);
    const beta = docs(cli(['convert', 'good.yaml', '--api-version', 'v1beta1']).stdout);
    // EnvoyFilter exists only as v1alpha3.
    expect(beta.map((d) => d.apiVersion)).toEqual(v1.map((d) => (d.kind === 'EnvoyFilter' ? 'networking.istio.io/v1alpha3' : 'networking.istio.io/v1beta1')));
    expect(beta.map((d) => d.spec)).toEqual(v1.map((d) => d.spec));
    expect(cli(['convert', 'good.yaml', '--api-version', 'v2']).code).toBe(2);
  });

  it('--ingress-class keeps only Ingresses of that class', () => {
    writeFileSync(join(dir, 'classes.yaml'), `${SHOP}---\n${BLOG.replace('ingressClassName: nginx', 'ingressClassName: internal')}`);
    const r = cli(['convert', 'classes.yaml', '--ingress-class', 'internal']);
    expect(r.code).toBe(0);
    expect(docs(r.stdout).filter((d) => d.kind === 'VirtualService').map((d) => d.metadata.name)).toEqual(['blog-example-com']);
    const none = cli(['convert', 'classes.yaml', '--ingress-class', 'absent']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/0 Ingresses/);
  });

  it('--no-envoyfilter: no EnvoyFilter is emitted and the annotation that needed one is reported unsupported', () => {
    const on = docs(cli(['convert', 'good.yaml']).stdout);
    expect(on.some((d) => d.kind === 'EnvoyFilter')).toBe(true);
    const r = cli(['convert', 'good.yaml', '--no-envoyfilter', '--report', 'noef.json']);
    expect(docs(r.stdout).some((d) => d.kind === 'EnvoyFilter')).toBe(false);
    const report = JSON.parse(readFileSync(join(dir, 'noef.json'), 'utf8'));
    const f = report.findings.find((x: any) => x.key === 'nginx.ingress.kubernetes.io/limit-rps');
    expect(f.level).toBe('unsupported');
    expect(f.istio).toEqual([]);
  });
});

describe('convert: --report', () => {
  it('JSON with summary, findings (ingress, key, level, message, istio) and errors; every annotation present appears', () => {
    const r = cli(['convert', 'good.yaml', 'bad.yaml', '--report', 'report.json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ ingresses: 3, errors: 1, resources: { Gateway: 1, VirtualService: 3, EnvoyFilter: 2 } });
    expect(Object.keys(report.summary.findings).sort()).toEqual(['converted', 'error', 'ignored', 'partial', 'unsupported']);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['ingress', 'key', 'level', 'message', 'istio']));
      expect(['converted', 'partial', 'unsupported', 'ignored', 'error']).toContain(f.level);
      expect(Array.isArray(f.istio)).toBe(true);
      expect(f.ingress).toMatchObject({ namespace: expect.any(String), name: expect.any(String), file: expect.any(String) });
    }
    const keysOfShop = report.findings.filter((f: any) => f.ingress.namespace === 'shop' && f.ingress.name === 'shop').map((f: any) => f.key);
    for (const k of ['nginx.ingress.kubernetes.io/ssl-redirect', 'nginx.ingress.kubernetes.io/limit-rps', 'example.com/owner']) expect(keysOfShop).toContain(k);
    const rps = report.findings.find((f: any) => f.key === 'nginx.ingress.kubernetes.io/limit-rps');
    expect(rps.istio).toEqual(['EnvoyFilter/istio-system/ingress2istio-local-ratelimit', 'EnvoyFilter/istio-system/shop-shop-ratelimit']);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'bad.yaml', line: 7, column: 1, object: 'Ingress shop/broken' })]);
  });

  it('refuses to overwrite an existing report without --force', () => {
    writeFileSync(join(dir, 'kept.json'), 'old');
    const r = cli(['convert', 'good.yaml', '--report', 'kept.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kept.json already exists; use --force');
    expect(readFileSync(join(dir, 'kept.json'), 'utf8')).toBe('old');
    expect(cli(['convert', 'good.yaml', '--report', 'kept.json', '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'kept.json'), 'utf8')).summary.ingresses).toBe(2);
  });
});

describe('convert -o DIR', () => {
  const listing = (d: string) => readdirSync(d).sort();

  it('writes one file per namespace holding exactly that namespace\'s objects, nothing on stdout', () => {
    const r = cli(['convert', 'good.yaml', '-o', 'out1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(listing(join(dir, 'out1'))).toEqual(['blog.yaml', 'istio-system.yaml', 'shop.yaml']);
    const all = docs(cli(['convert', 'good.yaml']).stdout);
    const written: any[] = [];
    for (const f of listing(join(dir, 'out1'))) {
      const ns = f.replace(/\.yaml$/, '');
      const ds = docs(readFileSync(join(dir, 'out1', f), 'utf8'));
      for (const d of ds) expect(d.metadata.namespace).toBe(ns);
      written.push(...ds);
    }
    const id = (d: any) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`;
    expect(written.map(id).sort()).toEqual(all.map(id).sort());
    expect(written.sort((a, b) => (id(a) < id(b) ? -1 : 1))).toEqual(all.sort((a, b) => (id(a) < id(b) ? -1 : 1)));
  });

  it('-o DIR with --format json writes .json files', () => {
    const r = cli(['convert', 'good.yaml', '-o', 'outjson', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(listing(join(dir, 'outjson'))).toEqual(['blog.json', 'istio-system.json', 'shop.json']);
    expect(JSON.parse(readFileSync(join(dir, 'outjson', 'blog.json'), 'utf8')).kind).toBe('VirtualService');
  });

  it('refuses to overwrite without --force: exit 2, the file named, nothing changed or added', () => {
    const out = join(dir, 'out2');
    mkdirSync(out);
    writeFileSync(join(out, 'shop.yaml'), 'old shop\n');
    const r = cli(['convert', 'good.yaml', '-o', 'out2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join('out2', 'shop.yaml')} already exists; use --force to overwrite it`);
    expect(listing(out)).toEqual(['shop.yaml']);
    expect(readFileSync(join(out, 'shop.yaml'), 'utf8')).toBe('old shop\n');
  });

  it('overwrites with --force, leaving no temporary files; the bytes are the same on a second run', () => {
    const out = join(dir, 'out3');
    mkdirSync(out);
    writeFileSync(join(out, 'shop.yaml'), 'old shop\n');
    expect(cli(['convert', 'good.yaml', '-o', 'out3', '--force']).code).toBe(0);
    expect(listing(out)).toEqual(['blog.yaml', 'istio-system.yaml', 'shop.yaml']);
    const first = listing(out).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(first[2]).toContain('shop.example.com');
    expect(cli(['convert', 'good.yaml', '-o', 'out3', '--force']).code).toBe(0);
    expect(listing(out).map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(first);
  });

  it('atomic: when a later file cannot be written, no output file is replaced or created and no temporary file is left', () => {
    const out = join(dir, 'out4');
    mkdirSync(out);
    writeFileSync(join(out, 'blog.yaml'), 'old blog\n');
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    // The report comes last; its folder is a regular file, so writing it fails after the namespace files' temps.
    const r = cli(['convert', 'good.yaml', '-o', 'out4', '--force', '--report', join('not-a-folder', 'report.json')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not-a-folder/);
    expect(listing(out)).toEqual(['blog.yaml']);
    expect(readFileSync(join(out, 'blog.yaml'), 'utf8')).toBe('old blog\n');
    expect(r.stdout).toBe('');
  });
});

describe('convert: unreadable inputs', () => {
  it('a folder with a symbolic link loop: reported with its path, exit 2, the files inside converted once', () => {
    const d = join(dir, 'loop');
    mkdirSync(d);
    writeFileSync(join(d, 'a.yaml'), GOOD);
    symlinkSync('.', join(d, 'again'));
    const r = cli(['convert', 'loop']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: loop\/again\b.*(symbolic link loop|already read)/);
    expect(docs(r.stdout).filter((x) => x.kind === 'VirtualService').length).toBe(2);
  });

  // Root reads any file whatever its mode; as root, run the CLI as user nobody (65534) instead.
  const isRoot = process.getuid?.() === 0;
  it('an unreadable file (chmod 000): "permission denied" with its path, exit 2, the other files converted', (ctx) => {
    const d = join(dir, 'locked');
    mkdirSync(d);
    writeFileSync(join(d, 'a.yaml'), GOOD);
    writeFileSync(join(d, 'b.yaml'), ingress('other', 'other', 'other.example.com'));
    chmodSync(join(d, 'b.yaml'), 0o000);
    chmodSync(dir, 0o755);
    let r: Run;
    try {
      r = cli(['convert', d], isRoot ? { uid: 65534 } : {});
    } catch (err) {
      ctx.skip(`running as root and cannot run the CLI as user nobody to test an unreadable file: ${String(err)}`);
      return;
    }
    if (isRoot && /EACCES|Cannot find module/.test(r.stderr) && r.code !== 2) {
      ctx.skip(`running as root; user nobody cannot run the CLI here (${r.stderr.split('\n')[0]})`);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${join(d, 'b.yaml')}`);
    expect(r.stderr).toContain('permission denied');
    expect(docs(r.stdout).filter((x) => x.kind === 'VirtualService').map((x) => x.metadata.name)).toEqual(['blog-example-com', 'shop-example-com']);
  });
});
