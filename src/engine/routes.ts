/**
 * From ordered locations to the VirtualService `http` routes of one host:
 * app-root redirect → per location: HTTPS-redirect twin (port 80), canary header/cookie routes,
 * the main route (proxy or redirect) → default backend (catch-all, last).
 */
import type { HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, StringMatch } from '../istio/types.js';
import type { Ingress, Service, ServiceBackend } from '../model/ingress.js';
import type { CanaryIntent, IngressIntents } from '../model/intents.js';
import type { ConvertOptions } from '../model/options.js';
import { flat, type Interner } from './intern.js';
import { fqdn } from './naming.js';
import { compileRe2, escapeRe2, nginxLocationRegex, re2FullMatch, re2Incompatibility } from '../semantics/regex.js';
import { vendorSemantics } from '../semantics/index.js';
import type { Location } from './locations.js';

export interface RouteNote {
  ingress: Ingress;
  key: string;
  level: 'converted' | 'partial' | 'unsupported' | 'error' | 'ignored';
  message: string;
  advice?: string;
  tags?: string[];
}

export interface CanaryBinding {
  /** The canary Ingress whose path (or default backend) attached the canary upstream. */
  canary: Ingress;
  /** The Ingress that created the canary upstream: its canary rules are the ones nginx applies. */
  shapedBy: Ingress;
  intent: CanaryIntent;
  backend: ServiceBackend;
  /** Attached without traffic shaping (a normal upstream nginx merged as an alternative): never chosen. */
  inert?: boolean;
}

export interface HostRouteInput {
  host: string;
  locations: Location[];
  /** Wildcard host `*.x`: restrict to one label like the source controllers do. */
  authority?: StringMatch;
  /** Per location: redirect plain HTTP to HTTPS with this code (undefined = no redirect), to `port` if set. */
  httpsRedirect: (loc: Location) => number | undefined;
  httpsRedirectPort?: (loc: Location) => number | undefined;
  /** Request-path prefixes never redirected to HTTPS (haproxy-ingress: the ACME challenge path). */
  redirectExemptions?: (loc: Location) => readonly string[] | undefined;
  /** Canary attached to a primary upstream `ns/service:port`. */
  canaries: Map<string, CanaryBinding>;
  appRoot?: { path: string; code: number; ingress: Ingress; key: string };
  /**
   * `rewrite`: ingress-nginx's rewrite-target of the host's root location (whole-path replacement);
   * `patches`: the route patches of the Ingress whose annotations that location carries.
   */
  defaultBackend?: { ingress: Ingress; backend: ServiceBackend; rewrite?: { target: string; key: string }; patches?: IngressIntents['routePatches'] };
  /** ingress-nginx: the host's root location (unmatched paths) redirects plain HTTP with this code. */
  rootRedirect?: number;
  /** ingress-nginx: the host's root location answers with the creating Ingress's permanent/temporal redirect. */
  rootMoved?: { url: string; code: number; ingress: Ingress; key: string };
  services: (ns: string, name: string) => Service | undefined;
  options: ConvertOptions;
  notes: RouteNote[];
  /** Records which annotation keys landed in this VirtualService. */
  used: (ing: Ingress, key: string) => void;
  /** The conversion's shared strings (destination hosts repeat on every route to a Service). */
  strings: Interner;
}

/** `ns/service:port` of a backend, the unit ingress-nginx attaches canaries to. */
export function upstreamKey(ns: string, b: ServiceBackend): string {
  return `${ns}/${b.service}:${b.port.number ?? b.port.name ?? ''}`;
}

export function destinationFor(
  ing: Ingress,
  b: ServiceBackend,
  services: HostRouteInput['services'],
  options: ConvertOptions,
  notes: RouteNote[],
  field: string,
  strings: Interner,
): HTTPRouteDestination['destination'] {
  const host = strings.str(fqdn(b.service, ing.namespace, options));
  if (b.port.number !== undefined) return strings.destination(host, b.port.number);
  if (b.port.name !== undefined) {
    const svc = services(ing.namespace, b.service);
    const p = svc?.ports.find((x) => x.name === b.port.name);
    if (p) {
      // One per route to a named port, kept until the routes of every host are built: shared copies.
      notes.push({ ingress: ing, key: strings.str(`${field}.backend.service.port.name`), level: 'converted', message: strings.str(`port name "${b.port.name}" resolved to ${p.port} through Service ${ing.namespace}/${b.service}`) });
      return strings.destination(host, p.port);
    }
    notes.push({
      ingress: ing,
      key: `${field}.backend.service.port.name`,
      level: 'partial',
      message: svc
        ? `Service ${ing.namespace}/${b.service} has no port named "${b.port.name}"; the destination has no port, which Istio accepts only if the Service has a single port`
        : `port name "${b.port.name}" cannot be resolved: Service ${ing.namespace}/${b.service} is not in the input; the destination has no port, which Istio accepts only if the Service has a single port`,
      advice: 'Include the Service manifests in the input (or read from the cluster) so named ports resolve to numbers.',
      tags: ['unresolved-port'],
    });
  }
  return strings.destination(host);
}

