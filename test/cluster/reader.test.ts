import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchClusterObjects, parseConfigMapRef } from '../../src/read/cluster.js';
import { loadClusterTarget } from '../../src/read/cluster/kubeconfig.js';
import { FIXTURES, startFakeApiServer, writeKubeconfig, type FakeApiServer } from './fake-apiserver.js';

let dir: string;
let server: FakeApiServer | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-cluster-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  if (server) {
    // No test may ever ask for a Secret, nor write anything.
    expect(server.requests.filter((r) => /\/secrets(\/|$)/.test(r.path))).toEqual([]);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await server.close();
    server = undefined;
  }
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME: join(dir, 'nohome'), ...extra });

async function start(opts: Parameters<typeof startFakeApiServer>[0] = {}, kc: Parameters<typeof writeKubeconfig>[2] = {}) {
  server = await startFakeApiServer(opts);
  const file = writeKubeconfig(join(dir, `kc-${Math.random().toString(36).slice(2)}`), server.url, kc);
  return { server, file };
}

const names = (objs: { obj: Record<string, unknown> }[], kind: string) =>
  objs
    .filter((o) => o.obj.kind === kind)
    .map((o) => {
      const m = o.obj.metadata as { namespace?: string; name: string };
      return m.namespace ? `${m.namespace}/${m.name}` : m.name;
    });

