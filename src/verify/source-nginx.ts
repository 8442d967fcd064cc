/**
 * Source-controller model: how ingress-nginx routes one request, computed from the normalized
 * Ingress model only (independent from the converter; annotation values are read here directly).
 * Follows kubernetes/ingress-nginx v1.15 `controller.go` (createUpstreams, createServers,
 * getBackendServers, mergeAlternativeBackends), `location.go` (Prefix → two locations),
 * `template.go` (buildLocation, enforceRegexModifier, buildProxyPass), `lua_ingress.lua` (HTTPS
 * redirect) and `balancer.lua` (canary decision). See shared/reference/nginx-semantics.md.
 */
import type { Ingress, Service, ServiceBackend } from '../model/ingress.js';
import { annotationValue, ingressId } from '../model/ingress.js';
import { compilePcre } from './pcre.js';
import type { Outcome, Request, WeightedTarget } from './request.js';
import { hostName, removeDotSegments, splitTarget, compareStrings } from './request.js';

const PREFIX = 'nginx.ingress.kubernetes.io/';
const DEFAULT_SERVER = '_';

/** Controller-wide settings (ConfigMap) the routing depends on. */
export interface NginxSettings {
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  httpRedirectCode: number;
  noTlsRedirectLocations: string[];
}

export function nginxSettings(cm: Record<string, string> = {}): NginxSettings {
  const code = Number.parseInt(cm['http-redirect-code'] ?? '', 10);
  return {
    sslRedirect: parseBool(cm['ssl-redirect']) ?? true,
    forceSslRedirect: parseBool(cm['force-ssl-redirect']) ?? false,
    preserveTrailingSlash: parseBool(cm['preserve-trailing-slash']) ?? false,
    httpRedirectCode: [301, 302, 307, 308].includes(code) ? code : 308,
    noTlsRedirectLocations: (cm['no-tls-redirect-locations'] ?? '/.well-known/acme-challenge')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** Go strconv.ParseBool; undefined for a missing or invalid value. */
function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v.trim())) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v.trim())) return false;
  return undefined;
}

function parseIntAnn(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}

interface LocationAnnotations {
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  useRegex: boolean;
  rewriteTarget?: string;
  appRoot?: string;
  redirect?: { url: string; code: number };
}

/** Annotations of a location created without an Ingress (the catch-all's default root). */
const ZERO_ANNOTATIONS: LocationAnnotations = {
  sslRedirect: false,
  forceSslRedirect: false,
  preserveTrailingSlash: false,
  useRegex: false,
};

interface Shaping {
  ingress: string;
  weight: number;
  weightTotal: number;
  header?: string;
  headerValue?: string;
  headerPattern?: string;
  cookie?: string;
}

interface Upstream {
  name: string;
  namespace: string;
  backend: ServiceBackend;
  noServer: boolean;
  shaping?: Shaping;
  alternatives: string[];
}

interface Location {
  path: string;
  pathType: 'Exact' | 'Prefix';
  /** Undefined: the controller's default backend (404). */
  upstream?: string;
  isDefBackend: boolean;
  ingress?: Ingress;
  ann: LocationAnnotations;
}

interface NginxServer {
  host: string;
  locations: Location[];
  regexMode: boolean;
  hasCert: boolean;
}

/** What the model says about one request, with what it used (for explaining differences). */
export interface SourceResult {
  outcome: Outcome;
  /** `namespace/name` of the Ingresses that decided the outcome. */
  ingresses: string[];
  /** Features involved: `path`, `regex-mode`, `rewrite`, `ssl-redirect`, `canary`, ... */
  features: string[];
}

export interface NginxModelInput {
  ingresses: Ingress[];
  services: Service[];
  configMap?: Record<string, string>;
}

/** Ingresses ingress-nginx serves (the caller decides ownership). */
export class NginxModel {
  readonly settings: NginxSettings;
  /** Regexes the model could not evaluate, with the Ingress that holds them. */
  readonly problems: Array<{ ingress: string; message: string }> = [];
  private readonly servers = new Map<string, NginxServer>();
  private readonly upstreams = new Map<string, Upstream>();
  private readonly services: Service[];