function withAuthority(m: HTTPMatchRequest, authority?: StringMatch): HTTPMatchRequest {
  return authority ? { ...m, authority } : m;
}

function matchesFor(loc: Location, authority?: StringMatch): HTTPMatchRequest[] {
  return loc.t.uris.map((uri) => withAuthority(loc.ignoreCase ? { uri, ignoreUriCase: true } : { uri }, authority));
}

/** Deep merge of route patches (objects merge, arrays and scalars replace). */
function merge<T>(into: T, patch: Partial<T>): T {
  const out = { ...into } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    const cur = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) {
      out[k] = merge(cur, v as Record<string, unknown>);
    } else {
      out[k] = v;
    }
  }
  return out as T;
}

function routeName(loc: Location, suffix = ''): string {
  const p = loc.path?.path ?? '(default)';
  return flat(`${loc.ingress.namespace}.${loc.ingress.name}:${p}${suffix}`);
}

/**
 * nginx rewrite target → Envoy regex_rewrite substitution: `$1` → `\1`; a reference to a group the
 * path regex does not have expands to nothing in nginx, so it is dropped; literal backslashes are
 * escaped for Envoy.
 */
export function toEnvoySubstitution(target: string, groups: number): string {
  return target.replace(/\\/g, '\\\\').replace(/\$(\d)/g, (_m, d: string) => (Number(d) > 0 && Number(d) <= groups ? `\\${d}` : ''));
}

function applyIntents(route: HTTPRoute, loc: Location, intents: IngressIntents, input: HostRouteInput): HTTPRoute {
  let r = route;
  const defaults = vendorSemantics[loc.ingress.owner.controller]?.routeDefaults;
  if (defaults) r = merge(r, structuredClone(defaults));
  for (const p of intents.routePatches) {
    r = merge(r, p.patch);
    input.used(loc.ingress, p.key);
  }
  if (intents.rewriteTarget && loc.path && intents.rewriteTarget.target && intents.rewriteTarget.target !== (loc.nginxPath ?? loc.path.path) && !r.redirect) {
    const re = compileRe2(loc.t.pathRegex);
    const groups = typeof re === 'string' ? 0 : re.groupCount();
    r = merge(r, { rewrite: { uriRegexRewrite: { match: loc.t.pathRegex, rewrite: toEnvoySubstitution(intents.rewriteTarget.target, groups) } } });
    input.used(loc.ingress, intents.rewriteTarget.key);
  }
  for (const t of intents.routeTransforms) {
    const before = r.rewrite?.uriRegexRewrite?.match;
    t.apply(r, { host: input.host, path: loc.path, matchKind: loc.t.matchKind, pathRegex: loc.t.pathRegex });
    // A regex rewrite Istio would refuse (too long, not RE2) is dropped and reported, never emitted.
    const match = r.rewrite?.uriRegexRewrite?.match;
    const why = match !== undefined && match !== before ? re2Incompatibility(match, match) : undefined;
    if (why) {
      const { uriRegexRewrite: _dropped, ...rest } = r.rewrite!;
      r.rewrite = Object.keys(rest).length ? rest : undefined;
      if (!r.rewrite) delete r.rewrite;
      input.notes.push({ ingress: loc.ingress, key: t.key, level: 'unsupported', message: `the rewrite regex for ${loc.path?.path ?? 'the default backend'} ${why}; the path is not rewritten`, advice: 'Shorten the path or rewrite it by hand.', tags: ['regex'] });
      continue;
    }
    input.used(loc.ingress, t.key);
  }
  return r;
}

/** A rewrite-target nginx's rewrite directive answers with a redirect: an absolute http(s) URL. */
export function isRedirectTarget(target: string): boolean {
  return /^https?:\/\//.test(target);
}

function redirectTo(url: string, code: number): NonNullable<HTTPRoute['redirect']> {
  const u = parseRedirectUrl(url);
  return { uri: u.uri, ...(u.authority ? { authority: u.authority } : {}), ...(u.scheme ? { scheme: u.scheme } : {}), redirectCode: code };
}

