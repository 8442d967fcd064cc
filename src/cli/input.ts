/**
 * Options and input loading shared by every command that converts (convert, audit, verify, diff),
 * so they all run the same pipeline: read → model → rules → emit.
 */
import type { Command } from 'commander';
import { Option } from './commander.js';
import type { ControllerId } from '../model/ingress.js';
import { defaultOptions, type ConvertOptions, type IstioApiVersion } from '../model/options.js';
import type { InputSet } from '../read/types.js';

export interface InputCliOptions {
  ingressClass?: string;
  controller?: ControllerId;
  nginxConfig?: string;
  annotationsPrefix?: string;
  gatewayNamespace?: string;
  gatewayName?: string;
  gatewaySelector?: string;
  apiVersion?: IstioApiVersion;
  envoyfilter?: boolean;
  /** Cluster flags (live cluster reading). */
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  /** `NAMESPACE/NAME` of the ingress-nginx controller ConfigMap to read from the live cluster. */
  nginxConfigmap?: string;
}

export const CONTROLLER_CHOICES = ['ingress-nginx', 'nginx-inc', 'contour', 'haproxytech', 'haproxy-ingress'];

/** Flags that pick and interpret the input. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--ingress-class <name>', 'convert only Ingresses of this class')
    .addOption(new Option('--controller <id>', 'treat every Ingress as owned by this controller').choices(CONTROLLER_CHOICES))
    .option('--nginx-config <file>', 'ingress-nginx controller ConfigMap (YAML) whose settings change the defaults')
    .option('--annotations-prefix <prefix>', 'ingress-nginx --annotations-prefix, if not nginx.ingress.kubernetes.io')
    .option('--kubeconfig <file>', 'read from a live cluster with this kubeconfig')
    .option('--context <name>', 'kubeconfig context (live cluster)')
    .option('-n, --namespace <ns>', 'read this namespace of the live cluster')
    .option('-A, --all-namespaces', 'read all namespaces of the live cluster')
    .option('-l, --selector <selector>', 'label selector for Ingresses (live cluster)')
    .option('--nginx-configmap <ns/name>', 'read the ingress-nginx controller ConfigMap from the live cluster');
}

/** Flags that shape the generated Istio objects. */
export function addGatewayOptions(cmd: Command): Command {
  return cmd
    .option('--gateway-namespace <ns>', 'namespace of the ingress gateway workload and the Gateway (TLS secrets must be there)', 'istio-system')
    .option('--gateway-name <name>', 'name of the generated Gateway', 'ingress2istio')
    .option('--gateway-selector <labels>', 'label selector of the gateway pods, as k=v[,k=v]', 'istio=ingressgateway')
    .addOption(new Option('--api-version <v>', 'networking.istio.io API version to emit').choices(['v1', 'v1beta1', 'v1alpha3']).default('v1'))
    .option('--no-envoyfilter', 'never emit EnvoyFilters (features that need one are reported instead)');
}

/** A mistake in how the command was called: printed as `error: …`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function clusterFlags(opts: InputCliOptions): string[] {
  const f: string[] = [];
  if (opts.kubeconfig) f.push('--kubeconfig');
  if (opts.context) f.push('--context');
  if (opts.namespace) f.push('--namespace');
  if (opts.allNamespaces) f.push('--all-namespaces');
  if (opts.selector) f.push('--selector');
  if (opts.nginxConfigmap) f.push('--nginx-configmap');
  return f;
}

/**
 * True when the input is the live cluster: cluster flags without paths, or no paths at all while
 * stdin is a terminal (nothing is being piped in; `kubectl ingress2istio convert` reads the current
 * context).
 */
export function wantsCluster(opts: InputCliOptions, paths: string[], stdinIsTTY = Boolean(process.stdin.isTTY)): boolean {
  return paths.length === 0 && (clusterFlags(opts).length > 0 || stdinIsTTY);
}

/** For commands whose only input is the Ingresses: cluster flags next to paths would be ignored. */
export function rejectClusterFlagsWithPaths(opts: InputCliOptions, paths: string[]): void {
  const flags = clusterFlags(opts);
  if (paths.length && flags.length) throw new UsageError(`${flags.join(', ')} read a live cluster and cannot be combined with file paths (${paths.join(' ')})`);
}

export function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const t = part.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`bad label selector "${s}": expected k=v[,k=v]`);
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

export async function convertOptionsFrom(opts: InputCliOptions): Promise<ConvertOptions> {
  let nginxConfig: Record<string, string> = {};
  if (opts.nginxConfig) {
    const { readNginxConfigMap } = await import('../read/configmap.js');
    nginxConfig = await readNginxConfigMap(opts.nginxConfig);
  }
  return defaultOptions({
    gatewayNamespace: opts.gatewayNamespace ?? 'istio-system',
    gatewayName: opts.gatewayName ?? 'ingress2istio',
    gatewaySelector: parseSelector(opts.gatewaySelector ?? 'istio=ingressgateway'),
    apiVersion: opts.apiVersion ?? 'v1',
    ingressClass: opts.ingressClass,
    controller: opts.controller,
    envoyFilters: opts.envoyfilter !== false,
    nginxConfig,
    nginxAnnotationPrefix: opts.annotationsPrefix ?? 'nginx.ingress.kubernetes.io',
  });
}

/**
 * Everything a converting command needs: the options (with the cluster's ingress-nginx ConfigMap
 * merged in when `--nginx-configmap` is given) and the input. Throws UsageError for bad flags.
 */
export async function prepareRun(paths: string[], opts: InputCliOptions, read: LoadOptions = {}): Promise<{ input: InputSet; options: ConvertOptions }> {
  rejectClusterFlagsWithPaths(opts, paths);
  let options: ConvertOptions;
  try {
    options = await convertOptionsFrom(opts);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const input = await loadInput(paths, opts, read);
  if (opts.nginxConfigmap) {
    const { withClusterNginxConfig } = await import('../read/cluster.js');
    options = withClusterNginxConfig(options, input, opts);
  }
  return { input, options };
}

/** How much of the input to keep beyond the model. */
export interface LoadOptions {
  /** Keep each Ingress's source text (InputSet.texts; default true). Only the audit shows it. */
  keepTexts?: boolean;
}

/** Read the input: files/folders/stdin, or the live cluster when cluster flags are given without paths. */
export async function loadInput(paths: string[], opts: InputCliOptions, read: LoadOptions = {}): Promise<InputSet> {
  const readOpts = {
    ingressClass: opts.ingressClass,
    controller: opts.controller,
    nginxAnnotationPrefix: opts.annotationsPrefix,
    ...(read.keepTexts === false ? { keepTexts: false } : {}),
  };
  if (wantsCluster(opts, paths)) {
    const { readCluster } = await import('../read/cluster.js');
    return readCluster(opts, readOpts);
  }
  const { readInputs } = await import('../read/index.js');
  return readInputs(paths.length ? paths : ['-'], readOpts);
}