describe('cluster reader: scope and paging', () => {
  it('reads the context namespace when neither -n nor -A is given, with kind, apiVersion and cluster: sources', async () => {
    const { file } = await start({}, { namespace: 'shop', context: 'prod' });
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors).toEqual([]);
    expect(res.context).toBe('prod');
    expect(names(res.objects, 'Ingress')).toEqual(['shop/admin', 'shop/api', 'shop/web']);
    expect(names(res.objects, 'Service')).toEqual(['shop/admin', 'shop/api', 'shop/web']);
    expect(names(res.objects, 'IngressClass')).toEqual(['nginx']);
    const web = res.objects.find((o) => o.obj.kind === 'Ingress' && (o.obj.metadata as { name: string }).name === 'web')!;
    expect(web.obj.apiVersion).toBe('networking.k8s.io/v1');
    expect(web.source).toEqual({ file: 'cluster:prod/shop/web', line: 0 });
    expect(res.objects.find((o) => o.obj.kind === 'IngressClass')!.source.file).toBe('cluster:prod/nginx');
    expect(res.objects.find((o) => o.obj.kind === 'Service')!.obj.apiVersion).toBe('v1');
    const paths = server!.requests.map((r) => r.path);
    expect(paths).toEqual([
      '/apis/networking.k8s.io/v1/namespaces/shop/ingresses',
      '/apis/networking.k8s.io/v1/ingressclasses',
      '/api/v1/namespaces/shop/services',
    ]);
    expect(server!.requests.every((r) => r.authorization === 'Bearer good-token')).toBe(true);
  });

  it('uses namespace "default" when the context has none', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(names(res.objects, 'Ingress')).toEqual(['default/hello']);
  });

  it('-n overrides the context namespace; -A reads every namespace (and wins over -n, as in kubectl)', async () => {
    const { file } = await start({}, { namespace: 'shop' });
    const one = await fetchClusterObjects({ kubeconfig: file, namespace: 'blog' }, { env: env() });
    expect(names(one.objects, 'Ingress')).toEqual(['blog/blog']);
    const all = await fetchClusterObjects({ kubeconfig: file, allNamespaces: true, namespace: 'blog' }, { env: env() });
    expect(names(all.objects, 'Ingress')).toEqual(['blog/blog', 'default/hello', 'shop/admin', 'shop/api', 'shop/web']);
    expect(names(all.objects, 'Service')).toEqual(['blog/blog', 'default/hello', 'shop/admin', 'shop/api', 'shop/web']);
    expect(server!.requests.map((r) => r.path).slice(3)).toEqual([
      '/apis/networking.k8s.io/v1/ingresses',
      '/apis/networking.k8s.io/v1/ingressclasses',
      '/api/v1/services',
    ]);
  });

  it('follows continue tokens when the server returns short pages, asking limit=500 each time', async () => {
    const { file } = await start({ maxPage: 2 });
    const res = await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env() });
    expect(res.errors).toEqual([]);
    expect(names(res.objects, 'Ingress')).toEqual(['blog/blog', 'default/hello', 'shop/admin', 'shop/api', 'shop/web']);
    const ing = server!.requests.filter((r) => r.path.endsWith('/ingresses'));
    expect(ing).toHaveLength(3); // 2 + 2 + 1
    expect(ing.map((r) => r.query.limit)).toEqual(['500', '500', '500']);
    expect(ing[0]!.query.continue).toBeUndefined();
    expect(ing[1]!.query.continue).toBeTruthy();
    expect(ing[2]!.query.continue).not.toBe(ing[1]!.query.continue);
  });

  it('pages with the requested page size', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env(), pageSize: 3 });
    expect(names(res.objects, 'Service')).toHaveLength(5);
    const svc = server!.requests.filter((r) => r.path === '/api/v1/services');
    expect(svc.map((r) => r.query.limit)).toEqual(['3', '3']);
  });

  it('starts the list again once when a continue token has expired (410)', async () => {
    const { file } = await start({ maxPage: 2, expireFirstContinue: true });
    const res = await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env() });
    expect(res.errors).toEqual([]);
    expect(names(res.objects, 'Ingress')).toEqual(['blog/blog', 'default/hello', 'shop/admin', 'shop/api', 'shop/web']);
    const ing = server!.requests.filter((r) => r.path.endsWith('/ingresses'));
    expect(ing.map((r) => Boolean(r.query.continue))).toEqual([false, true, false, true, true]);
  });

  it('passes the label selector to the Ingress list only (Services are needed whatever their labels)', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file, namespace: 'shop', selector: 'team=web' }, { env: env() });
    expect(names(res.objects, 'Ingress')).toEqual(['shop/api', 'shop/web']);
    expect(names(res.objects, 'Service')).toEqual(['shop/admin', 'shop/api', 'shop/web']);
    const byPath = Object.fromEntries(server!.requests.map((r) => [r.path, r.query.labelSelector]));
    expect(byPath['/apis/networking.k8s.io/v1/namespaces/shop/ingresses']).toBe('team=web');
    expect(byPath['/api/v1/namespaces/shop/services']).toBeUndefined();
  });

  it('reads the ingress-nginx ConfigMap only when asked, with a single GET', async () => {
    const { file } = await start();
    const without = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(names(without.objects, 'ConfigMap')).toEqual([]);
    expect(server!.requests.some((r) => r.path.includes('configmaps'))).toBe(false);
    const withCm = await fetchClusterObjects({ kubeconfig: file, nginxConfigmap: 'ingress-nginx/ingress-nginx-controller' }, { env: env() });
    expect(withCm.errors).toEqual([]);
    const cm = withCm.objects.find((o) => o.obj.kind === 'ConfigMap')!;
    expect(cm.obj.data).toEqual({ 'allow-snippet-annotations': 'false', 'use-forwarded-headers': 'true', 'proxy-body-size': '8m' });
    expect(cm.source.file).toBe('cluster:fake/ingress-nginx/ingress-nginx-controller');
    expect(server!.requests.filter((r) => r.path.includes('configmaps')).map((r) => r.path)).toEqual([
      '/api/v1/namespaces/ingress-nginx/configmaps/ingress-nginx-controller',
    ]);
  });

  it('keeps Ingress TLS secret names but never requests a Secret', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file, namespace: 'blog' }, { env: env() });
    const blog = res.objects.find((o) => o.obj.kind === 'Ingress')!;
    expect((blog.obj.spec as { tls: unknown }).tls).toEqual([{ hosts: ['blog.example.com'], secretName: 'blog-tls' }]);
    // (afterEach checks that no /secrets path was requested)
  });

  it('gives Ingresses a YAML text without managedFields, last-applied annotation or status', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    const text = res.objects.find((o) => o.obj.kind === 'Ingress')!.text!;
    expect(text).toContain('name: hello');
    expect(text).toContain('host: hello.example.com');
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('last-applied-configuration');
    expect(text).not.toContain('loadBalancer');
  });

  it('prints progress on a TTY only when a list needs several pages', async () => {
    const { file } = await start({ maxPage: 2 });
    const tty = { isTTY: true, out: '', write(s: string) { this.out += s; } };
    await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env(), progress: tty });
    expect(tty.out).toContain('reading ingresses: 2…');
    expect(tty.out).toContain('reading ingresses: 5');
    expect(tty.out.endsWith('\r\x1b[2K')).toBe(true);
    const pipe = { isTTY: false, out: '', write(s: string) { this.out += s; } };
    await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env(), progress: pipe });
    expect(pipe.out).toBe('');
    const small = { isTTY: true, out: '', write(s: string) { this.out += s; } };
    await fetchClusterObjects({ kubeconfig: file, namespace: 'blog' }, { env: env(), progress: small });
    expect(small.out).toBe('');
  });
});

