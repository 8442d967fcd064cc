/**
 * Istio model: routes a request the way an Istio ingress gateway (Envoy) would, reading the
 * emitted Istio objects only. It deliberately shares no code with the converter, so a
 * translation bug shows up as a difference instead of being reproduced.
 *
 * Covered: Gateway servers (port, `ns/host`, tls.httpsRedirect, SNI selection), VirtualService
 * binding (`gateways`, `mesh` default, exportTo, server host namespaces), Envoy virtual-host
 * selection (exact > longest suffix wildcard > prefix wildcard > `*`), first-match `http[]` with
 * OR-ed match blocks and AND-ed fields, redirect, directResponse, rewrite (`uri` = prefix_rewrite,
 * `uriRegexRewrite` = regex_rewrite), weighted destinations, and `tls` routes for PASSTHROUGH.
 */
import { RE2JS } from 're2js';
import type {
  Gateway,
  HTTPMatchRequest,
  HTTPRoute,
  IstioResource,
  Server,
  StringMatch,
  VirtualService,
} from '../istio/types.js';
import type { Service } from '../model/ingress.js';
import type { Outcome, Request, WeightedTarget } from './request.js';
import { cookieHeader, hostName, removeDotSegments, splitTarget, compareStrings } from './request.js';

export interface IstioModelOptions {
  clusterDomain?: string;
  httpPort?: number;
  httpsPort?: number;
}

interface ServerRef {
  gateway: Gateway;
  server: Server;
  hosts: Array<{ namespace: string; host: string }>;
}

interface RouteEntry {
  vs: VirtualService;
  route: HTTPRoute;
  /** One Envoy route per match block; undefined = match everything. */
  match?: HTTPMatchRequest;
  gateway: string;
}

interface VirtualHost {
  domain: string;
  requireTls: boolean;
  routes: RouteEntry[];
}

export interface IstioResult {
  outcome: Outcome;
  /** `Kind/namespace/name` of the objects that decided the outcome. */
  objects: string[];
}

const re2Cache = new Map<string, RE2JS | Error>();
function re2(pattern: string): RE2JS | Error {
  let c = re2Cache.get(pattern);
  if (!c) {
    try {
      c = RE2JS.compile(pattern);
    } catch (err) {
      c = err instanceof Error ? err : new Error(String(err));
    }
    re2Cache.set(pattern, c);
  }
  return c;
}

/** RE2 full match (Envoy safe_regex). */
function fullMatch(pattern: string, value: string): boolean | Error {
  const r = re2(pattern);
  if (r instanceof Error) return r;
  return r.matcher(value).matches();
}

