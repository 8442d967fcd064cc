import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runDiff } from '../../src/diff/run.js';
import type { DiffCliOptions } from '../../src/cli/commands/diff.js';
import { convertOptionsFrom, loadInput } from '../../src/cli/input.js';
import { convert } from '../../src/engine/convert.js';
import { startFakeApiServer, writeKubeconfig, type FakeApiServer, type Obj } from '../cluster/fake-apiserver.js';

let dir: string;
let server: FakeApiServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  if (server) {
    expect(server.requests.filter((r) => r.method !== 'GET' || /\/secrets(\/|$)/.test(r.path))).toEqual([]);
    await server.close();
    server = undefined;
  }
});

const INGRESSES = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
      - path: /api
        pathType: Prefix
        backend: {service: {name: api, port: {number: 8080}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: blog
  namespace: blog
spec:
  ingressClassName: nginx
  rules:
  - host: blog.example.com
    http:
      paths:
      - path: /
        pathType: Exact
        backend: {service: {name: blog, port: {number: 80}}}
`;

function capture() {
  const out = { text: '', isTTY: false, write(s: string) { out.text += s; return true; } };
  const err = { text: '', isTTY: false, write(s: string) { err.text += s; return true; } };
  return { out, err, io: { stdout: out, stderr: err as unknown as NodeJS.WriteStream, env: { HOME: join(dir, 'nohome') } } };
}

/** What `convert` generates for these flags: the objects a correct, up-to-date cluster or Git folder holds. */
async function generate(paths: string[], opts: DiffCliOptions = {}): Promise<Obj[]> {
  const res = convert(await loadInput(paths, opts), await convertOptionsFrom(opts));
  expect(res.errors).toEqual([]);
  return JSON.parse(JSON.stringify(res.resources)) as Obj[];
}

const kindsOf = (objs: Obj[]) => objs.map((o) => `${String(o.kind)} ${o.metadata!.namespace}/${o.metadata!.name}`);

describe('diff --against files', () => {
  let manifests: string;
  let generated: Obj[];
  beforeAll(async () => {
    manifests = join(dir, 'ingresses.yaml');
    writeFileSync(manifests, INGRESSES);
    generated = await generate([manifests]);
    // The test needs a Gateway and a VirtualService per namespace to be meaningful.
    expect(kindsOf(generated)).toEqual(expect.arrayContaining(['VirtualService blog/' + generated.find((o) => o.kind === 'VirtualService' && o.metadata!.namespace === 'blog')!.metadata!.name]));
    expect(generated.some((o) => o.kind === 'Gateway')).toBe(true);
    expect(generated.filter((o) => o.kind === 'VirtualService').length).toBeGreaterThanOrEqual(2);
  });

  const write = (name: string, objs: Obj[]) => {
    const f = join(dir, name);
    writeFileSync(f, objs.map((o) => stringify(o)).join('---\n'));
    return f;
  };

  it('identical objects (server-set fields and key order aside): exit 0, no diff', async () => {
    const withServerFields = generated.map((o) => ({
      status: {},
      ...o,
      metadata: { ...o.metadata, uid: 'x', resourceVersion: '7', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z', annotations: { ...(o.metadata as { annotations?: object }).annotations, 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    }));
    const c = capture();
    const code = await runDiff([manifests], { against: write('same.yaml', withServerFields.reverse()) }, c.io);
    expect(c.out.text).toBe('');
    expect(c.err.text).toBe(`0 differ, 0 only in generated, 0 only in ${join(dir, 'same.yaml')}, ${generated.length} identical\n`);
    expect(code).toBe(0);
  });

  it('a changed field: exit 1 and a unified diff of that object only', async () => {
    const changed = generated.map((o) => (o.kind === 'Gateway' ? { ...o, spec: { ...(o.spec as object), selector: { istio: 'old-gateway' } } } : o));
    const c = capture();
    const code = await runDiff([manifests], { against: write('changed.yaml', changed) }, c.io);
    expect(code).toBe(1);
    const gw = generated.find((o) => o.kind === 'Gateway')!;
    expect(c.out.text).toContain(`--- against/networking.istio.io/Gateway/${gw.metadata!.namespace}/${gw.metadata!.name}\t${join(dir, 'changed.yaml')}:1\n`);
    expect(c.out.text).toContain('-    istio: old-gateway\n+    istio: ingressgateway\n');
    expect(c.out.text.match(/^--- /gm)).toHaveLength(1);
    expect(c.err.text).toContain(`differ:\n  Gateway ${gw.metadata!.namespace}/${gw.metadata!.name}\n`);
  });

  it('an object missing from the files: exit 1, listed as only generated', async () => {
    const blogVs = generated.find((o) => o.kind === 'VirtualService' && o.metadata!.namespace === 'blog')!;
    const c = capture();
    const code = await runDiff([manifests], { against: write('missing.yaml', generated.filter((o) => o !== blogVs)) }, c.io);
    expect(code).toBe(1);
    expect(c.out.text).toContain(`--- /dev/null\n+++ generated/networking.istio.io/VirtualService/blog/${blogVs.metadata!.name}\n`);
    expect(c.err.text).toContain(`only in generated (missing from ${join(dir, 'missing.yaml')}):\n  VirtualService blog/${blogVs.metadata!.name}\n`);
  });

  it('an extra object in the files: exit 1, listed as only in the files; other kinds are not compared', async () => {
    const extra: Obj = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'legacy', namespace: 'shop' }, spec: { host: 'legacy' } };
    const deployment: Obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    const c = capture();
    const code = await runDiff([manifests], { against: write('extra.yaml', [...generated, extra, deployment]) }, c.io);
    expect(code).toBe(1);
    expect(c.err.text).toContain(`only in ${join(dir, 'extra.yaml')} (not generated):\n  DestinationRule shop/legacy\n`);
    expect(c.err.text).not.toContain('Deployment');
  });

  it('colours only when asked (stdout is not a terminal here)', async () => {
    const changed = generated.map((o) => (o.kind === 'Gateway' ? { ...o, spec: { ...(o.spec as object), selector: { istio: 'x' } } } : o));
    const f = write('colour.yaml', changed);
    const plain = capture();
    await runDiff([manifests], { against: f }, plain.io);
    expect(plain.out.text).not.toContain('\x1b[');
    const coloured = capture();
    await runDiff([manifests], { against: f, color: true }, coloured.io);
    expect(coloured.out.text).toContain('\x1b[31m-    istio: x\x1b[0m');
  });

  it('unreadable --against or broken YAML there: exit 2 and no diff', async () => {
    const c = capture();
    expect(await runDiff([manifests], { against: join(dir, 'nope') }, c.io)).toBe(2);
    expect(c.err.text).toContain('cannot read: ENOENT');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: [\n');
    const c2 = capture();
    expect(await runDiff([manifests], { against: bad }, c2.io)).toBe(2);
    expect(c2.out.text).toBe('');
  });
});

describe('diff against the cluster', () => {
  const serverFields = (o: Obj, i: number): Obj => ({
    ...o,
    metadata: {
      ...o.metadata,
      uid: `00000000-0000-4000-8000-00000000000${i}`,
      resourceVersion: String(1000 + i),
      generation: 1,
      creationTimestamp: '2025-06-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }],
      annotations: { ...(o.metadata as { annotations?: object }).annotations, 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(o) },
    } as Obj['metadata'],
    status: {},
  });
  const PLURAL: Record<string, string> = {
    Gateway: 'networking.istio.io/gateways',
    VirtualService: 'networking.istio.io/virtualservices',
    DestinationRule: 'networking.istio.io/destinationrules',
    EnvoyFilter: 'networking.istio.io/envoyfilters',
    AuthorizationPolicy: 'security.istio.io/authorizationpolicies',
  };
  const store = (objs: Obj[]) => {
    const out: Record<string, Obj[]> = {};
    objs.forEach((o, i) => (out[PLURAL[String(o.kind)]!] ??= []).push(serverFields(o, i)));
    return out;
  };

  let generated: Obj[];
  let kubeconfig: string;
  beforeAll(async () => {
    // Ingresses of namespace shop, from the fake API server's fixtures, as `convert -n shop` sees them.
    const s = await startFakeApiServer();
    const kc = writeKubeconfig(join(dir, 'kc-gen'), s.url);
    generated = await generate([], { kubeconfig: kc, namespace: 'shop' });
    await s.close();
    expect(generated.length).toBeGreaterThanOrEqual(2);
  });

  async function serve(objs: Obj[], extra: Parameters<typeof startFakeApiServer>[0] = {}) {
    server = await startFakeApiServer({ extra: store(objs), ...extra });
    kubeconfig = writeKubeconfig(join(dir, `kc-${Math.random().toString(36).slice(2)}`), server.url);
    return server;
  }

  it('identical: exit 0; lists only objects labelled managed-by=ingress2istio, in the namespaces concerned', async () => {
    const s = await serve(generated);
    const c = capture();
    const code = await runDiff([], { kubeconfig, namespace: 'shop' }, c.io);
    expect(c.err.text).toBe(`0 differ, 0 only in generated, 0 only in cluster:fake, ${generated.length} identical\n`);
    expect(c.out.text).toBe('');
    expect(code).toBe(0);
    const istio = s.requests.filter((r) => r.path.includes('istio.io/'));
    expect(istio.length).toBeGreaterThan(0);
    expect(istio.every((r) => r.query.labelSelector === 'app.kubernetes.io/managed-by=ingress2istio')).toBe(true);
    const namespaces = new Set(istio.map((r) => /\/namespaces\/([^/]+)\//.exec(r.path)?.[1]));
    expect([...namespaces].sort()).toEqual([...new Set([...generated.map((o) => o.metadata!.namespace), 'shop'])].sort());
    expect(s.requests.some((r) => r.path === '/apis/networking.istio.io/v1/namespaces/shop/virtualservices')).toBe(true);
    expect(s.requests.some((r) => r.path === '/apis/security.istio.io/v1/namespaces/shop/authorizationpolicies')).toBe(true);
  });

  it('-A lists every namespace with one request per kind', async () => {
    const s = await serve(generated);
    const c = capture();
    // Generated from all namespaces differs from the shop-only objects served: only the listing is checked here.
    await runDiff([], { kubeconfig, allNamespaces: true }, c.io);
    const paths = s.requests.filter((r) => r.path.includes('istio.io/')).map((r) => r.path);
    expect(paths).toContain('/apis/networking.istio.io/v1/virtualservices');
    expect(paths.some((p) => p.includes('/namespaces/') && p.includes('istio.io/'))).toBe(false);
  });

  it('a changed object on the cluster: exit 1 with its diff', async () => {
    const vs = generated.find((o) => o.kind === 'VirtualService')!;
    const edited = generated.map((o) => (o === vs ? { ...o, spec: { ...(o.spec as object), hosts: ['edited.example.com'] } } : o));
    await serve(edited);
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(1);
    expect(c.out.text).toContain(`--- live/networking.istio.io/VirtualService/${vs.metadata!.namespace}/${vs.metadata!.name}\tcluster:fake/${vs.metadata!.namespace}/${vs.metadata!.name}\n`);
    expect(c.out.text).toContain('-    - edited.example.com\n');
    expect(c.err.text).toContain(`differ:\n  VirtualService ${vs.metadata!.namespace}/${vs.metadata!.name}\n`);
  });

  it('an object missing from the cluster: exit 1, only generated', async () => {
    const gw = generated.find((o) => o.kind === 'Gateway')!;
    await serve(generated.filter((o) => o !== gw));
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(1);
    expect(c.err.text).toContain(`only in generated (missing from cluster:fake):\n  Gateway ${gw.metadata!.namespace}/${gw.metadata!.name}\n`);
  });

  it('a labelled object only in the cluster: exit 1; an unlabelled one counts only with --all-istio', async () => {
    const stale: Obj = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'stale', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'ingress2istio' } }, spec: { hosts: ['old.example.com'] } };
    const handMade: Obj = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'hand-made', namespace: 'shop' }, spec: { host: 'web' } };
    await serve([...generated, stale, handMade]);
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(1);
    expect(c.err.text).toContain('only in cluster:fake (not generated):\n  VirtualService shop/stale\n');
    expect(c.err.text).not.toContain('hand-made');
    const all = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop', allIstio: true }, all.io)).toBe(1);
    expect(all.err.text).toContain('only in cluster:fake (not generated):\n  DestinationRule shop/hand-made\n  VirtualService shop/stale\n');
    expect(server!.requests.filter((r) => r.path.includes('istio.io/') && r.query.labelSelector).length).toBeGreaterThan(0);
  });

  it('files as input, cluster as the other side', async () => {
    await serve(generated);
    const manifests = join(dir, 'shop-from-cluster.yaml');
    // The same Ingresses and Services as the fake cluster's shop namespace, as files.
    const { fixtureStore } = await import('../cluster/fake-apiserver.js');
    const st = fixtureStore();
    const docs = [
      ...st['networking.k8s.io/ingresses']!.filter((o) => o.metadata!.namespace === 'shop').map((o) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...o })),
      ...st['networking.k8s.io/ingressclasses']!.map((o) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', ...o })),
      ...st['/services']!.filter((o) => o.metadata!.namespace === 'shop').map((o) => ({ apiVersion: 'v1', kind: 'Service', ...o })),
    ];
    writeFileSync(manifests, docs.map((d) => stringify(d)).join('---\n'));
    const c = capture();
    expect(await runDiff([manifests], { kubeconfig, namespace: 'shop' }, c.io)).toBe(0);
    expect(c.err.text).toBe(`0 differ, 0 only in generated, 0 only in cluster:fake, ${generated.length} identical\n`);
  });

  it('Istio not installed: a note, and every generated object is missing (exit 1)', async () => {
    await serve([], { groups: [] });
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(1);
    expect(c.err.text).toContain('note: the cluster does not serve networking.istio.io (is Istio installed?)');
    expect(c.err.text).toContain(`0 differ, ${generated.length} only in generated, 0 only in cluster:fake, 0 identical\n`);
  });

  it('RBAC denial on the Istio objects: exit 2 with the missing permission, and no diff', async () => {
    await serve(generated, {
      authorize: (token, _verb, group) => (token !== 'good-token' ? { status: 401 } : group === 'networking.istio.io' ? { status: 403, user: 'jane' } : { status: 200 }),
    });
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(2);
    expect(c.out.text).toBe('');
    expect(c.err.text).toMatch(/may not "list" gateways\.networking\.istio\.io in namespace "[a-z-]+"/);
  });

  it('expired credentials: exit 2 with the 401 explanation', async () => {
    await serve(generated);
    const expired = writeKubeconfig(join(dir, 'kc-expired'), server!.url, { token: 'expired-token' });
    const c = capture();
    expect(await runDiff([], { kubeconfig: expired, namespace: 'shop' }, c.io)).toBe(2);
    expect(c.err.text).toContain('401 Unauthorized');
  });
});

describe('diff with input errors', () => {
  it('a broken input file: exit 2, the error, and no diff', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, INGRESSES + '---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bad, namespace: shop}\nspec: {rules: [{host: "UPPER_case!", http: {paths: [{path: "/", pathType: Prefix, backend: {service: {name: x, port: {number: 80}}}}]}}]}\n');
    const against = join(dir, 'empty.yaml');
    writeFileSync(against, '');
    const c = capture();
    expect(await runDiff([broken], { against }, c.io)).toBe(2);
    expect(c.out.text).toBe('');
    expect(c.err.text).toMatch(/^error: .*broken\.yaml/m);
  });

  it('a cluster input with a 403 on Services: exit 2, no diff', async () => {
    server = await startFakeApiServer({ authorize: (t, _v, _g, resource) => (t !== 'good-token' ? { status: 401 } : resource === 'services' ? { status: 403, user: 'jane' } : { status: 200 }) });
    const kubeconfig = writeKubeconfig(join(dir, 'kc-403svc'), server.url);
    const c = capture();
    expect(await runDiff([], { kubeconfig, namespace: 'shop' }, c.io)).toBe(2);
    expect(c.out.text).toBe('');
    expect(c.err.text).toContain('may not "list" services in namespace "shop"');
    expect(server.requests.some((r) => r.path.includes('istio.io'))).toBe(false);
  });
});

describe('diff command line (commander)', () => {
  it('parses --against, --no-color, -q and returns exit 1 on differences, 0 when none', async () => {
    const { vi } = await import('vitest');
    const { main } = await import('../../src/cli/main.js');
    const manifests = join(dir, 'cmd-ingresses.yaml');
    writeFileSync(manifests, INGRESSES);
    const generated = await generate([manifests]);
    const same = join(dir, 'cmd-same.yaml');
    writeFileSync(same, generated.map((o) => stringify(o)).join('---\n'));
    const fewer = join(dir, 'cmd-fewer.yaml');
    writeFileSync(fewer, generated.slice(1).map((o) => stringify(o)).join('---\n'));
    let out = '';
    let err = '';
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      expect(await main(['node', 'ingress2istio', 'diff', manifests, '--against', same, '--no-color'])).toBe(0);
      expect(out).toBe('');
      expect(err).toContain(`${generated.length} identical`);
      out = '';
      err = '';
      process.exitCode = undefined;
      expect(await main(['node', 'ingress2istio', 'diff', manifests, '--against', fewer, '--no-color', '-q'])).toBe(1);
      expect(out).toContain('--- /dev/null\n');
      expect(out).not.toContain('\x1b[');
      expect(err).toBe('');
    } finally {
      so.mockRestore();
      se.mockRestore();
      process.exitCode = undefined;
    }
  });
});