describe('cluster reader: errors', () => {
  it('401: says the credentials are missing, invalid or expired, and stops', async () => {
    const { file } = await start({}, { token: 'expired-token' });
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.objects).toEqual([]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.source).toEqual({ file: 'cluster:fake', line: 0 });
    expect(res.errors[0]!.message).toMatch(/rejected the credentials of context "fake" \(401 Unauthorized\).*missing, invalid or expired/);
    expect(server!.requests).toHaveLength(1);
  });

  it('403: names the verb, resource and namespace that RBAC denies, and reads the rest', async () => {
    const { file } = await start({
      authorize: (_t, _verb, _group, resource) =>
        resource === 'services' ? { status: 403, user: 'system:serviceaccount:tools:i2i' } : { status: 200 },
    });
    const res = await fetchClusterObjects({ kubeconfig: file, namespace: 'shop' }, { env: env() });
    expect(names(res.objects, 'Ingress')).toEqual(['shop/admin', 'shop/api', 'shop/web']);
    expect(names(res.objects, 'Service')).toEqual([]);
    expect(res.errors).toHaveLength(1);
    const msg = res.errors[0]!.message;
    expect(msg).toContain('may not "list" services in namespace "shop"');
    expect(msg).toContain('deploy/rbac/');
    expect(msg).toContain('User "system:serviceaccount:tools:i2i" cannot list resource "services" in API group "" in the namespace "shop"');
  });

  it('403 at cluster scope: IngressClasses with -A', async () => {
    const { file } = await start({
      authorize: (_t, _verb, _group, resource) => (resource === 'ingressclasses' ? { status: 403, user: 'jane' } : { status: 200 }),
    });
    const res = await fetchClusterObjects({ kubeconfig: file, allNamespaces: true }, { env: env() });
    expect(res.errors.map((e) => e.message)).toHaveLength(1);
    expect(res.errors[0]!.message).toContain('may not "list" ingressclasses.networking.k8s.io cluster-wide');
    expect(res.errors[0]!.message).toContain('at the cluster scope');
  });

  it('403 on the ConfigMap names "get" and the object', async () => {
    const { file } = await start({
      authorize: (_t, verb, _g, resource) => (resource === 'configmaps' ? { status: 403, user: 'jane' } : { status: 200 }),
    });
    const res = await fetchClusterObjects({ kubeconfig: file, nginxConfigmap: 'ingress-nginx/ingress-nginx-controller' }, { env: env() });
    expect(res.errors[0]!.message).toContain('may not "get" configmaps "ingress-nginx-controller" in namespace "ingress-nginx"');
  });

  it('a missing ConfigMap is an error that names it', async () => {
    const { file } = await start();
    const res = await fetchClusterObjects({ kubeconfig: file, nginxConfigmap: 'ingress-nginx/nope' }, { env: env() });
    expect(res.errors.map((e) => e.message)).toEqual([expect.stringContaining('configmaps "nope" in namespace "ingress-nginx" not found (404)')]);
  });

  it('a malformed --nginx-configmap is rejected before any request', async () => {
    const res = await fetchClusterObjects({ kubeconfig: '/nonexistent', nginxConfigmap: 'just-a-name' }, { env: env() });
    expect(res.errors[0]!.message).toBe('expected NAMESPACE/NAME, got "just-a-name"');
    expect(parseConfigMapRef('ingress-nginx/ingress-nginx-controller')).toEqual({ namespace: 'ingress-nginx', name: 'ingress-nginx-controller' });
  });

  it('unreachable server: says so, with the address and context', async () => {
    // Start and stop a server to get a port nothing listens on.
    const s = await startFakeApiServer();
    const url = s.url;
    await s.close();
    const file = writeKubeconfig(join(dir, 'kc-down'), url);
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.message).toMatch(new RegExp(`cannot reach the API server ${url.replace(/[.]/g, '\\.')} \\(context "fake"\\): .*ECONNREFUSED`));
  });

  it('a server whose certificate the kubeconfig CA did not sign fails TLS verification', async () => {
    server = await startFakeApiServer();
    const file = join(dir, 'kc-badca');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "${server.url}"}}]