function objectId(o: IstioResource): string {
  return `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
}

export class IstioModel {
  private readonly gateways: Gateway[];
  private readonly virtualServices: VirtualService[];
  private readonly clusterDomain: string;
  private readonly httpPort: number;
  private readonly httpsPort: number;
  /** Problems found while reading the objects (bad regexes...). */
  readonly problems: string[] = [];

  constructor(
    resources: IstioResource[],
    private readonly services: Service[] = [],
    opts: IstioModelOptions = {},
  ) {
    this.gateways = resources.filter((r): r is Gateway => r.kind === 'Gateway');
    // Istio orders VirtualServices by creation time, then name, then namespace.
    this.virtualServices = resources
      .filter((r): r is VirtualService => r.kind === 'VirtualService')
      .sort((a, b) => {
        const ta = (a.metadata as { creationTimestamp?: string }).creationTimestamp ?? '';
        const tb = (b.metadata as { creationTimestamp?: string }).creationTimestamp ?? '';
        return compareStrings(ta, tb) || compareStrings(a.metadata.name, b.metadata.name) || compareStrings(a.metadata.namespace, b.metadata.namespace);
      });
    this.clusterDomain = opts.clusterDomain ?? 'cluster.local';
    this.httpPort = opts.httpPort ?? 80;
    this.httpsPort = opts.httpsPort ?? 443;
  }

  private servers(port: number, protocols: string[]): ServerRef[] {
    const out: ServerRef[] = [];
    for (const gw of this.gateways)
      for (const server of gw.spec.servers ?? []) {
        if (server.port?.number !== port) continue;
        if (!protocols.includes((server.port.protocol ?? '').toUpperCase())) continue;
        const hosts = (server.hosts ?? []).map((h) => {
          const slash = h.indexOf('/');
          if (slash < 0) return { namespace: '*', host: h.toLowerCase() };
          let ns = h.slice(0, slash);
          if (ns === '.') ns = gw.metadata.namespace;
          return { namespace: ns, host: h.slice(slash + 1).toLowerCase() };
        });
        out.push({ gateway: gw, server, hosts });
      }
    return out;
  }

  /** VirtualServices bound to a gateway, as `ns/name` references resolve. */
  private boundTo(gw: Gateway): VirtualService[] {
    const gwKey = `${gw.metadata.namespace}/${gw.metadata.name}`;
    return this.virtualServices.filter((vs) => {
      const refs = vs.spec.gateways ?? [];
      const bound = refs.some((ref) => {
        if (ref === 'mesh') return false;
        const full = ref.includes('/') ? ref : `${vs.metadata.namespace}/${ref}`;
        return full === gwKey;
      });
      if (!bound) return false;
      const exportTo = vs.spec.exportTo;
      if (!exportTo || exportTo.length === 0) return true;
      return exportTo.some((e) => e === '*' || (e === '.' ? vs.metadata.namespace === gw.metadata.namespace : e === gw.metadata.namespace));
    });
  }

  /** Virtual hosts of one route configuration (all given servers share it). */
  private virtualHosts(servers: ServerRef[], port: number): VirtualHost[] {
    const byDomain = new Map<string, { requireTls: boolean; parts: Array<{ vs: VirtualService; gateway: string }> }>();
    const ensure = (d: string) => {
      let e = byDomain.get(d);
      if (!e) {
        e = { requireTls: false, parts: [] };
        byDomain.set(d, e);
      }
      return e;
    };
    for (const ref of servers) {
      const gwKey = `${ref.gateway.metadata.namespace}/${ref.gateway.metadata.name}`;
      const redirect = ref.server.tls?.httpsRedirect === true;
      const bound = this.boundTo(ref.gateway);
      for (const sh of ref.hosts) {
        if (redirect) ensure(sh.host).requireTls = true;
        for (const vs of bound) {
          if (sh.namespace !== '*' && sh.namespace !== vs.metadata.namespace) continue;
          for (const raw of vs.spec.hosts ?? []) {
            const vh = raw.toLowerCase();
            const domain = hostWithin(vh, sh.host) ? vh : hostWithin(sh.host, vh) ? sh.host : undefined;
            if (!domain) continue;
            const e = ensure(domain);
            if (redirect) e.requireTls = true;
            if (!e.parts.some((p) => p.vs === vs)) e.parts.push({ vs, gateway: gwKey });
          }
        }
      }
    }
    const out: VirtualHost[] = [];
    for (const [domain, e] of [...byDomain.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      let routes: RouteEntry[] = [];
      for (const part of e.parts) routes.push(...expandRoutes(part.vs, part.gateway, port));
      // SortVHostRoutes: catch-all routes move to the end (matters when VirtualServices merge).
      routes = [...routes.filter((r) => !isCatchAll(r)), ...routes.filter((r) => isCatchAll(r))];
      out.push({ domain, requireTls: e.requireTls, routes });
    }
    return out;
  }

  evaluate(req: Request): IstioResult {
    const host = hostName(req.host);
    if (req.scheme === 'http') {
      const servers = this.servers(this.httpPort, ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
      if (servers.length === 0) return { outcome: { type: 'refused', reason: `no Gateway server on port ${this.httpPort}` }, objects: [] };
      return this.route(req, this.virtualHosts(servers, this.httpPort), this.httpPort);
    }
    const servers = this.servers(this.httpsPort, ['HTTPS', 'TLS']);
    const server = pickBySni(servers, host);
    if (!server) return { outcome: { type: 'refused', reason: `no Gateway server on port ${this.httpsPort} for SNI ${host}` }, objects: [] };
    const gwId = objectId(server.gateway);
    if (server.server.tls?.mode === 'PASSTHROUGH' || (server.server.port.protocol ?? '').toUpperCase() === 'TLS') {
      return this.passthrough(req, server, host);
    }
    const result = this.route(req, this.virtualHosts([server], this.httpsPort), this.httpsPort);
    return { ...result, objects: [gwId, ...result.objects] };
  }

  private passthrough(req: Request, ref: ServerRef, sni: string): IstioResult {
    for (const vs of this.boundTo(ref.gateway)) {
      for (const tlsRoute of vs.spec.tls ?? []) {
        const ok = tlsRoute.match.some((m) => (m.port === undefined || m.port === this.httpsPort) && m.sniHosts.some((h) => hostWithin(sni, h.toLowerCase())));
        if (!ok || !tlsRoute.route?.length) continue;
        const targets = this.targets(vs, tlsRoute.route);
        return { outcome: { type: 'backend', targets, upstreamPath: req.path }, objects: [objectId(vs)] };
      }
    }
    return { outcome: { type: 'refused', reason: 'no tls route for SNI' }, objects: [objectId(ref.gateway)] };
  }

  private route(req: Request, vhosts: VirtualHost[], port: number): IstioResult {
    const host = hostName(req.host);
    const vh = pickVirtualHost(vhosts, host);
    if (!vh) return { outcome: { type: 'no-route' }, objects: [] };
    if (vh.requireTls && req.scheme === 'http') {
      return { outcome: { type: 'redirect', code: 301, location: `https://${host}${req.path}` }, objects: [] };
    }
    const { path: rawPath, query } = splitTarget(req.path);
    const path = removeDotSegments(rawPath);
    for (const entry of vh.routes) {
      const m = entry.match ? this.matches(entry.match, req, path, query, port, entry.gateway) : true;
      if (m instanceof Error) return { outcome: { type: 'unknown', reason: `bad regex in ${objectId(entry.vs)}: ${m.message}` }, objects: [objectId(entry.vs)] };
      if (!m) continue;
      return { outcome: this.action(entry, req, path, query), objects: [objectId(entry.vs)] };
    }
    return { outcome: { type: 'no-route' }, objects: [] };
  }

  private matches(m: HTTPMatchRequest, req: Request, path: string, query: string | undefined, port: number, gateway: string): boolean | Error {
    if (m.gateways && m.gateways.length > 0 && !m.gateways.includes(gateway)) return false;
    if (m.port !== undefined && m.port !== port) return false;
    if (m.uri) {
      const r = stringMatch(m.uri, path, m.ignoreUriCase === true);
      if (r !== true) return r;
    }
    if (m.scheme) {
      const r = stringMatch(m.scheme, req.scheme, false);
      if (r !== true) return r;
    }
    if (m.method) {
      const r = stringMatch(m.method, req.method, false);
      if (r !== true) return r;
    }
    if (m.authority) {
      const r = stringMatch(m.authority, req.host, false);
      if (r !== true) return r;
    }
    const header = (name: string): string | undefined => {
      const k = name.toLowerCase();
      if (k === 'cookie') return cookieHeader(req);
      if (k === ':authority' || k === 'host') return req.host;
      if (k === ':path') return req.path;
      if (k === ':method') return req.method;
      if (k === ':scheme') return req.scheme;
      return req.headers[k];
    };
    for (const [name, sm] of Object.entries(m.headers ?? {})) {
      const v = header(name);
      if (v === undefined) return false;
      const r = stringMatch(sm ?? {}, v, false);
      if (r !== true) return r;
    }
    for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
      const v = header(name);
      if (v === undefined) continue;
      const r = stringMatch(sm ?? {}, v, false);
      if (r instanceof Error) return r;
      if (r) return false;
    }
    if (m.queryParams) {
      const params = new Map<string, string>();
      for (const part of (query ?? '').split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        const k = eq < 0 ? part : part.slice(0, eq);
        if (!params.has(k)) params.set(k, eq < 0 ? '' : part.slice(eq + 1));
      }
      for (const [name, sm] of Object.entries(m.queryParams)) {
        const v = params.get(name);
        if (v === undefined) return false;
        const r = stringMatch(sm ?? {}, v, false);
        if (r !== true) return r;
      }
    }
    return true;
  }

  private action(entry: RouteEntry, req: Request, path: string, query: string | undefined): Outcome {
    const r = entry.route;
    if (r.redirect) {
      const rd = r.redirect;
      const scheme = rd.scheme ?? req.scheme;
      let authority = rd.authority ?? hostName(req.host);
      if (rd.port !== undefined) authority = `${authority.replace(/:\d+$/, '')}:${rd.port}`;
      let target: string;
      if (rd.uri !== undefined) target = rd.uri.includes('?') ? rd.uri : `${rd.uri}${query !== undefined ? `?${query}` : ''}`;
      else target = `${path}${query !== undefined ? `?${query}` : ''}`;
      return { type: 'redirect', code: rd.redirectCode ?? 301, location: `${scheme}://${authority}${target}` };
    }
    if (r.directResponse) return { type: 'response', status: r.directResponse.status };
    if (!r.route || r.route.length === 0) return { type: 'unknown', reason: `route of ${objectId(entry.vs)} has no action` };
    let upstreamPath = `${path}${query !== undefined ? `?${query}` : ''}`;
    const rw = r.rewrite;
    if (rw?.uriRegexRewrite?.match !== undefined) {
      const re = re2(rw.uriRegexRewrite.match);
      if (re instanceof Error) return { type: 'unknown', reason: `bad uriRegexRewrite: ${re.message}` };
      const replaced = re.matcher(path).replaceAll(envoySubstitution(rw.uriRegexRewrite.rewrite ?? ''));
      upstreamPath = `${replaced}${query !== undefined ? `?${query}` : ''}`;
    } else if (rw?.uri !== undefined) {
      // Envoy prefix_rewrite: replaces the matched prefix (or the whole path for exact/regex matches).
      const u = entry.match?.uri;
      // Istio renders a match without uri as `prefix: /`.
      let matchedLen = path.length;
      if (u?.prefix !== undefined) matchedLen = u.prefix.length;
      else if (!u) matchedLen = path.startsWith('/') ? 1 : 0;
      upstreamPath = `${rw.uri}${path.slice(matchedLen)}${query !== undefined ? `?${query}` : ''}`;
    }
    return { type: 'backend', targets: this.targets(entry.vs, r.route), upstreamPath };
  }

  private targets(vs: VirtualService, dests: Array<{ destination: { host: string; port?: { number?: number } }; weight?: number }>): WeightedTarget[] {
    const weights = dests.length === 1 ? [1] : dests.map((d) => d.weight ?? 0);
    const sum = weights.reduce((a, b) => a + b, 0);
    return dests.map((d, i) => {
      const { service, namespace } = this.serviceOf(d.destination.host, vs.metadata.namespace);
      let port: number | string | undefined = d.destination.port?.number;
      if (port === undefined) {
        const svc = this.services.find((s) => s.name === service && s.namespace === namespace);
        if (svc && svc.ports.length === 1) port = svc.ports[0]!.port;
      }
      return { service, namespace, ...(port !== undefined ? { port } : {}), share: sum > 0 ? weights[i]! / sum : 1 / dests.length };
    });
  }

  private serviceOf(host: string, vsNamespace: string): { service: string; namespace: string } {
    const h = host.toLowerCase();
    const suffix = `.svc.${this.clusterDomain}`;
    if (h.endsWith(suffix)) {
      const parts = h.slice(0, -suffix.length).split('.');
      if (parts.length === 2) return { service: parts[0]!, namespace: parts[1]! };
    }
    const parts = h.split('.');
    if (parts.length === 1) return { service: h, namespace: vsNamespace };
    if (parts.length === 2) return { service: parts[0]!, namespace: parts[1]! };
    if (parts.length === 3 && parts[2] === 'svc') return { service: parts[0]!, namespace: parts[1]! };
    return { service: h, namespace: '' };
  }
}

