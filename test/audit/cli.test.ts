import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command, CommanderError } from 'commander';
import { register } from '../../src/cli/commands/audit.js';
import { REPO_DIR } from '../helpers/shared.js';
import { validate } from './json-schema.js';
import { checkSarif } from './sarif-structure.js';
import { ingressYaml } from '../helpers/manifests.js';

const CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

function ingress(name: string, extra: { annotations?: string; tls?: boolean } = {}): string {
  return ingressYaml({ name, namespace: 'shop', host: `${name}.example.com`, ...(extra.annotations ? { annotations: extra.annotations } : {}), ...(extra.tls ? { tlsSecret: `${name}-tls` } : {}) });
}

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-audit-cli-'));
  // ready: a plain Ingress. review: TLS (the Secret must be copied to the gateway namespace).
  // blocked: custom-http-errors (no Istio primitive replaces upstream errors with another Service's page).
  // snippet: a server-snippet, for the HTML source view (review: with the default ConfigMap it had no effect).
  writeFileSync(file('ready.yaml'), `${CLASS}---\n${ingress('web')}`);
  writeFileSync(file('review.yaml'), ingress('secure', { tls: true }));
  writeFileSync(file('blocked.yaml'), ingress('errors', { annotations: '    nginx.ingress.kubernetes.io/custom-http-errors: "404,503"\n' }));
  writeFileSync(file('snippet.yaml'), ingress('snippet', { annotations: '    nginx.ingress.kubernetes.io/server-snippet: "location /x { return 403; }"\n' }));
  writeFileSync(file('bad.yaml'), 'kind: [unclosed\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    // The command as main.ts registers it (main.ts itself reads package.json relative to dist/).
    const program = new Command('ingress2istio').exitOverride();
    register(program);
    let code: number;
    try {
      await program.parseAsync(['node', 'ingress2istio', 'audit', ...args]);
      code = process.exitCode === undefined ? 0 : Number(process.exitCode);
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      code = 2; // main.ts maps commander usage errors to EXIT.usage
    }
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('audit command: exit codes', () => {
  it('exits 0 by default whatever the verdicts (--fail-on none)', async () => {
    const r = await run(file('ready.yaml'), file('review.yaml'), file('blocked.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verdicts: 1 blocked, 1 review, 1 ready');
  });

  it('--fail-on blocked exits 1 only when an Ingress is blocked', async () => {
    expect((await run(file('ready.yaml'), file('blocked.yaml'), '--fail-on', 'blocked')).code).toBe(1);
    expect((await run(file('ready.yaml'), file('review.yaml'), '--fail-on', 'blocked')).code).toBe(0);
    // `unsupported` (as in the example) means blocked.
    expect((await run(file('ready.yaml'), file('blocked.yaml'), '--fail-on', 'unsupported')).code).toBe(1);
  });

  it('--fail-on review exits 1 when an Ingress needs review or is blocked', async () => {
    expect((await run(file('ready.yaml'), file('review.yaml'), '--fail-on', 'review')).code).toBe(1);
    expect((await run(file('ready.yaml'), file('blocked.yaml'), '--fail-on', 'review')).code).toBe(1);
    expect((await run(file('ready.yaml'), '--fail-on', 'review')).code).toBe(0);
  });

  it('input errors exit 2, even when a gate is also reached, and the report is still written', async () => {
    const r = await run(file('bad.yaml'), file('ready.yaml'), file('blocked.yaml'), '--fail-on', 'blocked');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stdout).toContain('input errors: 1');
  });

  it('rejects an unknown format or gate as a usage error', async () => {
    expect((await run(file('ready.yaml'), '--format', 'pdf')).code).toBe(2);
    expect((await run(file('ready.yaml'), '--fail-on', 'sometimes')).code).toBe(2);
  });
});

describe('audit command: formats and output', () => {
  it('writes JSON to -o FILE, valid against the schema, and nothing to stdout', async () => {
    const out = file('audit.json');
    const r = await run(file('ready.yaml'), file('review.yaml'), '--format', 'json', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const schema = JSON.parse(readFileSync(join(REPO_DIR, 'docs/audit-schema.json'), 'utf8'));
    expect(validate(schema, doc)).toEqual([]);
    expect(doc.ingresses.map((i: { id: string; verdict: string }) => `${i.verdict} ${i.id}`)).toEqual(['review shop/secure', 'ready shop/web']);
    const copy = doc.actions.secretCopies[0];
    expect(copy).toMatchObject({ namespace: 'shop', secretName: 'secure-tls', targetNamespace: 'istio-system' });
    expect(copy.command).toMatch(/^kubectl get secret secure-tls -n shop -o json \| jq .* \| kubectl apply -f -$/);
  });

  it('writes SARIF pointing at the manifest line of the annotation', async () => {
    const out = file('audit.sarif');
    await run(file('ready.yaml'), file('blocked.yaml'), '--format', 'sarif', '-o', out);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(checkSarif(log)).toEqual([]);
    const hit = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'nginx.ingress.kubernetes.io/custom-http-errors');
    expect(hit.level).toBe('error');
    expect(hit.locations[0].physicalLocation.artifactLocation.uri).toMatch(/blocked\.yaml$/);
    // metadata (3), name, namespace, annotations (6), the key (7)
    expect(hit.locations[0].physicalLocation.region.startLine).toBe(7);
  });

  it('writes Markdown and self-contained HTML with the original source text', async () => {
    const md = await run(file('snippet.yaml'), '--format', 'md');
    expect(md.stdout.split('\n')[0]).toBe('# ingress2istio audit');
    expect(md.stdout).toContain('### Snippets to rewrite by hand');
    const out = file('audit.html');
    await run(file('snippet.yaml'), '--format', 'html', '-o', out);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('location /x { return 403; }');
    expect(html).not.toContain('(re-serialized)');
  });

  it('never overwrites an existing -o FILE without --force (exit 2, file untouched)', async () => {
    const out = file('kept.json');
    writeFileSync(out, 'my notes\n');
    const r = await run(file('ready.yaml'), '--format', 'json', '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists; use --force to overwrite it');
    expect(readFileSync(out, 'utf8')).toBe('my notes\n');
    const forced = await run(file('ready.yaml'), '--format', 'json', '-o', out, '--force');
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).ingresses.map((i: { id: string }) => i.id)).toEqual(['shop/web']);
  });

  it('reports an unwritable output as a usage error', async () => {
    // A path under a regular file cannot be created (a missing directory would be).
    const r = await run(file('ready.yaml'), '-o', join(file('ready.yaml'), 'x.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write');
  });
});

