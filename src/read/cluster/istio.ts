/**
 * Reads the Istio objects already in a cluster, for `diff`: Gateways, VirtualServices,
 * DestinationRules, EnvoyFilters and AuthorizationPolicies. By default only the ones ingress2istio
 * made (label app.kubernetes.io/managed-by=ingress2istio). Each group is read at the version the
 * generated objects use when the cluster serves it (discovery), else at the cluster's preferred one.
 */
import type { InputError } from '../../model/source.js';
import { ApiClient } from './client.js';
import { loadClusterTarget, type KubeconfigFlags } from './kubeconfig.js';
import { problemToInputError } from './problems.js';
import { ScanProgress, type ProgressStream } from './progress.js';
import { ISTIO_KINDS, type ResourceType } from './resources.js';

export const MANAGED_SELECTOR = 'app.kubernetes.io/managed-by=ingress2istio';

export interface IstioReadOptions extends KubeconfigFlags {
  /** Namespaces to read (the `-n` namespace, else the context's, is added); ignored with allNamespaces. */
  namespaces?: string[];
  allNamespaces?: boolean;
  /** `-n`: read instead of the context's namespace. */
  namespace?: string;
  /** Read every Istio object, not only those labelled as made by ingress2istio. */
  allIstio?: boolean;
  /** Preferred version per API group, e.g. `networking.istio.io` → `v1`. */
  versions?: Record<string, string>;
  progress?: ProgressStream;
  env?: NodeJS.ProcessEnv;
  pageSize?: number;
}

export interface IstioRead {
  objects: Array<{ obj: Record<string, unknown>; source: { file: string; line: number } }>;
  errors: InputError[];
  /** Things worth saying that are not errors (e.g. a group the cluster does not serve). */
  notes: string[];
  context?: string;
  /** Namespace of the kubeconfig context (`default` when it has none). */
  contextNamespace?: string;
}

export async function readIstioObjects(opts: IstioReadOptions): Promise<IstioRead> {
  const out: IstioRead = { objects: [], errors: [], notes: [] };
  const loaded = await loadClusterTarget(opts, opts.env);
  if (!loaded.target) {
    out.errors.push(problemToInputError(loaded.problem!, opts.context));
    return out;
  }
  const target = loaded.target;
  out.context = target.context;
  out.contextNamespace = target.namespace;
  const client = new ApiClient(target);
  const progress = new ScanProgress(opts.progress ?? process.stderr);
  const selector = opts.allIstio ? undefined : MANAGED_SELECTOR;
  const namespaces: Array<string | undefined> = opts.allNamespaces
    ? [undefined]
    : [...new Set([...(opts.namespaces ?? []), opts.namespace || target.namespace])].sort();

  const groups = [...new Set(ISTIO_KINDS.map((k) => k.group))].sort();
  for (const group of groups) {
    const disc = await client.getJson(`/apis/${group}`, {}, { verb: 'get', resource: `API group ${group}` });
    if (!disc.ok) {
      if (disc.problem.kind === 'not-found') {
        out.notes.push(`the cluster does not serve ${group} (is Istio installed?): no objects of that group`);
        continue;
      }
      out.errors.push(problemToInputError(disc.problem, target.context));
      if (disc.problem.fatal) return out;
      continue;
    }
    const version = pickVersion(disc.value, opts.versions?.[group]);
    if (!version) {
      out.notes.push(`the cluster serves no version of ${group}`);
      continue;
    }
    for (const k of ISTIO_KINDS.filter((x) => x.group === group)) {
      const type: ResourceType = { group, version, resource: k.resource, kind: k.kind, namespaced: true };
      for (const ns of namespaces) {
        const res = await client.list(type, { namespace: ns, labelSelector: selector, pageSize: opts.pageSize }, progress.update.bind(progress));
        progress.done();
        if (!res.ok) {
          // A kind whose CRD is missing is simply absent; anything else is an error.
          if (res.problem.kind === 'not-found') continue;
          out.errors.push(problemToInputError(res.problem, target.context));
          if (res.problem.fatal) return out;
          continue;
        }
        for (const obj of res.value) {
          const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
          out.objects.push({ obj, source: { file: `cluster:${target.context}/${meta.namespace ?? ''}/${meta.name ?? ''}`, line: 0 } });
        }
      }
    }
  }
  return out;
}

function pickVersion(group: Record<string, unknown>, wanted: string | undefined): string | undefined {
  const versions = Array.isArray(group.versions) ? (group.versions as Array<{ version?: unknown }>).map((v) => String(v.version)) : [];
  if (wanted && versions.includes(wanted)) return wanted;
  const preferred = (group.preferredVersion as { version?: unknown } | undefined)?.version;
  if (typeof preferred === 'string') return preferred;
  return versions[0];
}
