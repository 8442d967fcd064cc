/**
 * Live cluster reader: lists Ingresses, IngressClasses and Services (and, when asked, the
 * ingress-nginx ConfigMap) from the API server, page by page, and hands them to the same
 * normalize() as files. Read-only: GET requests only, and never a Secret (TLS secrets are only
 * known by the names the Ingresses give).
 */
import { stringify } from 'yaml';
import type { InputCliOptions } from '../cli/input.js';
import type { ReadOptions } from './index.js';
import type { InputSet, RawObject } from './types.js';
import type { InputError } from '../model/source.js';
import { ApiClient, type Result } from './cluster/client.js';
import { loadClusterTarget, type ClusterTarget } from './cluster/kubeconfig.js';
import { problemToInputError, type ClusterProblem } from './cluster/problems.js';
import { ScanProgress, type ProgressStream } from './cluster/progress.js';
import { CONFIG_MAPS, INGRESSES, INGRESS_CLASSES, SERVICES, type ResourceType } from './cluster/resources.js';

/** Knobs for tests and embedding; the CLI uses the defaults. */
export interface ClusterIo {
  /** Where progress goes (default process.stderr; printed only when it is a TTY). */
  progress?: ProgressStream;
  /** Items per list page (default 500). */
  pageSize?: number;
  env?: NodeJS.ProcessEnv;
}

/** Which namespace(s) the flags select: `-A` wins over `-n`; neither means the context's namespace. */
export function namespaceScope(cli: Pick<InputCliOptions, 'namespace' | 'allNamespaces'>, target: ClusterTarget): string | undefined {
  if (cli.allNamespaces) return undefined;
  return cli.namespace || target.namespace;
}

/** `cluster:<context>/<ns>/<name>`, or `cluster:<context>/<name>` for cluster-scoped objects. */
export function clusterSource(context: string, obj: Record<string, unknown>): string {
  const meta = (obj.metadata ?? {}) as { namespace?: unknown; name?: unknown };
  const name = typeof meta.name === 'string' ? meta.name : '';
  return typeof meta.namespace === 'string' && meta.namespace ? `cluster:${context}/${meta.namespace}/${name}` : `cluster:${context}/${name}`;
}

export function parseConfigMapRef(ref: string): { namespace: string; name: string } | undefined {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/.exec(ref);
  return m ? { namespace: m[1]!, name: m[3]! } : undefined;
}

/** Read Ingresses, IngressClasses and Services (and the ConfigMap named by --nginx-configmap) from a live cluster. */
export async function readCluster(cli: InputCliOptions, opts: ReadOptions, io: ClusterIo = {}): Promise<InputSet> {
  const fetched = await fetchClusterObjects(cli, io);
  const { normalize } = await import('./index.js');
  const set = normalize(fetched.objects, opts);
  set.errors.push(...fetched.errors);
  return set;
}

/** The raw objects of a cluster read, in a stable order (kind, namespace, name), and the problems met. */
export async function fetchClusterObjects(cli: InputCliOptions, io: ClusterIo = {}): Promise<{ objects: RawObject[]; errors: InputError[]; context?: string }> {
  const errors: InputError[] = [];
  const cmRef = cli.nginxConfigmap !== undefined ? parseConfigMapRef(cli.nginxConfigmap) : undefined;
  if (cli.nginxConfigmap !== undefined && !cmRef) {
    errors.push({ source: { file: '--nginx-configmap', line: 0 }, message: `expected NAMESPACE/NAME, got "${cli.nginxConfigmap}"` });
    return { objects: [], errors };
  }
  const loaded = await loadClusterTarget(cli, io.env);
  if (!loaded.target) {
    errors.push(problemToInputError(loaded.problem!, cli.context));
    return { objects: [], errors };
  }
  const target = loaded.target;
  const client = new ApiClient(target);
  const progress = new ScanProgress(io.progress ?? process.stderr);
  const scope = namespaceScope(cli, target);
  const onPage = progress.update.bind(progress);

  const objects: RawObject[] = [];
  let stopped = false;
  const take = (type: ResourceType, res: Result<Record<string, unknown>[]>): void => {
    progress.done();
    if (!res.ok) {
      errors.push(problemToInputError(res.problem, target.context));
      stopped = res.problem.fatal;
      return;
    }
    for (const obj of res.value) objects.push(toRaw(target.context, type, obj));
  };

  take(INGRESSES, await client.list(INGRESSES, { namespace: scope, labelSelector: cli.selector, pageSize: io.pageSize }, onPage));
  if (!stopped) take(INGRESS_CLASSES, await client.list(INGRESS_CLASSES, { pageSize: io.pageSize }, onPage));
  // Services: all of the scope, since any of them may be an Ingress backend (named ports).
  if (!stopped) take(SERVICES, await client.list(SERVICES, { namespace: scope, pageSize: io.pageSize }, onPage));
  if (!stopped && cmRef) {
    const cm = await client.get(CONFIG_MAPS, cmRef.namespace, cmRef.name);
    take(CONFIG_MAPS, cm.ok ? { ok: true, value: [cm.value] } : cm);
  }

  objects.sort(compareRaw);
  return { objects, errors, context: target.context };
}

const KIND_ORDER = [INGRESSES.kind, INGRESS_CLASSES.kind, SERVICES.kind, CONFIG_MAPS.kind];

function compareRaw(a: RawObject, b: RawObject): number {
  const ka = KIND_ORDER.indexOf(String(a.obj.kind));
  const kb = KIND_ORDER.indexOf(String(b.obj.kind));
  if (ka !== kb) return ka - kb;
  return a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0;
}

function toRaw(context: string, type: ResourceType, obj: Record<string, unknown>): RawObject {
  const raw: RawObject = { obj, source: { file: clusterSource(context, obj), line: 0 } };
  if (type === INGRESSES) raw.text = ingressText(obj);
  return raw;
}

/** The Ingress as YAML for the audit's side-by-side view, without the server's bookkeeping. */
function ingressText(obj: Record<string, unknown>): string {
  const meta = { ...((obj.metadata ?? {}) as Record<string, unknown>) };
  delete meta.managedFields;
  const ann = meta.annotations as Record<string, unknown> | undefined;
  if (ann && 'kubectl.kubernetes.io/last-applied-configuration' in ann) {
    const rest = { ...ann };
    delete rest['kubectl.kubernetes.io/last-applied-configuration'];
    meta.annotations = rest;
  }
  const shown: Record<string, unknown> = { ...obj, metadata: meta };
  delete shown.status;
  return stringify(shown, { lineWidth: 0 });
}

/**
 * The options with the data of the `--nginx-configmap` ConfigMap read from the cluster merged
 * over `nginxConfig` (as `--nginx-config FILE` would set it). Call after loadInput, before convert.
 */
export function withClusterNginxConfig<O extends { nginxConfig: Record<string, string> }>(
  options: O,
  input: Pick<InputSet, 'configMaps'>,
  cli: Pick<InputCliOptions, 'nginxConfigmap'>,
): O {
  if (!cli.nginxConfigmap) return options;
  const cm = input.configMaps.find((c) => `${c.namespace}/${c.name}` === cli.nginxConfigmap);
  return cm ? { ...options, nginxConfig: { ...options.nginxConfig, ...cm.data } } : options;
}

export type { ClusterProblem };
