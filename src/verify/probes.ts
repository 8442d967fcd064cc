/**
 * Requests to check: probes generated from the Ingresses, and requests read from a file
 * (`METHOD host path`, URLs, or nginx access-log lines).
 */
import type { Ingress } from '../model/ingress.js';
import { annotationValue } from '../model/ingress.js';
import type { Request, Scheme } from './request.js';
import { makeRequest, parseCookies, requestKey, compareStrings } from './request.js';

const PREFIX = 'nginx.ingress.kubernetes.io/';
export const UNKNOWN_HOST = 'unknown-host.invalid';
const ACME = '/.well-known/acme-challenge/probe-token';

export interface ProbeContext {
  /** True when the source controller serves HTTPS with a certificate for the host. */
  hasTls(host: string): boolean;
}

const REGEX_META = /[\\^$.|?*+()[\]{}]/;

/** A concrete host for an Ingress host (wildcards get one- and two-label names: the latter shows Envoy's widening). */
function concreteHosts(host: string): string[] {
  if (!host.startsWith('*.')) return [host];
  const rest = host.slice(2);
  return [`probe.${rest}`, `a.probe.${rest}`, rest];
}

/** Best-effort sample path matched by an nginx regex path; undefined when no simple sample exists. */
export function sampleFromRegex(p: string): string | undefined {
  let s = p.replace(/^\^/, '').replace(/\$$/, '');
  s = s.replace(/\(\/\|\$\)/g, '/').replace(/\(\$\|\/\)/g, '/');
  s = s.replace(/\(\.\*\)|\.\*/g, 'x').replace(/\(\.\+\)|\.\+/g, 'x');
  s = s.replace(/\(\[\^\/\]\+\)|\[\^\/\]\+/g, 'x').replace(/\[\^\/\]\*/g, 'x');
  s = s.replace(/\\d\+|\[0-9\]\+|\(\\d\+\)|\(\[0-9\]\+\)/g, '1');
  s = s.replace(/\\([./-])/g, '$1');
  s = s.replace(/\(([^()|]*)\)/g, '$1');
  if (REGEX_META.test(s.replace(/\./g, ''))) return undefined;
  return s.startsWith('/') ? s : undefined;
}

function literalPrefix(p: string): string {
  const m = REGEX_META.exec(p);
  return m ? p.slice(0, m.index) : p;
}

function parent(p: string): string {
  const trimmed = p.endsWith('/') ? p.slice(0, -1) : p;
  const i = trimmed.lastIndexOf('/');
  return i <= 0 ? '/' : trimmed.slice(0, i);
}

/** Path variants that sit on the boundaries of an Ingress path. */
export function pathVariants(p: string): string[] {
  const base = REGEX_META.test(p) ? [sampleFromRegex(p), literalPrefix(p)].filter((x): x is string => Boolean(x)) : [p];
  const out = new Set<string>();
  for (const b of base) {
    out.add(b);
    if (b === '/') {
      out.add('/?q=1'); // app-root drops the query in nginx, Envoy keeps it
      continue;
    }
    if (b.endsWith('/')) {
      out.add(b.slice(0, -1));
      out.add(`${b}x`);
    } else {
      out.add(`${b}/`);
      out.add(`${b}/x`);
      out.add(`${b}x`);
    }
    out.add(parent(b));
    if (b.toUpperCase() !== b) out.add(b.toUpperCase());
    out.add(`${b}?q=1`);
  }
  return [...out].filter((x) => x.startsWith('/'));
}

interface HostPaths {
  paths: Set<string>;
  canaries: Ingress[];
}