/** BuildHTTPRoutesForVirtualService: one route per match block; nothing after the first catch-all. */
function expandRoutes(vs: VirtualService, gateway: string, port: number): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const route of vs.spec.http ?? []) {
    if (!route.match || route.match.length === 0) {
      out.push({ vs, route, gateway });
      return out;
    }
    for (const match of route.match) {
      // translateRoute drops match blocks for other gateways or listener ports.
      if (match.gateways && match.gateways.length > 0 && !match.gateways.includes(gateway)) continue;
      if (match.port !== undefined && match.port !== port) continue;
      const entry = { vs, route, match, gateway };
      out.push(entry);
      if (isCatchAll(entry)) return out;
    }
  }
  return out;
}

/** Istio isCatchAllRoute: path `prefix: /` (or regex `*`) and no header or query conditions. */
function isCatchAll(r: RouteEntry): boolean {
  const m = r.match;
  if (!m) return true;
  const uri = m.uri;
  const pathAll = !uri || uri.prefix === '/' || uri.regex === '*';
  const headerLike = m.headers || m.withoutHeaders || m.queryParams || m.method || m.scheme || m.authority;
  const nonEmpty = (x: unknown) => x !== undefined && (typeof x !== 'object' || Object.keys(x as object).length > 0);
  return pathAll && !(headerLike && [m.headers, m.withoutHeaders, m.queryParams, m.method, m.scheme, m.authority].some(nonEmpty));
}