describe('audit command: colour', () => {
  async function onTty(env: Record<string, string | undefined>, ...args: string[]): Promise<string> {
    const saved = { tty: process.stdout.isTTY, NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    process.stdout.isTTY = true;
    delete process.env.FORCE_COLOR;
    delete process.env.NO_COLOR;
    Object.assign(process.env, env);
    try {
      return (await run(file('ready.yaml'), ...args)).stdout;
    } finally {
      process.stdout.isTTY = saved.tty;
      for (const k of ['NO_COLOR', 'FORCE_COLOR'] as const) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  }

  it('colours the terminal report on a TTY only, never with --no-color or NO_COLOR', async () => {
    expect(await onTty({})).toContain('\u001b[');
    expect(await onTty({}, '--no-color')).not.toContain('\u001b[');
    expect(await onTty({ NO_COLOR: '1' })).not.toContain('\u001b[');
    const piped = await run(file('ready.yaml'));
    expect(piped.stdout).not.toContain('\u001b[');
  });
});

describe('audit command: progress', () => {
  it('shows progress on stderr for large inputs, on a TTY only', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ingress(`app${String(i).padStart(3, '0')}`)).join('---\n');
    writeFileSync(file('many.yaml'), `${CLASS}---\n${many}`);
    const saved = process.stderr.isTTY;
    try {
      process.stderr.isTTY = true;
      const tty = await run(file('many.yaml'), '--format', 'json', '-o', file('many.json'));
      expect(tty.code).toBe(0);
      expect(tty.stderr).toContain('converting 200 Ingresses');
      expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true); // the line is cleared at the end
      process.stderr.isTTY = false;
      const piped = await run(file('many.yaml'), '--format', 'json', '-o', file('many-piped.json'));
      expect(piped.stderr).toBe('');
      // Small inputs: no progress even on a TTY.
      process.stderr.isTTY = true;
      expect((await run(file('ready.yaml'), '--format', 'json', '-o', file('one.json'))).stderr).toBe('');
    } finally {
      process.stderr.isTTY = saved;
    }
  });
});