users: [{name: u, user: {token: good-token}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
    );
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors[0]!.message).toMatch(/TLS with the API server .* failed/);
    expect(server.requests).toEqual([]);
  });
});

describe('kubeconfig resolution', () => {
  it('--kubeconfig, then KUBECONFIG (first file wins), then ~/.kube/config', async () => {
    const a = writeKubeconfig(join(dir, 'a'), 'https://127.0.0.1:1', { context: 'ctx-a' });
    const b = writeKubeconfig(join(dir, 'b'), 'https://127.0.0.1:2', { context: 'ctx-b' });
    const flag = await loadClusterTarget({ kubeconfig: b }, env({ KUBECONFIG: a }));
    expect(flag.target!.context).toBe('ctx-b');
    const merged = await loadClusterTarget({}, env({ KUBECONFIG: [join(dir, 'missing'), a, b].join(':') }));
    expect(merged.target!.context).toBe('ctx-a');
    expect(merged.target!.server).toBe('https://127.0.0.1:1');
    const other = await loadClusterTarget({ context: 'ctx-b' }, env({ KUBECONFIG: [a, b].join(':') }));
    expect(other.target!.context).toBe('ctx-b');
    expect(other.target!.server).toBe('https://127.0.0.1:1'); // cluster "fake-cluster" from the first file wins
    const home = join(dir, 'home');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(home, '.kube'), { recursive: true });
    copyFileSync(b, join(home, '.kube/config'));
    const fromHome = await loadClusterTarget({}, { HOME: home });
    expect(fromHome.target!.context).toBe('ctx-b');
  });

  it('in a pod: the service account token, CA and namespace, when no kubeconfig exists', async () => {
    server = await startFakeApiServer();
    const root = join(dir, 'pod');
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'good-token');
    writeFileSync(join(sa, 'namespace'), 'blog');
    copyFileSync(join(FIXTURES, 'tls/ca.crt'), join(sa, 'ca.crt'));
    const port = new URL(server.url).port;
    const podEnv = env({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port });
    const before = process.env.KUBERNETES_SERVICE_HOST;
    const loaded = await loadClusterTarget({}, podEnv, root);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.target!.namespace).toBe('blog');
    expect(loaded.target!.server).toBe(`https://127.0.0.1:${port}`);
    const { ApiClient } = await import('../../src/read/cluster/client.js');
    const { INGRESSES } = await import('../../src/read/cluster/resources.js');
    const res = await new ApiClient(loaded.target!).list(INGRESSES, { namespace: loaded.target!.namespace });
    expect(res.ok && res.value.map((o) => (o.metadata as { name: string }).name)).toEqual(['blog']);
    expect(server.requests[0]!.authorization).toBe('Bearer good-token');
    expect(process.env.KUBERNETES_SERVICE_HOST).toBe(before);
  });

  it('explains a missing kubeconfig, an unknown context and an empty KUBECONFIG list', async () => {
    const none = await loadClusterTarget({}, env());
    expect(none.problem!.message).toMatch(/no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG/);
    const missing = await loadClusterTarget({ kubeconfig: join(dir, 'nope') }, env());
    expect(missing.problem!.message).toBe(`kubeconfig ${join(dir, 'nope')} does not exist`);
    const a = writeKubeconfig(join(dir, 'a2'), 'https://127.0.0.1:1', { context: 'ctx-a' });
    const ctx = await loadClusterTarget({ kubeconfig: a, context: 'prod' }, env());
    expect(ctx.problem!.message).toBe(`context "prod" not found in ${a} (contexts: ctx-a)`);
    const emptyList = await loadClusterTarget({}, env({ KUBECONFIG: join(dir, 'x') }));
    expect(emptyList.problem!.message).toContain('none of the files in KUBECONFIG');
  });

  it('a plain-HTTP server (kubectl proxy) is accepted without insecure-skip-tls-verify', async () => {
    const file = join(dir, 'kc-http');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: proxy
clusters: [{name: k, cluster: {server: "http://127.0.0.1:8001"}}]
users: [{name: u, user: {}}]
contexts: [{name: proxy, context: {cluster: k, user: u}}]
`,
    );
    const t = await loadClusterTarget({ kubeconfig: file }, env());
    expect(t.problem).toBeUndefined();
    const opts: Record<string, unknown> = {};
    await t.target!.kc.applyToHTTPSOptions(opts);
    expect(opts.agent).toBeDefined();
  });
});

describe('readCluster: through the readers\' normalize()', () => {
  it('gives normalized Ingresses, IngressClasses and Services with cluster: sources, and the ConfigMap for the options', async () => {
    const { readCluster, withClusterNginxConfig } = await import('../../src/read/cluster.js');
    const { file } = await start({}, { context: 'prod' });
    const cli = { kubeconfig: file, namespace: 'shop', nginxConfigmap: 'ingress-nginx/ingress-nginx-controller' };
    const set = await readCluster(cli, {}, { env: env() });
    expect(set.errors).toEqual([]);
    expect(set.ingresses.map((i) => `${i.namespace}/${i.name} ${i.source.file}`)).toEqual([
      'shop/admin cluster:prod/shop/admin',
      'shop/api cluster:prod/shop/api',
      'shop/web cluster:prod/shop/web',
    ]);
    expect(set.ingressClasses.map((c) => `${c.name} ${c.controller} ${c.isDefault}`)).toEqual(['nginx k8s.io/ingress-nginx true']);
    expect(set.services.find((s) => s.name === 'api')!.ports).toEqual([expect.objectContaining({ name: 'grpc-web', port: 9090 })]);
    const options = withClusterNginxConfig({ nginxConfig: { 'proxy-body-size': '1m', 'ssl-redirect': 'false' } }, set, cli);
    expect(options.nginxConfig).toEqual({ 'proxy-body-size': '8m', 'ssl-redirect': 'false', 'allow-snippet-annotations': 'false', 'use-forwarded-headers': 'true' });
    expect(withClusterNginxConfig({ nginxConfig: {} }, set, {}).nginxConfig).toEqual({});
  });

  it('a cluster that cannot be read gives an empty set with the error, not an exception', async () => {
    const { readCluster } = await import('../../src/read/cluster.js');
    const { file } = await start({}, { token: 'expired-token' });
    const set = await readCluster({ kubeconfig: file }, {}, { env: env() });
    expect(set.ingresses).toEqual([]);
    expect(set.errors.map((e) => e.message)).toEqual([expect.stringContaining('401 Unauthorized')]);
  });
});

describe('cluster reader: a resource the server does not serve', () => {
  it('says the API server does not serve it (a cluster older than Kubernetes 1.19 has no networking.k8s.io/v1 Ingresses)', async () => {
    const { file } = await start({ without: ['networking.k8s.io/ingresses'] });
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors.map((e) => e.message)).toEqual([expect.stringContaining('the API server does not serve ingresses.networking.k8s.io (404)')]);
  });
});

describe('cluster reader: credentials from an exec plugin', () => {
  const kcWithExec = (file: string, url: string, command: string, args: string[]) => {
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: eks
clusters: [{name: k, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]
contexts: [{name: eks, context: {cluster: k, user: u}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${command}
      args: ${JSON.stringify(args)}
      interactiveMode: Never
`,
    );
    return file;
  };

  it('uses the token the plugin prints', async () => {
    server = await startFakeApiServer();
    const cred = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'good-token' } });
    const file = kcWithExec(join(dir, 'kc-exec'), server.url, 'node', ['-e', `process.stdout.write(${JSON.stringify(cred)})`]);
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors).toEqual([]);
    expect(server.requests[0]!.authorization).toBe('Bearer good-token');
  });

  it('a failing plugin is reported as a credentials problem, before any request', async () => {
    server = await startFakeApiServer();
    const file = kcWithExec(join(dir, 'kc-exec-bad'), server.url, 'node', ['-e', 'process.stderr.write("token expired, run aws sso login"); process.exit(1)']);
    const res = await fetchClusterObjects({ kubeconfig: file }, { env: env() });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.message).toMatch(/^cannot get credentials for context "eks": /);
    expect(res.errors[0]!.message).toContain("token expired, run aws sso login");
    expect(server.requests).toEqual([]);
  });
});