  constructor(input: NginxModelInput) {
    this.settings = nginxSettings(input.configMap);
    this.services = input.services;
    const ingresses = [...input.ingresses].sort(
      (a, b) => compareStrings((a.creationTimestamp ?? ''), b.creationTimestamp ?? '') || a.order - b.order,
    );
    this.build(ingresses);
    this.checkRegexes();
  }

  /** Hosts of the servers (`_` is the catch-all). */
  hosts(): string[] {
    return [...this.servers.keys()].sort();
  }

  hasCertificateFor(host: string): boolean {
    return this.certificateFor(hostName(host));
  }

  private annotations(ing: Ingress): LocationAnnotations {
    const a = (k: string) => annotationValue(ing, PREFIX + k);
    const rewriteTarget = a('rewrite-target');
    const appRoot = a('app-root');
    let redirect: LocationAnnotations['redirect'];
    const temporal = a('temporal-redirect');
    const permanent = a('permanent-redirect');
    if (temporal) {
      let code = parseIntAnn(a('temporal-redirect-code')) ?? 0;
      if (code < 300 || code > 307) code = 302;
      redirect = { url: temporal, code };
    } else if (permanent) {
      let code = parseIntAnn(a('permanent-redirect-code')) ?? 0;
      if (code < 300 || code > 308) code = 301;
      redirect = { url: permanent, code };
    }
    return {
      sslRedirect: parseBool(a('ssl-redirect')) ?? this.settings.sslRedirect,
      forceSslRedirect: parseBool(a('force-ssl-redirect')) ?? this.settings.forceSslRedirect,
      preserveTrailingSlash: parseBool(a('preserve-trailing-slash')) ?? this.settings.preserveTrailingSlash,
      useRegex: parseBool(a('use-regex')) ?? false,
      ...(rewriteTarget ? { rewriteTarget } : {}),
      ...(appRoot && appRoot.startsWith('/') ? { appRoot } : {}),
      ...(redirect ? { redirect } : {}),
    };
  }

  private canary(ing: Ingress): Shaping | undefined {
    const a = (k: string) => annotationValue(ing, PREFIX + k);
    if (parseBool(a('canary')) !== true) return undefined;
    return {
      ingress: ingressId(ing),
      weight: parseIntAnn(a('canary-weight')) ?? 0,
      weightTotal: parseIntAnn(a('canary-weight-total')) ?? 100,
      ...(a('canary-by-header') ? { header: a('canary-by-header')! } : {}),
      ...(a('canary-by-header-value') ? { headerValue: a('canary-by-header-value')! } : {}),
      ...(a('canary-by-header-pattern') ? { headerPattern: a('canary-by-header-pattern')! } : {}),
      ...(a('canary-by-cookie') ? { cookie: a('canary-by-cookie')! } : {}),
    };
  }