/**
 * Splits a redirect target for Istio's HTTPRedirect. The query string stays in `uri`: Envoy's
 * path_redirect with a query replaces the request's query, as nginx's `return <code> <url>` does.
 */
function parseRedirectUrl(url: string): { scheme?: string; authority?: string; uri: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(url);
  if (m) return { scheme: m[1]!.toLowerCase(), authority: m[2], uri: `${m[3] || '/'}${m[4] ?? ''}` };
  const q = url.indexOf('?');
  return { uri: `${(q >= 0 ? url.slice(0, q) : url) || '/'}${q >= 0 ? url.slice(q) : ''}` };
}

/** Build the http routes of one host. */
export function buildHostRoutes(input: HostRouteInput): HTTPRoute[] {
  const routes: HTTPRoute[] = [];
  const { authority, options, notes } = input;

  if (input.appRoot) {
    routes.push({
      name: flat(`${input.appRoot.ingress.namespace}.${input.appRoot.ingress.name}:app-root`),
      match: [withAuthority({ uri: { exact: '/' } }, authority)],
      redirect: { uri: input.appRoot.path, redirectCode: input.appRoot.code },
    });
    input.used(input.appRoot.ingress, input.appRoot.key);
  }

  let catchAll = false;
  for (const loc of input.locations) {
    const match = matchesFor(loc, authority);
    if (loc.slashRedirect) {
      routes.push({ name: routeName(loc, ':slash-redirect'), match, redirect: { uri: `${loc.t.uris[0]!.exact}/`, redirectCode: 301 } });
      continue;
    }
    const intents = loc.intents;
    let main: HTTPRoute;
    if (intents.redirect) {
      main = { name: routeName(loc), match, redirect: redirectTo(intents.redirect.url, intents.redirect.code) };
      input.used(loc.ingress, intents.redirect.key);
    } else if (loc.backend && intents.rewriteTarget && isRedirectTarget(intents.rewriteTarget.target)) {
      // nginx's `rewrite … https://… break` redirects (302) instead of proxying.
      main = { name: routeName(loc), match, redirect: redirectTo(intents.rewriteTarget.target, 302) };
      input.used(loc.ingress, intents.rewriteTarget.key);
    } else if (loc.backend) {
      const destination = destinationFor(loc.ingress, loc.backend, input.services, options, notes, loc.field, input.strings);
      main = applyIntents({ name: routeName(loc), match, route: input.strings.routeTo(destination) }, loc, intents, input);
    } else {
      continue; // resource backends: reported by the engine
    }

    const code = main.redirect ? undefined : input.httpsRedirect(loc);
    if (code !== undefined) {
      // Exempt request paths this route would match: served as the route itself, before the redirect.
      for (const p of input.redirectExemptions?.(loc) ?? []) {
        const probe = `${p.replace(/\/+$/, '')}/token`;
        if (!re2FullMatch(loc.t.pathRegex, probe)) continue;
        const { name: _n, match: _m, ...rest } = main;
        routes.push({ ...rest, name: routeName(loc, ':redirect-exempt'), match: [withAuthority({ uri: { prefix: `${p.replace(/\/+$/, '')}/` }, port: 80 }, authority)] });
      }
      const port = input.httpsRedirectPort?.(loc);
      routes.push({
        name: routeName(loc, ':https-redirect'),
        match: match.map((m) => ({ ...m, port: 80 })),
        redirect: input.strings.httpsRedirect(code, port),
      });
    }

    const canary = loc.backend && !main.redirect ? input.canaries.get(upstreamKey(loc.ingress.namespace, loc.backend)) : undefined;
    const made = canary && !canary.inert ? canaryRoutes(main, canary, routeName(loc), input) : [main];
    if (intents.httpDisabled && code === undefined) {
      // HTTPS only: no match on the plain-HTTP port, so port 80 answers 404 as the controller did.
      for (const r of made) r.match = (r.match ?? [{}]).map((m) => ({ ...m, port: 443 }));
      input.used(loc.ingress, intents.httpDisabled.key);
    }
    routes.push(...made);
    if (loc.t.uris.some((u) => u.prefix === '/') && !authority) catchAll = true;
  }

  if (input.rootMoved && !catchAll) {
    routes.push({ name: flat(`${input.host}:root:redirect`), match: [withAuthority({ uri: { prefix: '/' } }, authority)], redirect: redirectTo(input.rootMoved.url, input.rootMoved.code) });
    input.used(input.rootMoved.ingress, input.rootMoved.key);
    return routes;
  }
  if (input.rootRedirect !== undefined && !catchAll) {
    routes.push({ name: flat(`${input.host}:root:https-redirect`), match: [withAuthority({ uri: { prefix: '/' }, port: 80 }, authority)], redirect: input.strings.httpsRedirect(input.rootRedirect) });
  }
  if (input.defaultBackend && !catchAll) {
    const { ingress, backend } = input.defaultBackend;
    const destination = destinationFor(ingress, backend, input.services, options, notes, 'spec.defaultBackend', input.strings);
    let main: HTTPRoute = { name: flat(`${ingress.namespace}.${ingress.name}:default-backend`), match: [withAuthority({ uri: { prefix: '/' } }, authority)], route: [{ destination }] };
    const rw = input.defaultBackend.rewrite;
    for (const p of input.defaultBackend.patches ?? []) {
      if (p.key.endsWith('/x-forwarded-prefix') && !rw) continue; // nginx sets it inside its rewrite only
      main = merge(main, p.patch);
      input.used(ingress, p.key);
    }
    if (rw) {
      // The root location `/` has no capture groups: `$n` expands to nothing, the whole path is replaced.
      main.rewrite = { uriRegexRewrite: { match: nginxLocationRegex('/'), rewrite: toEnvoySubstitution(rw.target, 0) } };
      input.used(ingress, rw.key);
    }
    // Canaries attach to the upstream, so the default backend's routes get them too.
    const canary = input.canaries.get(upstreamKey(ingress.namespace, backend));
    routes.push(...(canary && !canary.inert ? canaryRoutes(main, canary, main.name!, input) : [main]));
  }
  return routes;
}

