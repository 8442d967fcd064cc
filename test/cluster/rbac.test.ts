/**
 * The shipped RBAC (deploy/rbac/) is read-only, never grants Secrets, and is enough: the reader
 * and diff run without a single 403 under an RBAC evaluator that only allows what the files grant.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fetchClusterObjects } from '../../src/read/cluster.js';
import { readIstioObjects } from '../../src/read/cluster/istio.js';
import { REPO_DIR } from '../helpers/shared.js';
import { startFakeApiServer, writeKubeconfig, type Decision, type FakeApiServer } from './fake-apiserver.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface K8sObj {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

const load = (f: string) => parseAllDocuments(readFileSync(join(REPO_DIR, 'deploy/rbac', f), 'utf8')).map((d) => d.toJS() as K8sObj);

/** Rules that apply to a request, as RBAC evaluates them: ClusterRoles bound cluster-wide, Roles in their namespace. */
function authorizer(objs: K8sObj[]) {
  const roles = new Map(objs.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const grants: Array<{ namespace?: string; rules: Rule[] }> = [];
  for (const b of objs) {
    if (b.kind === 'ClusterRoleBinding') grants.push({ rules: roles.get(`ClusterRole//${b.roleRef!.name}`)!.rules! });
    if (b.kind === 'RoleBinding') {
      const role = b.roleRef!.kind === 'Role' ? roles.get(`Role/${b.metadata.namespace}/${b.roleRef!.name}`) : roles.get(`ClusterRole//${b.roleRef!.name}`);
      grants.push({ namespace: b.metadata.namespace, rules: role!.rules! });
    }
  }
  return (token: string | undefined, verb: string, group: string, resource: string, namespace: string | undefined, name?: string): Decision => {
    if (token !== 'good-token') return { status: 401 };
    if (resource === '') return { status: 200 }; // discovery: system:discovery allows every authenticated user
    const ok = grants.some(
      (g) =>
        (g.namespace === undefined || g.namespace === namespace) &&
        g.rules.some(
          (r) =>
            r.apiGroups.includes(group) &&
            r.resources.includes(resource) &&
            r.verbs.includes(verb) &&
            (!r.resourceNames || (verb === 'get' && name !== undefined && r.resourceNames.includes(name))),
        ),
    );
    return ok ? { status: 200 } : { status: 403, user: 'jane@example.com' };
  };
}

let dir: string;
let server: FakeApiServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-rbac-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const env = () => ({ HOME: join(dir, 'nohome') });

describe('deploy/rbac', () => {
  it.each(['clusterrole.yaml', 'role.yaml'])('%s is read-only and never grants Secrets or wildcards', (file) => {
    const rules = load(file).flatMap((o) => o.rules ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.verbs.filter((v) => v !== 'get' && v !== 'list')).toEqual([]);
      expect(r.resources).not.toContain('secrets');
      expect([...r.apiGroups, ...r.resources, ...r.verbs]).not.toContain('*');
    }
  });

  it('the ClusterRole is enough for -A, --nginx-configmap and diff -A: no 403', async () => {
    server = await startFakeApiServer({ authorize: authorizer(load('clusterrole.yaml')) });
    const kubeconfig = writeKubeconfig(join(dir, 'kc1'), server.url);
    const read = await fetchClusterObjects({ kubeconfig, allNamespaces: true, nginxConfigmap: 'ingress-nginx/ingress-nginx-controller' }, { env: env() });
    expect(read.errors).toEqual([]);
    expect(read.objects.length).toBe(5 + 1 + 5 + 1);
    const istio = await readIstioObjects({ kubeconfig, allNamespaces: true, env: env() });
    expect(istio.errors).toEqual([]);
    const ns = await readIstioObjects({ kubeconfig, namespaces: ['istio-system', 'shop'], env: env() });
    expect(ns.errors).toEqual([]);
  });

  it('the ClusterRole grants only the ConfigMap it names', async () => {
    server = await startFakeApiServer({ authorize: authorizer(load('clusterrole.yaml')) });
    const kubeconfig = writeKubeconfig(join(dir, 'kc2'), server.url);
    const read = await fetchClusterObjects({ kubeconfig, nginxConfigmap: 'kube-system/other' }, { env: env() });
    expect(read.errors.map((e) => e.message)).toEqual([expect.stringContaining('may not "get" configmaps "other" in namespace "kube-system"')]);
  });

  it('the namespaced Role is enough for -n shop, and -A or another namespace is denied with the missing permission named', async () => {
    server = await startFakeApiServer({ authorize: authorizer(load('role.yaml')) });
    const kubeconfig = writeKubeconfig(join(dir, 'kc3'), server.url);
    const shop = await fetchClusterObjects({ kubeconfig, namespace: 'shop' }, { env: env() });
    expect(shop.errors).toEqual([]);
    expect(shop.objects.filter((o) => o.obj.kind === 'Ingress')).toHaveLength(3);
    const istio = await readIstioObjects({ kubeconfig, namespace: 'shop', env: env() });
    expect(istio.errors).toEqual([]);
    const all = await fetchClusterObjects({ kubeconfig, allNamespaces: true }, { env: env() });
    expect(all.errors[0]!.message).toContain('may not "list" ingresses.networking.k8s.io cluster-wide');
    const blog = await fetchClusterObjects({ kubeconfig, namespace: 'blog' }, { env: env() });
    expect(blog.errors[0]!.message).toContain('may not "list" ingresses.networking.k8s.io in namespace "blog"');
  });
});