/** Probes for a set of Ingresses served by one controller. */
export function generateProbes(ingresses: Ingress[], ctx: ProbeContext): Request[] {
  const byHost = new Map<string, HostPaths>();
  const entry = (h: string) => {
    let e = byHost.get(h);
    if (!e) {
      e = { paths: new Set(['/']), canaries: [] };
      byHost.set(h, e);
    }
    return e;
  };
  entry(UNKNOWN_HOST);
  for (const ing of ingresses) {
    const canary = annotationValue(ing, `${PREFIX}canary`) === 'true';
    const appRoot = annotationValue(ing, `${PREFIX}app-root`);
    for (const rule of ing.rules) {
      for (const h of rule.host ? concreteHosts(rule.host.toLowerCase()) : [UNKNOWN_HOST]) {
        const e = entry(h);
        for (const p of rule.paths) e.paths.add(p.path || '/');
        if (appRoot) e.paths.add(appRoot);
        if (canary) e.canaries.push(ing);
      }
    }
    if (ing.defaultBackend && canary) entry(UNKNOWN_HOST).canaries.push(ing);
  }

  const out = new Map<string, Request>();
  const add = (r: Request) => {
    const k = requestKey(r);
    if (!out.has(k)) out.set(k, r);
  };
  for (const [host, e] of byHost) {
    const tls = host !== UNKNOWN_HOST && ctx.hasTls(host);
    const schemes: Scheme[] = tls ? ['http', 'https'] : ['http'];
    const paths = new Set<string>();
    for (const p of e.paths) for (const v of pathVariants(p)) paths.add(v);
    for (const scheme of schemes) {
      for (const path of paths) add(makeRequest({ scheme, host, path, origin: 'probe' }));
      add(makeRequest({ scheme, host: host.toUpperCase(), path: '/', origin: 'probe: upper-case host' }));
    }
    if (tls) add(makeRequest({ scheme: 'http', host, path: ACME, origin: 'probe: ACME challenge' }));
    for (const ing of e.canaries) {
      const a = (k: string) => annotationValue(ing, PREFIX + k);
      const header = a('canary-by-header');
      const cookie = a('canary-by-cookie');
      const variants: Array<Partial<Request>> = [];
      if (header) {
        for (const v of ['always', 'never', a('canary-by-header-value'), a('canary-by-header-pattern'), 'other'])
          if (v) variants.push({ headers: { [header.toLowerCase()]: v } });
      }
      if (cookie) for (const v of ['always', 'never', 'other']) variants.push({ cookies: { [cookie]: v } });
      if (header && cookie) variants.push({ headers: { [header.toLowerCase()]: 'never' }, cookies: { [cookie]: 'always' } });
      const canaryPaths = new Set<string>(['/']);
      for (const rule of ing.rules) for (const p of rule.paths) for (const v of pathVariants(p.path || '/').slice(0, 3)) canaryPaths.add(v);
      for (const scheme of schemes)
        for (const path of canaryPaths)
          for (const v of variants) add(makeRequest({ scheme, host, path, headers: v.headers ?? {}, cookies: v.cookies ?? {}, origin: `probe: canary ${ing.namespace}/${ing.name}` }));
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(requestKey(a), requestKey(b)));
}

// ---------------------------------------------------------------------------------------------
// --requests FILE

export interface RequestFileOptions {
  /** Host for lines that carry none (nginx access logs). */
  host?: string;
  /** Scheme for lines that carry none. */
  scheme?: Scheme;
}

export interface ParsedRequests {
  requests: Request[];
  errors: Array<{ line: number; message: string }>;
}

// `$remote_addr - $remote_user [$time_local] "$request" $status ...` — nginx "combined" and
// ingress-nginx's default log-format-upstream (which adds `[$proxy_upstream_name]` later on).
const ACCESS_LOG = /^\S+ \S+ \S+ \[[^\]]*\] "([A-Z]+) (\S+)(?: [^"]*)?" (\d{3}) /;
const UPSTREAM_NAME = /" \d+ [\d.]+ \[([^\]]*)\] \[[^\]]*\]/;
const URL_RE = /^(https?):\/\/([^/?#\s]+)([^\s#]*)$/i;

function fromUrl(url: string): { scheme: Scheme; host: string; path: string } | undefined {
  const m = URL_RE.exec(url);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase() as Scheme, host: m[2]!, path: m[3] || '/' };
}

function headerTokens(tokens: string[]): { headers: Record<string, string>; cookies: Record<string, string> } | string {
  const headers: Record<string, string> = {};
  let cookies: Record<string, string> = {};
  for (const t of tokens) {
    const c = t.indexOf(':');
    if (c <= 0) return `expected Header:value, got "${t}"`;
    const name = t.slice(0, c).toLowerCase();
    const value = t.slice(c + 1);
    if (name === 'cookie') cookies = { ...cookies, ...parseCookies(value) };
    else headers[name] = value;
  }
  return { headers, cookies };
}

/**
 * One request per line:
 * - `METHOD host path [Header:value ...]` (host may be `https://host`)
 * - `METHOD URL [Header:value ...]` or a bare `URL`
 * - an nginx access-log line in the "combined" format or ingress-nginx's default
 *   `log-format-upstream`: neither logs the Host, so `opts.host` is used (and `opts.scheme`).
 * Empty lines and lines starting with `#` are skipped.
 */
export function parseRequestLines(text: string, file: string, opts: RequestFileOptions = {}): ParsedRequests {
  const requests: Request[] = [];
  const errors: ParsedRequests['errors'] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const origin = `${file}:${lineNo}`;
    const log = ACCESS_LOG.exec(line);
    if (log) {
      const method = log[1]!;
      const target = log[2]!;
      const url = fromUrl(target);
      const upstream = UPSTREAM_NAME.exec(line)?.[1];
      const note = upstream ? `${origin} (logged upstream ${upstream})` : origin;
      if (url) {
        requests.push(makeRequest({ ...url, method, origin: note }));
        return;
      }
      if (!opts.host) {
        errors.push({ line: lineNo, message: 'access-log lines do not record the Host header: pass --host' });
        return;
      }
      requests.push(makeRequest({ scheme: opts.scheme ?? 'http', host: opts.host, path: target, method, origin: note }));
      return;
    }
    const tokens = line.split(/\s+/);
    let method = 'GET';
    if (/^[A-Z]+$/.test(tokens[0]!)) method = tokens.shift()!;
    const first = tokens.shift();
    if (!first) {
      errors.push({ line: lineNo, message: 'missing host or URL' });
      return;
    }
    let scheme: Scheme = opts.scheme ?? 'http';
    let host: string;
    let path: string;
    const url = fromUrl(first);
    if (url && !(url.path === '/' && !/\/\/[^/]+\//.test(first) && tokens[0]?.startsWith('/'))) {
      ({ scheme, host, path } = url);
    } else {
      const m = /^(?:(https?):\/\/)?([^/\s]+)$/i.exec(first);
      const p = tokens.shift();
      if (!m || !p || !p.startsWith('/')) {
        errors.push({ line: lineNo, message: 'expected "METHOD host /path", "METHOD URL" or an nginx access-log line' });
        return;
      }
      if (m[1]) scheme = m[1].toLowerCase() as Scheme;
      host = m[2]!;
      path = p;
    }
    const extra = headerTokens(tokens);
    if (typeof extra === 'string') {
      errors.push({ line: lineNo, message: extra });
      return;
    }
    requests.push(makeRequest({ scheme, host, path, method, headers: extra.headers, cookies: extra.cookies, origin }));
  });
  return { requests, errors };
}