function stringMatch(sm: StringMatch, value: string, ignoreCase: boolean): boolean | Error {
  if (sm.exact !== undefined) return ignoreCase ? value.toLowerCase() === sm.exact.toLowerCase() : value === sm.exact;
  if (sm.prefix !== undefined) return ignoreCase ? value.toLowerCase().startsWith(sm.prefix.toLowerCase()) : value.startsWith(sm.prefix);
  if (sm.regex !== undefined) return fullMatch(sm.regex, value);
  return true; // empty StringMatch: presence
}

/** Envoy regex_rewrite substitution (`\1`) → re2js replacement syntax (`$1`). */
function envoySubstitution(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (/\d/.test(n)) out += `$${n}`;
      else out += n === '$' ? '\\$' : n === '\\' ? '\\\\' : n;
      i++;
    } else if (c === '$') out += '\\$';
    else out += c;
  }
  return out;
}

/** True when `host` (possibly a wildcard) lies within `pattern` (Istio host semantics). */
function hostWithin(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (host === pattern) return true;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (host.startsWith('*')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return false;
}

/** Envoy domain selection: exact, then longest suffix wildcard, then longest prefix wildcard, then `*`. */
function pickVirtualHost(vhosts: VirtualHost[], host: string): VirtualHost | undefined {
  const exact = vhosts.find((v) => v.domain === host);
  if (exact) return exact;
  let best: VirtualHost | undefined;
  for (const v of vhosts) {
    if (v.domain === '*' || !v.domain.startsWith('*')) continue;
    const suffix = v.domain.slice(1);
    if (host.endsWith(suffix) && host.length > suffix.length && (!best || v.domain.length > best.domain.length)) best = v;
  }
  if (best) return best;
  for (const v of vhosts) {
    if (!v.domain.endsWith('*') || v.domain === '*') continue;
    const prefix = v.domain.slice(0, -1);
    if (host.startsWith(prefix) && host.length > prefix.length && (!best || v.domain.length > best.domain.length)) best = v;
  }
  if (best) return best;
  return vhosts.find((v) => v.domain === '*');
}

/** Filter chain selection by SNI: exact server name, then wildcard suffixes (longest first), then `*`. */
function pickBySni(servers: ServerRef[], sni: string): ServerRef | undefined {
  for (const s of servers) if (s.hosts.some((h) => h.host === sni)) return s;
  let best: { s: ServerRef; len: number } | undefined;
  for (const s of servers)
    for (const h of s.hosts) {
      if (h.host === '*' || !h.host.startsWith('*')) continue;
      const suffix = h.host.slice(1);
      if (sni.endsWith(suffix) && sni.length > suffix.length && (!best || suffix.length > best.len)) best = { s, len: suffix.length };
    }
  if (best) return best.s;
  return servers.find((s) => s.hosts.some((h) => h.host === '*'));
}