  private build(ingresses: Ingress[]): void {
    const upstreams = this.upstreams;
    const upstreamName = (ing: Ingress, b: ServiceBackend) =>
      `${ing.namespace}-${b.service}-${b.port.number ?? b.port.name ?? ''}`;
    const newUpstream = (ing: Ingress, b: ServiceBackend, name: string): Upstream => {
      const shaping = this.canary(ing);
      return { name, namespace: ing.namespace, backend: b, noServer: Boolean(shaping), ...(shaping ? { shaping } : {}), alternatives: [] };
    };

    // createUpstreams: a default backend always (re)creates its upstream; rule backends: first wins.
    for (const ing of ingresses) {
      if (ing.defaultBackend?.kind === 'service') {
        const name = upstreamName(ing, ing.defaultBackend);
        upstreams.set(name, newUpstream(ing, ing.defaultBackend, name));
      }
      for (const rule of ing.rules)
        for (const p of rule.paths) {
          if (p.backend.kind !== 'service') continue;
          const name = upstreamName(ing, p.backend);
          if (!upstreams.has(name)) upstreams.set(name, newUpstream(ing, p.backend, name));
        }
    }

    // createServers
    const servers = this.servers;
    servers.set(DEFAULT_SERVER, {
      host: DEFAULT_SERVER,
      hasCert: true, // the default (fake) certificate; only ever looked up by the name `_`
      regexMode: false,
      locations: [{ path: '/', pathType: 'Prefix', isDefBackend: true, ann: ZERO_ANNOTATIONS }],
    });
    const isCanary = (ing: Ingress) => Boolean(this.canary(ing));
    for (const ing of ingresses) {
      if (isCanary(ing)) continue;
      let un: string | undefined;
      if (ing.defaultBackend?.kind === 'service') {
        const name = upstreamName(ing, ing.defaultBackend);
        if (upstreams.has(name)) {
          un = name;
          const defLoc = servers.get(DEFAULT_SERVER)!.locations[0]!;
          if (defLoc.isDefBackend && ing.rules.length === 0) {
            defLoc.isDefBackend = false;
            defLoc.upstream = name;
            defLoc.ingress = ing;
            // Redirect and rewrite annotations are deliberately not applied to the catch-all.
          }
        }
      }
      for (const rule of ing.rules) {
        const host = rule.host ?? DEFAULT_SERVER;
        if (servers.has(host)) continue;
        servers.set(host, {
          host,
          hasCert: false,
          regexMode: false,
          locations: [{ path: '/', pathType: 'Prefix', isDefBackend: true, ...(un ? { upstream: un } : {}), ingress: ing, ann: this.annotations(ing) }],
        });
      }
    }
    // Certificates: the first Ingress with a rule for the host and any TLS section gives it one
    // (its own secret when the host is listed, the default certificate otherwise).
    for (const ing of ingresses) {
      if (isCanary(ing)) continue;
      for (const rule of ing.rules) {
        const server = servers.get(rule.host ?? DEFAULT_SERVER)!;
        if (server.hasCert || ing.tls.length === 0) continue;
        server.hasCert = true;
      }
    }

    // getBackendServers: locations per path.
    const canaries: Ingress[] = [];
    for (const ing of ingresses) {
      for (const rule of ing.rules) {
        const server = servers.get(rule.host ?? DEFAULT_SERVER) ?? servers.get(DEFAULT_SERVER)!;
        for (const p of rule.paths) {
          if (p.backend.kind !== 'service') continue;
          const ups = upstreams.get(upstreamName(ing, p.backend))!;
          if (ups.noServer) continue;
          const path = p.path || '/';
          const pathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
          let add = true;
          for (const loc of server.locations) {
            if (loc.path !== path) continue;
            if (loc.pathType !== pathType) break;
            add = false;
            if (!loc.isDefBackend) break;
            loc.upstream = ups.name;
            loc.isDefBackend = false;
            loc.ingress = ing;
            loc.ann = this.annotations(ing);
            break;
          }
          if (add) server.locations.push({ path, pathType, upstream: ups.name, isDefBackend: false, ingress: ing, ann: this.annotations(ing) });
        }
      }
      if (isCanary(ing)) canaries.push(ing);
    }
    if (canaries.length < ingresses.length) for (const ing of canaries) this.mergeAlternatives(ing, upstreamName);

    for (const server of servers.values()) {
      // getBackendServers sorts (stable: path descending, then length descending); getConfiguration
      // expands Prefix locations afterwards, so each `= /foo` copy follows its `/foo/`.
      server.locations.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
      server.locations.sort((a, b) => b.path.length - a.path.length);
      server.locations = expandPrefixLocations(server.locations);
      // The template decides on the expanded locations: a Prefix `/app` with rewrite-target `/app`
      // becomes `/app/`, which then "needs" the rewrite.
      server.regexMode = server.locations.some((l) => l.ann.useRegex || needsRewrite(l));
    }
  }

