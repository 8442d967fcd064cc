/**
 * Requests and outcomes shared by the two routing models (source controller and Istio), plus the
 * normalizer that decides whether two outcomes are the same.
 */

/** Code-unit order: deterministic, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type Scheme = 'http' | 'https';

export interface Request {
  scheme: Scheme;
  /** Host header as sent (may carry `:port`; matching ignores case and port). */
  host: string;
  /** Request target: path plus optional `?query`. */
  path: string;
  method: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** Why the probe exists, or where the line came from (`access.log:12`). */
  origin?: string;
}

export interface WeightedTarget {
  service: string;
  namespace: string;
  /** Port number, or an unresolved port name; undefined when the model cannot know it. */
  port?: number | string;
  /** Share of the requests (0..1) that reach this target. */
  share: number;
}

export type Outcome =
  | { type: 'backend'; targets: WeightedTarget[]; upstreamPath: string }
  | { type: 'redirect'; code: number; location: string }
  | { type: 'response'; status: number }
  /** No route: ingress-nginx's default backend (404) or Envoy's 404 NR. */
  | { type: 'no-route' }
  /** The connection is not served at all (no TLS server for the SNI name). */
  | { type: 'refused'; reason: string }
  /** The model cannot tell (e.g. a PCRE construct JavaScript cannot evaluate). */
  | { type: 'unknown'; reason: string };

export function makeRequest(partial: Partial<Request> & { host: string; path: string }): Request {
  return {
    scheme: partial.scheme ?? 'http',
    host: partial.host,
    path: partial.path,
    method: partial.method ?? 'GET',
    headers: lowerKeys(partial.headers ?? {}),
    cookies: { ...(partial.cookies ?? {}) },
    ...(partial.origin ? { origin: partial.origin } : {}),
  };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Host without port, lower-case (both nginx and Envoy match hosts case-insensitively). */
export function hostName(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h; // IPv6 literal: leave as is
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export function splitTarget(target: string): { path: string; query: string | undefined } {
  const q = target.indexOf('?');
  if (q < 0) return { path: target, query: undefined };
  return { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Remove `.` and `..` segments (RFC 3986 5.2.4). */
export function removeDotSegments(path: string): string {
  if (!path.includes('.')) return path;
  const out: string[] = [];
  const segs = path.split('/');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s === '.') {
      if (i === segs.length - 1) out.push('');
      continue;
    }
    if (s === '..') {
      if (out.length > 1) out.pop();
      if (i === segs.length - 1) out.push('');
      continue;
    }
    out.push(s);
  }
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/** The Cookie header the request carries (explicit header wins). */
export function cookieHeader(req: Request): string | undefined {
  if (req.headers.cookie !== undefined) return req.headers.cookie;
  const parts = Object.keys(req.cookies)
    .sort()
    .map((k) => `${k}=${req.cookies[k]}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** Parse a Cookie header into name → value (first occurrence wins, like nginx's $cookie_). */
export function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const k = part.slice(0, eq).trim();
    if (!(k in out)) out[k] = part.slice(eq + 1).trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Normalization and comparison

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** Canonical form of a redirect location: lower-case scheme and host, default port dropped, empty path = `/`. */
export function normalizeLocation(loc: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(loc);
  if (!m) return loc;
  const scheme = m[1]!.toLowerCase();
  let authority = m[2]!.toLowerCase();
  const colon = authority.lastIndexOf(':');
  if (colon > 0 && authority.slice(colon + 1) === DEFAULT_PORTS[scheme]) authority = authority.slice(0, colon);
  const path = m[3] || '/';
  const query = m[4] && m[4] !== '?' ? m[4] : '';
  return `${scheme}://${authority}${path}${query}`;
}

function samePort(a: number | string | undefined, b: number | string | undefined): boolean {
  // undefined = the model could not know the port (Service not in the input): not a difference.
  if (a === undefined || b === undefined) return true;
  return String(a) === String(b);
}

function targetKey(t: WeightedTarget): string {
  return `${t.namespace}/${t.service}`;
}

/** Merge targets for the same service, drop zero shares, sort. */
export function normalizeTargets(targets: WeightedTarget[]): WeightedTarget[] {
  const byKey = new Map<string, WeightedTarget>();
  const total = targets.reduce((s, t) => s + t.share, 0);
  for (const t of targets) {
    if (t.share <= 0) continue;
    const k = `${targetKey(t)}:${t.port ?? ''}`;
    const prev = byKey.get(k);
    const share = total > 0 ? t.share / total : 0;
    if (prev) prev.share += share;
    else byKey.set(k, { ...t, share });
  }
  return [...byKey.values()].sort((a, b) => compareStrings((targetKey(a) + ':' + String(a.port ?? '')), targetKey(b) + ':' + String(b.port ?? '')));
}

const NOT_FOUND = (o: Outcome): boolean => o.type === 'no-route' || (o.type === 'response' && o.status === 404);

/** True when the two outcomes are observably the same for the client and the backend. */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (NOT_FOUND(a) && NOT_FOUND(b)) return true;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'backend': {
      const bb = b as Extract<Outcome, { type: 'backend' }>;
      if (a.upstreamPath !== bb.upstreamPath) return false;
      const ta = normalizeTargets(a.targets);
      const tb = normalizeTargets(bb.targets);
      if (ta.length !== tb.length) return false;
      return ta.every((t, i) => {
        const u = tb[i]!;
        return targetKey(t) === targetKey(u) && samePort(t.port, u.port) && Math.abs(t.share - u.share) < 1e-9;
      });
    }
    case 'redirect': {
      const bb = b as Extract<Outcome, { type: 'redirect' }>;
      return a.code === bb.code && normalizeLocation(a.location) === normalizeLocation(bb.location);
    }
    case 'response':
      return a.status === (b as Extract<Outcome, { type: 'response' }>).status;
    case 'refused':
    case 'no-route':
      return true;
    case 'unknown':
      return false;
  }
}

export function describeOutcome(o: Outcome): string {
  switch (o.type) {
    case 'backend': {
      const ts = normalizeTargets(o.targets);
      const list = ts
        .map((t) => {
          const port = t.port === undefined ? '' : `:${t.port}`;
          const share = ts.length > 1 ? ` (${formatShare(t.share)})` : '';
          return `${t.namespace}/${t.service}${port}${share}`;
        })
        .join(' + ');
      return `backend ${list} path ${o.upstreamPath}`;
    }
    case 'redirect':
      return `redirect ${o.code} ${o.location}`;
    case 'response':
      return `response ${o.status}`;
    case 'no-route':
      return 'no route (404)';
    case 'refused':
      return `refused (${o.reason})`;
    case 'unknown':
      return `unknown (${o.reason})`;
  }
}

function formatShare(s: number): string {
  const pct = Math.round(s * 10000) / 100;
  return `${pct}%`;
}

export function describeRequest(r: Request): string {
  const extras: string[] = [];
  for (const k of Object.keys(r.headers).sort()) extras.push(`${k}: ${r.headers[k]}`);
  for (const k of Object.keys(r.cookies).sort()) extras.push(`cookie ${k}=${r.cookies[k]}`);
  return `${r.method} ${r.scheme}://${r.host}${r.path}${extras.length ? ` [${extras.join('; ')}]` : ''}`;
}

/** Stable identity of a request (deduplication and sorting). */
export function requestKey(r: Request): string {
  return describeRequest(r);
}
