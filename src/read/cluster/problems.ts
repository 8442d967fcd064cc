/**
 * Problems talking to a cluster, as values. Each message says what failed and what to do about
 * it: unreachable server, rejected credentials (401) and RBAC denials (403, naming the verb and
 * resource that are missing).
 */
import type { InputError } from '../../model/source.js';

export type ClusterProblemKind =
  | 'config'
  | 'credentials'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'server'
  | 'bad-response';

export interface ClusterProblem {
  kind: ClusterProblemKind;
  message: string;
  /** True when no further request can succeed (no point asking for the other resources). */
  fatal: boolean;
}

/** What a request asked for, to name it in messages. */
export interface RequestDescription {
  verb: 'get' | 'list';
  /** `ingresses.networking.k8s.io`, `services` (core group). */
  resource: string;
  /** Namespace, or undefined for cluster-wide requests. */
  namespace?: string;
  /** Object name for `get`. */
  name?: string;
}

export interface ConnectionInfo {
  context: string;
  server: string;
}

/** A Kubernetes `Status` body (the API's error responses). */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
}

function where(req: RequestDescription): string {
  return req.namespace ? `in namespace "${req.namespace}"` : 'cluster-wide';
}

function what(req: RequestDescription): string {
  return req.name ? `${req.resource} "${req.name}"` : req.resource;
}

export function statusMessage(body: string): string | undefined {
  try {
    const s = JSON.parse(body) as StatusBody;
    return s && s.kind === 'Status' && typeof s.message === 'string' ? s.message : undefined;
  } catch {
    return undefined;
  }
}

/** Turns an HTTP error status into a problem. */
export function httpProblem(status: number, body: string, req: RequestDescription, conn: ConnectionInfo): ClusterProblem {
  const said = statusMessage(body);
  const serverSaid = said ? ` (the API server said: ${said})` : '';
  switch (status) {
    case 401:
      return {
        kind: 'unauthorized',
        fatal: true,
        message:
          `the API server ${conn.server} rejected the credentials of context "${conn.context}" (401 Unauthorized): ` +
          `they are missing, invalid or expired. Log in again or refresh the token (for a cloud cluster, ` +
          `its get-credentials command), then retry${serverSaid}`,
      };
    case 403:
      return {
        kind: 'forbidden',
        fatal: false,
        message:
          `permission denied (403 Forbidden): the user of context "${conn.context}" may not "${req.verb}" ${what(req)} ${where(req)}. ` +
          `Grant it with deploy/rbac/clusterrole.yaml (all namespaces) or deploy/rbac/role.yaml (one namespace)${serverSaid}`,
      };
    case 404:
      return {
        kind: 'not-found',
        fatal: false,
        message: req.name
          ? `${what(req)} ${where(req)} not found (404)${serverSaid}`
          : `the API server does not serve ${req.resource} (404): is the API group installed, and the cluster recent enough (Ingresses need networking.k8s.io/v1, Kubernetes 1.19+)?${serverSaid}`,
      };
    case 410:
      return {
        kind: 'gone',
        fatal: false,
        message: `the list of ${req.resource} ${where(req)} changed too much while it was read page by page (410 Gone); retry${serverSaid}`,
      };
    default:
      return {
        kind: 'server',
        fatal: status >= 500,
        message: `"${req.verb}" ${what(req)} ${where(req)} failed with HTTP ${status}${serverSaid || (body ? `: ${body.slice(0, 200)}` : '')}`,
      };
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** Turns a network or TLS error into a problem. */
export function networkProblem(err: unknown, conn: ConnectionInfo): ClusterProblem {
  const e = err as NodeJS.ErrnoException;
  const detail = e?.message ?? String(err);
  if (e?.code === 'TIMEOUT') {
    return { kind: 'unreachable', fatal: true, message: `the API server ${conn.server} (context "${conn.context}") did not answer in time: ${detail}` };
  }
  if (e?.code && UNREACHABLE_CODES.has(e.code)) {
    return {
      kind: 'unreachable',
      fatal: true,
      message: `cannot reach the API server ${conn.server} (context "${conn.context}"): ${detail}. Is the cluster running and the kubeconfig's server address right?`,
    };
  }
  if (e?.code && /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO/.test(e.code)) {
    return {
      kind: 'unreachable',
      fatal: true,
      message: `TLS with the API server ${conn.server} (context "${conn.context}") failed: ${detail} (${e.code}). Check the kubeconfig's certificate-authority`,
    };
  }
  return { kind: 'unreachable', fatal: true, message: `request to the API server ${conn.server} (context "${conn.context}") failed: ${detail}` };
}

export function credentialsProblem(err: unknown, conn: ConnectionInfo): ClusterProblem {
  const detail = err instanceof Error ? err.message : String(err);
  return {
    kind: 'credentials',
    fatal: true,
    message: `cannot get credentials for context "${conn.context}": ${detail}`,
  };
}

/** A problem as an input error of the run, located at the cluster context. */
export function problemToInputError(p: ClusterProblem, context: string | undefined): InputError {
  return { source: { file: context ? `cluster:${context}` : 'cluster', line: 0 }, message: p.message };
}