  private mergeAlternatives(ing: Ingress, upstreamName: (ing: Ingress, b: ServiceBackend) => string): void {
    const upstreams = this.upstreams;
    const canMerge = (pri: Upstream | undefined, alt: Upstream) => pri !== undefined && pri.name !== alt.name && !pri.noServer;
    const merge = (pri: Upstream, alt: Upstream): boolean => {
      if (pri.noServer) return false;
      if (!pri.alternatives.includes(alt.name)) pri.alternatives.push(alt.name);
      return true;
    };
    const tryMerge = (server: NginxServer | undefined, alt: Upstream, match: (l: Location) => boolean) => {
      let merged = false;
      let altEqualsPri = false;
      if (!server) return;
      for (const loc of server.locations) {
        if (loc.upstream === undefined) continue; // the default upstream is never a primary
        const pri = upstreams.get(loc.upstream);
        if (!pri) continue;
        altEqualsPri = alt.name === pri.name;
        if (altEqualsPri) break;
        if (canMerge(pri, alt) && match(loc)) merged = merge(pri, alt);
      }
      if (!altEqualsPri && !merged) upstreams.delete(alt.name);
    };
    if (ing.defaultBackend?.kind === 'service') {
      const alt = upstreams.get(upstreamName(ing, ing.defaultBackend));
      if (alt) tryMerge(this.servers.get(DEFAULT_SERVER), alt, () => true);
    }
    for (const rule of ing.rules) {
      const server = this.servers.get(rule.host ?? DEFAULT_SERVER);
      for (const p of rule.paths) {
        if (p.backend.kind !== 'service') continue;
        const alt = upstreams.get(upstreamName(ing, p.backend));
        if (!alt || !server) continue;
        const pathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        tryMerge(server, alt, (l) => l.path === (p.path || '/') && l.pathType === pathType);
      }
    }
  }

  private checkRegexes(): void {
    const seen = new Set<string>();
    for (const server of this.servers.values()) {
      if (!server.regexMode) continue;
      for (const loc of server.locations) {
        const r = compilePcre(loc.path, { prefix: '^', caseless: true });
        const id = loc.ingress ? ingressId(loc.ingress) : '';
        if (!r.ok && !seen.has(id + r.reason)) {
          seen.add(id + r.reason);
          this.problems.push({ ingress: id, message: `host ${server.host}: ${r.reason}` });
        }
      }
    }
  }

  private serverFor(host: string): { server: NginxServer; wildcard: boolean } {
    const exact = this.servers.get(host);
    if (exact && host !== DEFAULT_SERVER) return { server: exact, wildcard: false };
    // ingress-nginx renders `*.example.com` as `~^(?<subdomain>[\w-]+)\.example\.com$`: one label.
    const dot = host.indexOf('.');
    if (dot > 0 && /^[\w-]+$/.test(host.slice(0, dot))) {
      const wild = this.servers.get(`*${host.slice(dot)}`);
      if (wild) return { server: wild, wildcard: true };
    }
    return { server: this.servers.get(DEFAULT_SERVER)!, wildcard: false };
  }

  /** lua certificate lookup: exact server name, else its one-label wildcard. */
  private certificateFor(host: string): boolean {
    const exact = this.servers.get(host);
    if (exact) return exact.hasCert;
    const dot = host.indexOf('.');
    if (dot > 0) {
      const wild = this.servers.get(`*${host.slice(dot)}`);
      if (wild) return wild.hasCert;
    }
    return false;
  }

