/**
 * A small read-only API client: GET requests only, JSON bodies kept exactly as the server sent
 * them (no typed model that could drop a field). The client library provides the kubeconfig,
 * TLS and authentication (tokens, client certificates, exec plugins, proxies).
 */
import http from 'node:http';
import https from 'node:https';
import type { ClusterTarget } from './kubeconfig.js';
import {
  credentialsProblem,
  httpProblem,
  networkProblem,
  type ClusterProblem,
  type RequestDescription,
} from './problems.js';
import { resourcePath, type ResourceType } from './resources.js';

const REQUEST_TIMEOUT_MS = 60_000;
/** Items per page: big enough to read most clusters in one request, small enough to bound memory. */
export const DEFAULT_PAGE_SIZE = 500;

export type Result<T> = { ok: true; value: T } | { ok: false; problem: ClusterProblem };

export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  pageSize?: number;
}

export interface ListProgress {
  (resource: ResourceType, itemsSoFar: number, morePages: boolean): void;
}

export class ApiClient {
  constructor(
    readonly target: ClusterTarget,
    private readonly userAgent = 'ingress2istio',
  ) {}

  /** GET one path; resolves to the parsed JSON body, or a problem. Never throws for I/O. */
  async getJson(path: string, query: Record<string, string | undefined>, req: RequestDescription): Promise<Result<Record<string, unknown>>> {
    const conn = { context: this.target.context, server: this.target.server };
    const opts: https.RequestOptions = { headers: {} };
    try {
      await this.target.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      return { ok: false, problem: credentialsProblem(err, conn) };
    }
    const url = new URL(this.target.server);
    const prefix = url.pathname.replace(/\/+$/, '');
    url.pathname = prefix + path;
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    headers.Accept = 'application/json';
    headers['User-Agent'] = this.userAgent;
    const lib = url.protocol === 'http:' ? http : https;

    return new Promise((resolve) => {
      const request = lib.request(
        url,
        { method: 'GET', headers, agent: opts.agent, auth: opts.auth, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => resolve({ ok: false, problem: networkProblem(err, conn) }));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              resolve({ ok: false, problem: httpProblem(status, body, req, conn) });
              return;
            }
            try {
              const parsed = JSON.parse(body) as unknown;
              if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
              resolve({ ok: true, value: parsed as Record<string, unknown> });
            } catch (err) {
              resolve({
                ok: false,
                problem: {
                  kind: 'bad-response',
                  fatal: true,
                  message: `the API server ${conn.server} sent a body that is not a Kubernetes JSON object for "${req.verb}" ${req.resource} (${(err as Error).message}); is the kubeconfig's server address an API server?`,
                },
              });
            }
          });
        },
      );
      request.on('timeout', () => {
        const err = Object.assign(new Error(`no answer after ${REQUEST_TIMEOUT_MS / 1000}s`), { code: 'TIMEOUT' });
        request.destroy(err);
      });
      request.on('error', (err) => resolve({ ok: false, problem: networkProblem(err, conn) }));
      request.end();
    });
  }

  /**
   * Lists every object of a resource, page by page (`limit`/`continue`), and gives items their
   * `apiVersion` and `kind` (the API leaves them out of list items). When the continue token
   * expires mid-list (410 Gone), the list is read again once from the start.
   */
  async list(type: ResourceType, query: ListQuery, progress?: ListProgress): Promise<Result<Record<string, unknown>[]>> {
    const req: RequestDescription = { verb: 'list', resource: resourceName(type), namespace: type.namespaced ? query.namespace : undefined };
    const path = resourcePath(type, query.namespace);
    const limit = String(query.pageSize ?? DEFAULT_PAGE_SIZE);
    for (let attempt = 0; ; attempt++) {
      const items: Record<string, unknown>[] = [];
      let cont: string | undefined;
      let restart = false;
      do {
        const page = await this.getJson(path, { labelSelector: query.labelSelector, limit, continue: cont }, req);
        if (!page.ok) {
          if (page.problem.kind === 'gone' && cont !== undefined && attempt === 0) {
            restart = true;
            break;
          }
          return page;
        }
        const pageItems = page.value.items;
        if (pageItems !== null && pageItems !== undefined && !Array.isArray(pageItems)) {
          return { ok: false, problem: { kind: 'bad-response', fatal: false, message: `the list of ${req.resource} has "items" that is not an array` } };
        }
        for (const item of (pageItems as unknown[] | null | undefined) ?? []) {
          if (item && typeof item === 'object' && !Array.isArray(item)) {
            items.push({ apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind, ...(item as Record<string, unknown>) });
          }
        }
        const meta = page.value.metadata as { continue?: unknown } | undefined;
        cont = typeof meta?.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
        progress?.(type, items.length, cont !== undefined);
      } while (cont !== undefined);
      if (!restart) return { ok: true, value: items };
    }
  }

  /** Gets one named object. */
  async get(type: ResourceType, namespace: string | undefined, name: string): Promise<Result<Record<string, unknown>>> {
    const req: RequestDescription = { verb: 'get', resource: resourceName(type), namespace, name };
    const path = `${resourcePath(type, namespace)}/${encodeURIComponent(name)}`;
    const res = await this.getJson(path, {}, req);
    if (!res.ok) return res;
    return { ok: true, value: { apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind, ...res.value } };
  }
}

/** `ingresses.networking.k8s.io`, or `services` for the core group (RBAC's spelling). */
export function resourceName(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}