function addHeader(match: HTTPMatchRequest[], name: string, sm: StringMatch): HTTPMatchRequest[] {
  return match.map((m) => ({ ...m, headers: { ...(m.headers ?? {}), [name]: sm } }));
}

function cookieRegex(name: string, value: string): string {
  return `^(.*?;\\s*)?${escapeRe2(name)}=${escapeRe2(value)}(;.*)?$`;
}

/**
 * ingress-nginx canary precedence (balancer.lua): header (value / pattern / always|never), then
 * cookie (always|never), then weight. Every route that proxies to the primary upstream gets it.
 */
function canaryRoutes(main: HTTPRoute, c: CanaryBinding, name: string, input: HostRouteInput): HTTPRoute[] {
  const out: HTTPRoute[] = [];
  const primary = main.route![0]!.destination;
  const canaryDest = destinationFor(c.canary, c.backend, input.services, input.options, input.notes, 'spec', input.strings);
  const base = main.match ?? [{}];
  const to = (dest: typeof primary): HTTPRoute => {
    const { name: _n, match: _m, route: _r, ...rest } = main;
    return { ...rest, route: [{ destination: dest }] };
  };
  const i = c.intent;
  if (i.header) {
    const h = i.header.toLowerCase();
    if (i.headerValue !== undefined) {
      out.push({ name: flat(`${name}:canary-header`), match: addHeader(base, h, { exact: i.headerValue }), ...to(canaryDest) });
    } else if (i.headerPattern !== undefined) {
      out.push({ name: flat(`${name}:canary-header`), match: addHeader(base, h, { regex: `.*(?:${i.headerPattern}).*` }), ...to(canaryDest) });
    } else {
      out.push({ name: flat(`${name}:canary-header-never`), match: addHeader(base, h, { exact: 'never' }), ...to(primary) });
      out.push({ name: flat(`${name}:canary-header-always`), match: addHeader(base, h, { exact: 'always' }), ...to(canaryDest) });
    }
  }
  if (i.cookie) {
    out.push({ name: flat(`${name}:canary-cookie-never`), match: addHeader(base, 'cookie', { regex: cookieRegex(i.cookie, 'never') }), ...to(primary) });
    out.push({ name: flat(`${name}:canary-cookie-always`), match: addHeader(base, 'cookie', { regex: cookieRegex(i.cookie, 'always') }), ...to(canaryDest) });
  }
  const w = i.weight ?? 0;
  const total = i.weightTotal !== undefined && i.weightTotal > 100 ? i.weightTotal : 100;
  if (w <= 0) {
    out.push(main);
  } else if (w >= total) {
    out.push({ ...main, route: [{ destination: canaryDest }] });
  } else {
    out.push({ ...main, route: [{ destination: primary, weight: total - w }, { destination: canaryDest, weight: w }] });
  }
  input.used(c.shapedBy, i.key);
  return out;
}