  evaluate(req: Request): SourceResult {
    const host = hostName(req.host);
    const { server, wildcard } = this.serverFor(host);
    const features = new Set<string>();
    const ingresses = new Set<string>();
    if (wildcard) features.add('wildcard-host');
    if (server.host === DEFAULT_SERVER) features.add('catch-all');
    if (server.regexMode) features.add('regex-mode');
    const done = (outcome: Outcome): SourceResult => ({ outcome, ingresses: [...ingresses].sort(), features: [...features].sort() });

    const { path: rawPath, query } = splitTarget(req.path);
    const uri = nginxUri(rawPath);
    const args = query === undefined || query === '' ? '' : `?${query}`;

    // app-root: server-level `if ($uri = /) { return 302 ... }`, first location in order wins.
    if (uri === '/') {
      const withRoot = server.locations.find((l) => l.ann.appRoot);
      if (withRoot) {
        features.add('app-root');
        if (withRoot.ingress) ingresses.add(ingressId(withRoot.ingress));
        return done({ type: 'redirect', code: 302, location: `${req.scheme}://${req.host}${withRoot.ann.appRoot}` });
      }
    }

    // Location selection.
    let loc: Location | undefined;
    if (server.regexMode) {
      for (const l of server.locations) {
        const r = compilePcre(l.path, { prefix: '^', caseless: true });
        if (!r.ok) {
          features.add('pcre');
          if (l.ingress) ingresses.add(ingressId(l.ingress));
          return done({ type: 'unknown', reason: r.reason });
        }
        if (r.re.test(uri)) {
          loc = l;
          break;
        }
      }
    } else {
      loc = server.locations.find((l) => l.pathType === 'Exact' && l.path === uri);
      if (!loc) {
        const slashed = server.locations.find((l) => l.path === `${uri}/`);
        if (slashed) {
          // nginx auto_redirect: a proxied location ending in `/` answers its slash-less form with 301.
          features.add('trailing-slash-redirect');
          features.add('path');
          if (slashed.ingress) ingresses.add(ingressId(slashed.ingress));
          return done({ type: 'redirect', code: 301, location: `${req.scheme}://${host}${uri}/${args}` });
        }
        let best: Location | undefined;
        for (const l of server.locations)
          if (l.pathType === 'Prefix' && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
        loc = best;
      }
    }
    if (!loc) {
      features.add('path');
      return done({ type: 'no-route' });
    }
    features.add('path');
    if (loc.ingress) ingresses.add(ingressId(loc.ingress));
    // A canary Ingress whose Service+port already had a primary upstream serves its paths itself.
    if (loc.ingress && this.canary(loc.ingress)) features.add('canary');
    if (loc.isDefBackend || (server.host === DEFAULT_SERVER && loc.path === '/' && loc.upstream)) features.add('default-backend');

    // Rewrite phase, rewrite module first: permanent/temporal redirect, then `rewrite ... break`.
    if (loc.ann.redirect) {
      features.add('redirect');
      return done({ type: 'redirect', code: loc.ann.redirect.code, location: loc.ann.redirect.url });
    }
    let upstreamPath = req.path;
    let rewritten = false;
    if (needsRewrite(loc)) {
      features.add('rewrite');
      const r = compilePcre(loc.path, { caseless: true });
      if (!r.ok) {
        features.add('pcre');
        return done({ type: 'unknown', reason: r.reason });
      }
      const m = r.re.exec(uri);
      if (m) {
        const sub = substituteCaptures(loc.ann.rewriteTarget!, m, req);
        if (sub === undefined) return done({ type: 'unknown', reason: `rewrite-target "${loc.ann.rewriteTarget}" uses nginx variables the model does not know` });
        if (/^(https?:\/\/|\$scheme)/.test(loc.ann.rewriteTarget!)) {
          return done({ type: 'redirect', code: 302, location: `${sub}${args}` });
        }
        upstreamPath = `${sub}${args}`;
        rewritten = true;
      }
    }
    void rewritten;

    // Then lua_ingress.rewrite: HTTPS redirect.
    if (req.scheme === 'http') {
      const exempt = this.settings.noTlsRedirectLocations.some((p) => loc!.path.startsWith(p));
      const wants = loc.ann.forceSslRedirect || (loc.ann.sslRedirect && this.certificateFor(host));
      if (wants || exempt) features.add('ssl-redirect');
      if (!exempt && wants) {
        let requestUri = req.path;
        if (!loc.ann.preserveTrailingSlash && requestUri.endsWith('/')) requestUri = requestUri.slice(0, -1);
        return done({ type: 'redirect', code: this.settings.httpRedirectCode, location: `https://${hostWithoutPort(req.host)}${requestUri}` });
      }
    }

    if (loc.upstream === undefined) return done({ type: 'no-route' });
    const primary = this.upstreams.get(loc.upstream);
    if (!primary) return done({ type: 'no-route' });
    const targets = this.balance(primary, req, features, ingresses);
    if (targets.type !== 'backend') return done(targets);
    return done({ type: 'backend', targets: targets.targets, upstreamPath });
  }

  private target(u: Upstream, share: number): WeightedTarget {
    return { service: u.backend.service, namespace: u.namespace, port: this.resolvePort(u.namespace, u.backend), share };
  }

  private resolvePort(namespace: string, b: ServiceBackend): number | string | undefined {
    if (b.port.number !== undefined) return b.port.number;
    if (b.port.name === undefined) return undefined;
    const svc = this.services.find((s) => s.namespace === namespace && s.name === b.service);
    const p = svc?.ports.find((x) => x.name === b.port.name);
    return p ? p.port : b.port.name;
  }

  /** balancer.lua route_to_alternative_balancer (first alternative only). */
  private balance(primary: Upstream, req: Request, features: Set<string>, ingresses: Set<string>): { type: 'backend'; targets: WeightedTarget[] } | Outcome {
    const altName = primary.alternatives[0];
    const alt = altName ? this.upstreams.get(altName) : undefined;
    if (!alt) return { type: 'backend', targets: [this.target(primary, 1)] };
    features.add('canary');
    const shaping = alt.shaping;
    if (shaping) ingresses.add(shaping.ingress);
    const canary = { type: 'backend' as const, targets: [this.target(alt, 1)] };
    const main = { type: 'backend' as const, targets: [this.target(primary, 1)] };
    if (!shaping) return main;
    if (shaping.header) {
      const value = req.headers[shaping.header.toLowerCase()];
      if (value !== undefined) {
        if (shaping.headerValue) {
          if (value === shaping.headerValue) return canary;
        } else if (shaping.headerPattern) {
          const r = compilePcre(shaping.headerPattern, { caseless: false });
          if (!r.ok) return { type: 'unknown', reason: r.reason };
          if (r.re.test(value)) return canary;
        } else if (value === 'always') return canary;
        else if (value === 'never') return main;
      }
    }
    if (shaping.cookie) {
      const value = req.cookies[shaping.cookie];
      if (value === 'always') return canary;
      if (value === 'never') return main;
    }
    const total = shaping.weightTotal > 100 ? shaping.weightTotal : 100;
    const w = Math.max(0, Math.min(shaping.weight, total));
    if (w === 0) return main;
    if (w === total) return canary;
    return { type: 'backend', targets: [this.target(primary, (total - w) / total), this.target(alt, w / total)] };
  }
}

function needsRewrite(l: Location): boolean {
  return Boolean(l.ann.rewriteTarget) && l.ann.rewriteTarget !== l.path;
}

/** location.go updateServerLocations: Prefix `/foo` → `/foo/` plus `= /foo` (unless an Exact exists). */
function expandPrefixLocations(locations: Location[]): Location[] {
  const exact = new Set(locations.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const out: Location[] = [];
  for (const l of locations) {
    if (l.path === '/' || l.pathType !== 'Prefix' || needsRewrite(l) || l.ann.useRegex) {
      out.push(l);
      continue;
    }
    const normalized = l.path.endsWith('/') ? l.path : `${l.path}/`;
    if (exact.has(l.path)) {
      out.push({ ...l, path: normalized });
      continue;
    }
    out.push({ ...l, path: normalized });
    out.push({ ...l, pathType: 'Exact' });
  }
  return out;
}

/** nginx `$uri`: percent-decoded, dot segments resolved, consecutive slashes merged. */
export function nginxUri(rawPath: string): string {
  let p = rawPath.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  p = p.replace(/\/{2,}/g, '/');
  return removeDotSegments(p);
}

function hostWithoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.startsWith('[') ? host.slice(0, colon) : host;
}

/** nginx rewrite replacement: `$1`..`$9`, `${n}`, and a few variables. Undefined for unknown variables. */
function substituteCaptures(target: string, m: ReadonlyArray<string | undefined>, req: Request): string | undefined {
  let unknown = false;
  const vars: Record<string, string> = { scheme: req.scheme, host: hostName(req.host), http_host: req.host };
  const out = target.replace(/\$(?:\{(\w+)\}|(\d)|([A-Za-z_]\w*))/g, (_all, braced: string | undefined, digit: string | undefined, name: string | undefined) => {
    const key = braced ?? digit ?? name ?? '';
    if (/^\d+$/.test(key)) return m[Number(key)] ?? '';
    if (key in vars) return vars[key]!;
    unknown = true;
    return '';
  });
  return unknown ? undefined : out;
}
