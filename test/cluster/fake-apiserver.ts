/**
 * A fake Kubernetes API server for tests (no real one can run here): HTTPS on 127.0.0.1, a random
 * port, serving list bodies recorded in the shape of a real API server's answers
 * (test/fixtures/cluster/api/*.json). It pages like the real one (`limit`, `continue` tokens,
 * `remainingItemCount`, and may return fewer items than asked), filters by namespace and label
 * selector, answers 401/403/410 with real Status bodies, and logs every request.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_DIR } from '../helpers/shared.js';

export const FIXTURES = join(REPO_DIR, 'test/fixtures/cluster');
const API = join(FIXTURES, 'api');

export type Obj = Record<string, unknown> & { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export interface Decision {
  status: 200 | 401 | 403;
  user?: string;
}

export interface FakeApiServerOptions {
  /** Most items the server returns per page, whatever `limit` asks (a real server may return fewer). */
  maxPage?: number;
  /** Who may do what: by default `Bearer good-token` may do everything, anything else is 401. */
  authorize?: (token: string | undefined, verb: string, group: string, resource: string, namespace: string | undefined, name?: string) => Decision;
  /** Answer the first request that carries a continue token with 410 Expired. */
  expireFirstContinue?: boolean;
  /** Extra objects by `group/resource` (group empty for core), e.g. `networking.istio.io/virtualservices`. */
  extra?: Record<string, Obj[]>;
  /** Resources (`group/resource`) the server does not serve at all (404), e.g. an old cluster's. */
  without?: string[];
  /** API groups served for discovery, by name (default: the Istio groups from the fixtures). */
  groups?: string[];
}

export interface FakeApiServer {
  url: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

function readList(file: string): Obj[] {
  // Items of built-in lists carry no apiVersion/kind, as from a real server; they are served that way.
  return (JSON.parse(readFileSync(join(API, file), 'utf8')) as { items: Obj[] }).items;
}

/** The objects served by default, keyed `group/resource`. */
export function fixtureStore(): Record<string, Obj[]> {
  return {
    'networking.k8s.io/ingresses': readList('ingresses.json'),
    'networking.k8s.io/ingressclasses': readList('ingressclasses.json'),
    '/services': readList('services.json'),
    '/configmaps': readList('configmaps.json'),
  };
}

const LIST_KIND: Record<string, string> = {
  ingresses: 'IngressList',
  ingressclasses: 'IngressClassList',
  services: 'ServiceList',
  configmaps: 'ConfigMapList',
  secrets: 'SecretList',
};

function status(code: number, reason: string, message: string, details?: Record<string, string>): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

function forbiddenBody(user: string, verb: string, group: string, resource: string, namespace: string | undefined): string {
  // Same text as the API server's RBAC denial (fixture template status-403.json.tmpl).
  const tmpl = readFileSync(join(API, 'status-403.json.tmpl'), 'utf8').trim();
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  return tmpl
    .replaceAll('${resource}', resource)
    .replaceAll('${dotgroup}', group ? `.${group}` : '')
    .replaceAll('${user}', esc(user))
    .replaceAll('${verb}', verb)
    .replaceAll('${group}', group)
    .replaceAll('${scope}', namespace ? esc(` in the namespace "${namespace}"`) : ' at the cluster scope')
    .replaceAll('${groupfield}', group ? `,"group":"${group}"` : '');
}

/** Equality-based selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), comma-separated: what the tests use. */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (!term) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^!=]+)!=(.*)$/.exec(term))) {
      if (labels[m[1]!.trim()] === m[2]!.trim()) return false;
    } else if ((m = /^([^!=]+)==?(.*)$/.exec(term))) {
      if (labels[m[1]!.trim()] !== m[2]!.trim()) return false;
    } else if ((m = /^!(.+)$/.exec(term))) {
      if (m[1]!.trim() in labels) return false;
    } else if (!(term in labels)) return false;
  }
  return true;
}

const defaultAuthorize: NonNullable<FakeApiServerOptions['authorize']> = (token) =>
  token === 'good-token' ? { status: 200, user: 'jane@example.com' } : { status: 401 };

