/**
 * Finds and loads the kubeconfig the way kubectl does: `--kubeconfig`, else every file in
 * `KUBECONFIG` (merged, first file wins), else `~/.kube/config`, else the in-cluster service
 * account. `--context` picks the context. The client library is imported here, and only here,
 * so runs that read files never load it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterProblem } from './problems.js';

export interface KubeconfigFlags {
  kubeconfig?: string;
  context?: string;
}

/** A loaded kubeconfig with its context resolved: everything a request needs. */
export interface ClusterTarget {
  kc: KubeConfig;
  /** Context name, as used in source references (`cluster:<context>/<ns>/<name>`). */
  context: string;
  /** API server URL of the context's cluster. */
  server: string;
  /** Namespace of the context, or `default` (what kubectl uses without -n). */
  namespace: string;
  /** Where the configuration came from, for error messages. */
  origin: string;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * `rootDir` prefixes the service account folder (tests use a temporary one).
 */
export async function loadClusterTarget(
  flags: KubeconfigFlags,
  env: NodeJS.ProcessEnv = process.env,
  rootDir = '',
): Promise<{ target?: ClusterTarget; problem?: ClusterProblem }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  let origin: string;
  try {
    if (flags.kubeconfig) {
      if (!existsSync(flags.kubeconfig)) return { problem: configProblem(`kubeconfig ${flags.kubeconfig} does not exist`) };
      kc.loadFromFile(flags.kubeconfig);
      origin = flags.kubeconfig;
    } else if (env.KUBECONFIG) {
      // kubectl skips files of the list that do not exist, and the first file that sets a value wins.
      const files = env.KUBECONFIG.split(delimiter).filter((f) => f && existsSync(f));
      if (files.length === 0) return { problem: configProblem(`none of the files in KUBECONFIG (${env.KUBECONFIG}) exists`) };
      kc.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        const next = new KubeConfig();
        next.loadFromFile(file);
        mergeFirstWins(kc, next);
      }
      origin = `KUBECONFIG=${env.KUBECONFIG}`;
    } else if (existsSync(join(env.HOME || homedir(), '.kube', 'config'))) {
      origin = join(env.HOME || homedir(), '.kube', 'config');
      kc.loadFromFile(origin);
    } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(join(rootDir + SA_DIR, 'token'))) {
      // The client library reads the address from process.env; pass this environment's.
      const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
      process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
      process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
      try {
        kc.loadFromCluster(rootDir);
      } finally {
        restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
        restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
      }
      origin = 'in-cluster service account';
    } else {
      return {
        problem: configProblem('no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a pod'),
      };
    }
  } catch (err) {
    return { problem: configProblem(`cannot load the kubeconfig: ${err instanceof Error ? err.message : String(err)}`) };
  }

  if (flags.context) {
    if (!kc.getContextObject(flags.context)) {
      const known = kc.getContexts().map((c) => c.name).sort();
      return { problem: configProblem(`context "${flags.context}" not found in ${origin} (contexts: ${known.join(', ') || 'none'})`) };
    }
    kc.setCurrentContext(flags.context);
  }
  const context = kc.getCurrentContext();
  const ctx = context ? kc.getContextObject(context) : null;
  if (!ctx) return { problem: configProblem(`${origin} has no current context: pass --context NAME`) };
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { problem: configProblem(`context "${context}" names cluster "${ctx.cluster}", which ${origin} does not define`) };
  if (!kc.getCurrentUser()) return { problem: configProblem(`context "${context}" names user "${ctx.user}", which ${origin} does not define`) };
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    // Plain HTTP (e.g. `kubectl proxy`) has no TLS to verify; the client library refuses it
    // unless the flag is set, kubectl does not.
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c));
  }
  return { target: { kc, context, server: cluster.server, namespace: ctx.namespace || 'default', origin } };
}

function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  if (!into.currentContext && from.currentContext) into.currentContext = from.currentContext;
  const has = <T extends { name: string }>(list: T[], name: string) => list.some((x) => x.name === name);
  into.clusters = [...into.clusters, ...from.clusters.filter((c) => !has(into.clusters, c.name))];
  into.users = [...into.users, ...from.users.filter((u) => !has(into.users, u.name))];
  into.contexts = [...into.contexts, ...from.contexts.filter((c) => !has(into.contexts, c.name))];
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

function configProblem(message: string): ClusterProblem {
  return { kind: 'config', message, fatal: true };
}