function key(o: Obj): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export async function startFakeApiServer(opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const store: Record<string, Obj[]> = { ...fixtureStore(), ...(opts.extra ?? {}) };
  for (const k of opts.without ?? []) delete store[k];
  const groups = opts.groups ?? ['networking.istio.io', 'security.istio.io'];
  const authorize = opts.authorize ?? defaultAuthorize;
  const requests: LoggedRequest[] = [];
  let expireNext = Boolean(opts.expireFirstContinue);
  const tls = join(FIXTURES, 'tls');

  const server: Server = createServer({ key: readFileSync(join(tls, 'server.key')), cert: readFileSync(join(tls, 'server.crt')) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const auth = req.headers.authorization;
    requests.push({ method: req.method ?? '', path: url.pathname, query, authorization: auth });
    const send = (code: number, body: string) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, status(405, 'MethodNotAllowed', 'the fake API server is read-only'));

    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const segs = url.pathname.split('/').filter(Boolean);
    // Discovery of one group: /apis/<group>
    if (segs[0] === 'apis' && segs.length === 2) {
      const d = authorize(token, 'get', '', '', undefined);
      if (d.status === 401) return send(401, readFileSync(join(API, 'status-401.json'), 'utf8'));
      if (!groups.includes(segs[1]!)) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return send(200, readFileSync(join(API, `apigroup-${segs[1]}.json`), 'utf8'));
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs.length >= 3) {
      group = '';
      version = segs[1]!;
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs.length >= 4) {
      group = segs[1]!;
      version = segs[2]!;
      rest = segs.slice(3);
    } else {
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = rest[0]!;
    const name = rest[1];
    const verb = name ? 'get' : 'list';
    const d = authorize(token, verb, group, resource, namespace, name);
    if (d.status === 401) return send(401, readFileSync(join(API, 'status-401.json'), 'utf8'));
    if (d.status === 403) return send(403, forbiddenBody(d.user ?? 'system:anonymous', verb, group, resource, namespace));

    const all = (store[`${group}/${resource}`] ?? []).slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (!store[`${group}/${resource}`] && resource !== 'secrets') {
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if (name) {
      const found = all.find((o) => o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
      if (!found) return send(404, status(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }));
      const kind = (LIST_KIND[resource] ?? 'List').replace(/List$/, '');
      return send(200, JSON.stringify({ kind, apiVersion: group ? `${group}/${version}` : version, ...found }));
    }

    let items = all.filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
    if (query.labelSelector) items = items.filter((o) => matchesSelector(o.metadata?.labels ?? {}, query.labelSelector!));
    let start = 0;
    if (query.continue) {
      if (expireNext) {
        expireNext = false;
        return send(410, readFileSync(join(API, 'status-410-expired.json'), 'utf8'));
      }
      const tok = JSON.parse(Buffer.from(query.continue, 'base64').toString('utf8')) as { start: string };
      start = items.findIndex((o) => key(o) > tok.start.replace(/\u0000$/, ''));
      if (start < 0) start = items.length;
    }
    const limit = query.limit ? Number(query.limit) : Infinity;
    const size = Math.min(limit, opts.maxPage ?? Infinity);
    const page = items.slice(start, start + size);
    const remaining = items.length - start - page.length;
    const metadata: Record<string, unknown> = { resourceVersion: '918273' };
    if (remaining > 0) {
      const last = key(page[page.length - 1]!);
      metadata.continue = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 918273, start: `${last}\u0000` })).toString('base64');
      metadata.remainingItemCount = remaining;
    }
    return send(200, JSON.stringify({ kind: LIST_KIND[resource] ?? 'List', apiVersion: group ? `${group}/${version}` : version, metadata, items: page }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a kubeconfig for the fake server (CA from the fixtures, a bearer token) and returns its path. */
export function writeKubeconfig(file: string, url: string, opts: { token?: string; namespace?: string; context?: string; extraContexts?: string } = {}): string {
  const ca = readFileSync(join(FIXTURES, 'tls/ca.crt')).toString('base64');
  const context = opts.context ?? 'fake';
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: ${context}
clusters:
- name: fake-cluster
  cluster:
    server: ${url}
    certificate-authority-data: ${ca}
users:
- name: fake-user
  user:
    token: ${opts.token ?? 'good-token'}
contexts:
- name: ${context}
  context:
    cluster: fake-cluster
    user: fake-user
${opts.namespace ? `    namespace: ${opts.namespace}\n` : ''}${opts.extraContexts ?? ''}`,
  );
  return file;
}
