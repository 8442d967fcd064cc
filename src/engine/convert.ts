/**
 * The engine: normalized Ingresses + rule intents → Istio resources + findings.
 * One VirtualService per host (all Ingresses of the host merged, routes pre-sorted), one Gateway,
 * DestinationRules per backend Service, and the resources rules build themselves.
 */
import type { DestinationRule, HTTPMatchRequest, HTTPRoute, IstioResource, StringMatch, TLSRoute, TrafficPolicy, VirtualService } from '../istio/types.js';
import type { Finding, FindingSubject } from '../model/findings.js';
import type { Ingress, Service, ServiceBackend } from '../model/ingress.js';
import type { IngressIntents } from '../model/intents.js';
import type { ConvertOptions } from '../model/options.js';
import type { InputSet } from '../read/types.js';
import { escapeRe2 } from '../semantics/regex.js';
import { nginxDefaultDifferences, vendorSemantics } from '../semantics/index.js';
import { nicHostOwnership } from '../semantics/nginx-inc.js';
import { buildGateway, credentialNameFor, emptyGatewayPlan } from './gateway.js';
import { flat, Interner } from './intern.js';
import { buildLocations, nginxAppRoot, type HostPaths, type LocationProblem } from './locations.js';
import { apiVersionFor, meta, readableName, ref, shortHash } from './naming.js';
import { buildHostRoutes, destinationFor, isRedirectTarget, upstreamKey, type CanaryBinding, type HostRouteInput, type RouteNote } from './routes.js';
import { findingSubject, runRules, type RuleSet } from './rules-runner.js';
import type { ConvertResult } from './types.js';

const KIND_ORDER = ['Gateway', 'VirtualService', 'DestinationRule', 'AuthorizationPolicy', 'EnvoyFilter'];

/** Counters for the linear-growth regression test (no timing). */
export interface EngineCounters {
  ruleEvaluations: number;
  hosts: number;
  locations: number;
}

export const lastCounters: EngineCounters = { ruleEvaluations: 0, hosts: 0, locations: 0 };

function byAge(a: Ingress, b: Ingress): number {
  const ta = a.creationTimestamp ?? '';
  const tb = b.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.order - b.order;
}

/**
 * TLS hosts indexed for lookups in O(1): exact names and one-label wildcards (`*.example.com`
 * covers `a.example.com`, not `a.b.example.com`).
 */
class TlsHostIndex {
  private readonly exact = new Set<string>();
  private readonly wildcardSuffixes = new Set<string>();
  add(tlsHost: string): void {
    if (tlsHost.startsWith('*.')) this.wildcardSuffixes.add(tlsHost.slice(1));
    else this.exact.add(tlsHost);
  }
  covers(host: string): boolean {
    if (this.exact.has(host)) return true;
    const dot = host.indexOf('.');
    return dot > 0 && this.wildcardSuffixes.has(host.slice(dot));
  }
}

export interface ConvertDeps {
  /** Rule set to use instead of every registered rule (the RuleTester runs one rule through the engine). */
  rules?: RuleSet;
}

export function convert(input: InputSet, options: ConvertOptions, deps: ConvertDeps = {}): ConvertResult {
  const findings: Finding[] = [];
  // Findings repeat a few thousand distinct texts hundreds of thousands of times: one copy each.
  const strings = new Interner();
  const counters: EngineCounters = { ruleEvaluations: 0, hosts: 0, locations: 0 };
  const serviceIndex = new Map<string, Service>();
  for (const s of input.services) serviceIndex.set(`${s.namespace}/${s.name}`, s);
  const services = (ns: string, name: string) => serviceIndex.get(`${ns}/${name}`);
  const configMapIndex = new Map(input.configMaps.map((c) => [`${c.namespace}/${c.name}`, c]));
  const configMaps = (ns: string, name: string) => configMapIndex.get(`${ns}/${name}`);
  const ingresses = withNicInheritance([...input.ingresses].sort(byAge));

  // Per Ingress (namespace/name): where each key landed (to fill Finding.istio) and its findings.
  // Looked up by object, not by building `namespace/name/key` strings for every call.
  const sites = new Sites();
  const land = (ing: Ingress, key: string, r: string) => landAt(sites.of(ing), key, strings.str(r));
  const landedOf = (ing: Ingress, key: string) => landedAt(sites.of(ing), key);
  const note = (ing: Ingress, key: string, level: Finding['level'], message: string, extra?: Partial<Finding>) => {
    // Same properties in the same order as an object spread of `extra` (own keys, undefined included).
    // The usual shapes are built whole: a property added afterwards goes to a separate property
    // array (≈ 40 bytes per finding, ≈ 16 MB at 100k Ingresses).
    const keys = extra ? Object.keys(extra) : [];
    const subject = findingSubject(ing);
    let f: Finding;
    if (!keys.length) f = { ingress: subject, key, level, message, istio: [], rule: 'core', source: ing.source };
    else if (keys.length === 1 && keys[0] === 'advice') f = { ingress: subject, key, level, message, istio: [], rule: 'core', source: ing.source, advice: extra!.advice };
    else if (keys.length === 1 && keys[0] === 'tags') f = { ingress: subject, key, level, message, istio: [], rule: 'core', source: ing.source, tags: extra!.tags };
    else if (keys.length === 2 && keys[0] === 'advice' && keys[1] === 'tags') f = { ingress: subject, key, level, message, istio: [], rule: 'core', source: ing.source, advice: extra!.advice, tags: extra!.tags };
    else {
      f = { ingress: subject, key, level, message, istio: [], rule: 'core', source: ing.source };
      for (const k of keys as Array<keyof Finding>) (f as unknown as Record<string, unknown>)[k] = extra![k];
    }
    findings.push(shareStrings(f, strings));
  };

  // 1. Rules.
  const intentsOf = new Map<Ingress, IngressIntents>();
  for (const ing of ingresses) {
    const run = runRules(ing, options, services, deps.rules, configMaps);
    counters.ruleEvaluations += run.evaluations;
    intentsOf.set(ing, run.intents);
    for (const f of run.findings) findings.push(shareStrings(f, strings));
    // haproxy-ingress sends HSTS on HTTPS responses by default: keep it (redirected hosts serve
    // their routes over HTTPS only, and browsers ignore the header over plain HTTP).
    if (ing.owner.controller === 'haproxy-ingress' && ing.tls.length && !ing.annotations.some((a) => /\/hsts(-|$)/.test(a.key))) {
      run.intents.routePatches.push({ key: 'default:haproxy-ingress-hsts', patch: { headers: { response: { set: { 'strict-transport-security': 'max-age=15768000' } } } } });
      note(ing, 'default:haproxy-ingress-hsts', 'converted', 'Strict-Transport-Security: max-age=15768000 set on the responses of the routes, as haproxy-ingress did by default for TLS Ingresses', { tags: ['controller-default'] });
    }
  }
  // An Ingress the controller rejected as a whole (e.g. NGINX Inc on an invalid annotation) was
  // never served: nothing is generated for it, its findings say why.
  const rejectedKeys = new Set<string>();
  for (const f of findings) if (f.tags?.includes('rejected')) rejectedKeys.add(`${f.ingress.namespace}/${f.ingress.name}`);
  const served = rejectedKeys.size ? ingresses.filter((i) => !rejectedKeys.has(`${i.namespace}/${i.name}`)) : ingresses;
  for (const ing of ingresses) {
    if (served.length !== ingresses.length && rejectedKeys.has(`${ing.namespace}/${ing.name}`)) {
      note(ing, 'metadata', 'ignored', 'the controller rejected this Ingress as a whole (see the findings tagged "rejected"), so it never served traffic; nothing was generated for it', { tags: ['rejected'] });
    }
  }
  const canaryIngresses = new Set<Ingress>();
  for (const ing of ingresses) if (ing.owner.controller === 'ingress-nginx' && intentsOf.get(ing)!.canary) canaryIngresses.add(ing);
  const isCanary = (ing: Ingress) => canaryIngresses.has(ing);

  // NGINX Inc serves a host from one Ingress (the oldest) or one master/minion group; the rules of
  // other Ingresses for that host were never served, so they are reported, not resurrected.
  const nicNotServed = new Set<string>();
  const nicIngresses = served.filter((i) => i.owner.controller === 'nginx-inc');
  if (nicIngresses.length) {
    for (const p of nicHostOwnership(nicIngresses).notServed) {
      nicNotServed.add(`${p.ingress}\u0000${p.host}`);
      const ing = nicIngresses.find((i) => `${i.namespace}/${i.name}` === p.ingress);
      if (ing) note(ing, 'spec.rules', 'ignored', `host ${p.host || '(none)'}: ${p.reason}; NGINX Inc did not serve these rules, and the conversion does not either`, { tags: ['not-served'] });
    }
  }

  // ingress-nginx creates one upstream per Service+port, the oldest Ingress using it deciding
  // whether it is a canary upstream (a default backend re-creates it). Paths of a normal Ingress
  // whose upstream an older canary created are never served (kubernetes/ingress-nginx#9458).
  // The upstream's traffic shaping (canary rules) is the creating Ingress's too.
  const canaryUpstream = new Map<string, boolean>();
  const upstreamCreator = new Map<string, Ingress>();
  for (const ing of served) {
    if (ing.owner.controller !== 'ingress-nginx') continue;
    if (ing.defaultBackend?.kind === 'service') {
      canaryUpstream.set(upstreamKey(ing.namespace, ing.defaultBackend), isCanary(ing));
      upstreamCreator.set(upstreamKey(ing.namespace, ing.defaultBackend), ing);
    }
    for (const r of ing.rules)
      for (const p of r.paths) {
        if (p.backend.kind !== 'service') continue;
        const k = upstreamKey(ing.namespace, p.backend);
        if (!canaryUpstream.has(k)) {
          canaryUpstream.set(k, isCanary(ing));
          upstreamCreator.set(k, ing);
        }
      }
  }
  const shapedNote = (ing: Ingress, altKey: string) => {
    const creator = upstreamCreator.get(altKey)!;
    return creator === ing ? '' : ` with the canary rules of Ingress ${creator.namespace}/${creator.name}, which created upstream ${altKey} (ingress-nginx keeps the creator's, not this Ingress's)`;
  };
  /** The canary rules of a canary upstream: those of the Ingress that created it, not of the one merging it. */
  const shapingOf = (altKey: string) => {
    const creator = upstreamCreator.get(altKey)!;
    return { shapedBy: creator, intent: intentsOf.get(creator)!.canary! };
  };

  // 2. Hosts: all non-canary Ingresses of a host merged, oldest first. Like ingress-nginx's
  //    createServers, every server exists before any path is placed.
  const hosts = new Map<string, HostPaths & { namespace: string; first: Ingress; ingresses: Ingress[] }>();
  const hostOf = (h: string | undefined) => h ?? '*';
  const ruleServed = (ing: Ingress, h: string | undefined) => !(nicNotServed.size && nicNotServed.has(`${ing.namespace}/${ing.name}\u0000${h ?? ''}`));
  for (const ing of served) {
    if (isCanary(ing)) continue;
    for (const rule of ing.rules) {
      const host = hostOf(rule.host);
      if (!ruleServed(ing, rule.host)) continue;
      let hp = hosts.get(host);
      if (!hp) hosts.set(host, (hp = { host, entries: [], namespace: ing.namespace, first: ing, ingresses: [] }));
      // The rules of one Ingress come one after another: it is new to the host unless it came last.
      if (hp.ingresses[hp.ingresses.length - 1] !== ing) hp.ingresses.push(ing);
    }
  }
  // spec.defaultBackend of an Ingress without rules serves the catch-all host (ingress-nginx's `_`
  // server). It takes the root location even from an older hostless `Prefix /` rule, and none of
  // its rewrite and redirect annotations apply to it (app-root, rewrite-target, use-regex, SSL
  // redirects, permanent/temporal-redirect). (The default backend of an Ingress with rules serves
  // only the unmatched paths of its own hosts; see below.)
  const withDefault = served.find((i) => !isCanary(i) && i.rules.length === 0 && i.defaultBackend?.kind === 'service');
  if (withDefault) {
    const hp = hosts.get('*');
    // It has no rules, so the loop above did not list it.
    if (!hp) hosts.set('*', { host: '*', entries: [], namespace: withDefault.namespace, first: withDefault, ingresses: [withDefault] });
    else hp.ingresses.push(withDefault);
  }
  // Paths, in Ingress order (the oldest claim of a path wins). ingress-nginx places the paths of a
  // canary Ingress too: those whose Service+port already has a normal upstream (an older non-canary
  // Ingress created it) become ordinary locations, on the catch-all server when no non-canary
  // Ingress has their host; the others only feed canary splits (step 3).
  const plainCanaries = new Set<Ingress>();
  for (const ing of served) {
    const canary = isCanary(ing);
    const intents = intentsOf.get(ing)!;
    ing.rules.forEach((rule, ri) => {
      if (!canary && !ruleServed(ing, rule.host)) return;
      const host = canary && !hosts.has(hostOf(rule.host)) ? '*' : hostOf(rule.host);
      rule.paths.forEach((path, pi) => {
        const field = flat(`spec.rules[${ri}].http.paths[${pi}]`);
        if (canary) {
          if (path.backend.kind !== 'service' || canaryUpstream.get(upstreamKey(ing.namespace, path.backend)) !== false) return;
          let hp = hosts.get(host);
          if (!hp) hosts.set(host, (hp = { host, entries: [], namespace: ing.namespace, first: ing, ingresses: [] }));
          plainCanaries.add(ing);
          const where = host === hostOf(rule.host) ? `host ${host === '*' ? '(none)' : host}` : `the catch-all server (no non-canary Ingress has host ${rule.host})`;
          note(ing, field, 'converted', `canary path ${path.path}: Service ${path.backend.service} port ${path.backend.port.number ?? path.backend.port.name} already has a normal upstream from an older non-canary Ingress, so ingress-nginx serves this path as an ordinary location of ${where} with this Ingress's annotations and no canary split; so does the conversion`, {
            advice: 'Use a Service of its own for the canary.',
            tags: ['canary', 'conflict'],
            source: path.source,
          });
          hp.entries.push({ ingress: ing, intents, path, field });
          return;
        }
        const hp = hosts.get(host)!;
        if (path.backend.kind === 'resource') {
          note(ing, `${field}.backend.resource`, 'unsupported', `resource backend ${path.backend.resourceKind}/${path.backend.name} cannot be routed by Istio; no route was emitted for ${path.path}`, {
            advice: 'Serve the content from a Service (for static files, a small web server) and point the path at it.',
            source: path.source,
          });
          return;
        }
        if (ing.owner.controller === 'ingress-nginx' && canaryUpstream.get(upstreamKey(ing.namespace, path.backend)) === true) {
          note(ing, field, 'ignored', `Service ${path.backend.service} port ${path.backend.port.number ?? path.backend.port.name} is the canary backend of an older canary Ingress; ingress-nginx then never serves this path (kubernetes/ingress-nginx#9458), and neither does the conversion`, {
            advice: 'Use a different Service for the canary than for normal paths.',
            tags: ['canary', 'conflict'],
            source: path.source,
          });
          return;
        }
        hp.entries.push({ ingress: ing, intents, path, field });
      });
    });
  }
  if (withDefault) {
    const hp = hosts.get('*')!;
    hp.entries = hp.entries.filter((e) => {
      const root = e.path.path === '/' && e.path.pathType !== 'Exact';
      if (root) {
        note(e.ingress, `${e.field}.path`, 'ignored', `the catch-all Prefix / is taken by the default backend of Ingress ${withDefault.namespace}/${withDefault.name}, as in ingress-nginx; this rule never received traffic`, { tags: ['conflict'] });
      }
      return !root;
    });
  }
  for (const ing of served) {
    if (ing.defaultBackend?.kind === 'resource') {
      note(ing, 'spec.defaultBackend.resource', 'unsupported', `resource backend ${ing.defaultBackend.resourceKind}/${ing.defaultBackend.name} cannot be routed by Istio; no default route was emitted`, {
        advice: 'Serve the content from a Service and use it as the default backend.',
      });
    }
  }
  // Hosts served from several namespaces: the VirtualService lives in the oldest Ingress's namespace.
  for (const hp of hosts.values()) {
    for (const ing of hp.ingresses) {
      if (ing.namespace !== hp.namespace && hp.host !== '*') {
        note(ing, 'spec.rules', 'partial', `host ${hp.host} is also served by Ingress ${hp.first.namespace}/${hp.first.name}; its routes are merged into the VirtualService in namespace ${hp.namespace}, and the Gateway admits that host only from namespace ${hp.namespace}`, {
          advice: 'Decide which team owns the host; the merged VirtualService keeps every path routed as before.',
          tags: ['cross-namespace-host'],
        });
      }
    }
  }

  // 3. Canaries (ingress-nginx): attach to the primary upstream of the same host+path+pathType.
  const canaries = new Map<string, CanaryBinding>();
  /** Why a canary merged after `existing` (the first alternative of `key`) gets no traffic there. */
  const taken = (key: string, existing: CanaryBinding) =>
    existing.inert
      ? `Service ${key} already has ${upstreamKey(existing.canary.namespace, existing.backend)} as its first alternative backend (a normal upstream that canary Ingress ${existing.canary.namespace}/${existing.canary.name} attached, with no traffic-shaping policy); ingress-nginx consults only the first alternative, so this canary gets no traffic there`
      : `Service ${key} already has canary ${existing.canary.namespace}/${existing.canary.name}; ingress-nginx consults only the first canary of a primary`;
  const deadCanaries = new Set<string>();
  for (const ing of served) {
    if (!isCanary(ing)) continue;
    const intent = intentsOf.get(ing)!.canary!;
    // A canary spec.defaultBackend is merged into the upstream of every location of the catch-all
    // server (no path matching), in location order, stopping at a location of its own Service.
    const altDefault = ing.defaultBackend?.kind === 'service' ? upstreamKey(ing.namespace, ing.defaultBackend) : undefined;
    if (altDefault && canaryUpstream.get(altDefault) === true && !deadCanaries.has(altDefault)) {
      let merged = false;
      for (const key of catchAllUpstreams(hosts.get('*'), withDefault)) {
        if (key === altDefault) break;
        merged = true;
        const existing = canaries.get(key);
        if (existing && existing.canary !== ing) {
          note(ing, intent.key, 'ignored', `spec.defaultBackend: ${taken(key, existing)}`, { tags: ['canary', 'conflict'] });
        } else if (!existing) {
          canaries.set(key, { canary: ing, ...shapingOf(altDefault), backend: ing.defaultBackend as ServiceBackend });
          note(ing, intent.key, 'partial', `canary default backend attached to upstream ${key}, a backend of the catch-all server: like ingress-nginx, every route to that Service (on any host) gets the canary split${shapedNote(ing, altDefault)}; sticky canary affinity is not reproduced`, { tags: ['canary', 'behaviour-change'] });
        }
      }
      if (!merged) {
        deadCanaries.add(altDefault);
        note(ing, 'spec.defaultBackend', 'ignored', `the catch-all server has no Service backend to attach this canary default backend to; ingress-nginx then deletes the canary upstream ${altDefault}, and the conversion emits nothing for it`, { tags: ['canary'] });
      }
    }
    ing.rules.forEach((rule, ri) => {
      const hp = hosts.get(hostOf(rule.host));
      rule.paths.forEach((path, pi) => {
        if (path.backend.kind !== 'service') return;
        const altKey = upstreamKey(ing.namespace, path.backend);
        if (deadCanaries.has(altKey)) return;
        // ingress-nginx compares pathTypes after turning ImplementationSpecific (and none) into Prefix.
        const norm = (t: string) => (t === 'Exact' ? 'Exact' : 'Prefix');
        const found = hp?.entries.find((e) => e.path.path === path.path && norm(e.path.pathType) === norm(path.pathType) && e.path.backend.kind === 'service');
        // The primary location: a placed path, or the server's root location `/` (Prefix) when no
        // rule took it over; its upstream is then the default backend that created it.
        let primaryKey: string | undefined;
        let primaryPos = -1;
        if (found) {
          primaryKey = upstreamKey(found.ingress.namespace, found.path.backend as ServiceBackend);
          primaryPos = hp!.entries.indexOf(found);
        } else if (hp && path.path === '/' && norm(path.pathType) === 'Prefix') {
          primaryKey = rootUpstreamOf(hp, withDefault);
        }
        if (primaryKey === altKey) return; // canary = primary: nothing to merge
        if (canaryUpstream.get(altKey) === false) {
          // A normal upstream: the path is an ordinary location (step 2). When another Service
          // already holds the same path, mergeAlternativeBackends still appends this upstream, with
          // no traffic shaping, to that primary (unless a location of its own Service comes first
          // on the server), and as its first alternative it shadows any later canary of it.
          if (!hp || !primaryKey) return;
          const ownFirst = firstLocationOf(hp, altKey, withDefault);
          if (ownFirst !== undefined && ownFirst < primaryPos) return;
          const key = primaryKey;
          if (!canaries.has(key)) {
            canaries.set(key, { canary: ing, shapedBy: ing, intent, backend: path.backend, inert: true });
            note(ing, `spec.rules[${ri}].http.paths[${pi}]`, 'ignored', `canary path ${hostOf(rule.host)}${path.path}: ingress-nginx attaches Service ${altKey} (a normal upstream, no canary rules) as the first alternative of ${key}, so no request is split to it and later canaries of ${key} are ignored; the conversion does the same`, { tags: ['canary'] });
          }
          return;
        }
        if (!hp && rule.host) {
          // mergeAlternativeBackends skips hosts without a server: the canary upstream stays, unused here.
          note(ing, `spec.rules[${ri}].http.paths[${pi}]`, 'ignored', `canary path ${rule.host}${path.path} has no primary Ingress: no non-canary Ingress has host ${rule.host}, so ingress-nginx has no server to attach it to and this path gets no traffic; the conversion does the same`, { tags: ['canary'] });
          return;
        }
        if (!primaryKey) {
          // mergeAlternativeBackends: an alternative backend that finds no primary is deleted, for every path using it.
          deadCanaries.add(altKey);
          note(ing, `spec.rules[${ri}].http.paths[${pi}]`, 'ignored', `canary path ${hostOf(rule.host)}${path.path} has no primary Ingress with the same host, path and pathType; ingress-nginx then deletes the canary upstream ${altKey}, so no path of this canary gets traffic, and so does the conversion`, { tags: ['canary'] });
          return;
        }
        const key = primaryKey;
        const existing = canaries.get(key);
        if (existing && existing.canary !== ing) {
          note(ing, intent.key, 'ignored', taken(key, existing), { tags: ['canary', 'conflict'] });
          return;
        }
        if (!existing) {
          canaries.set(key, { canary: ing, ...shapingOf(altKey), backend: path.backend });
          note(ing, intent.key, 'partial', `canary attached to upstream ${key}: like ingress-nginx, every route to that Service (on any host) gets the canary split${shapedNote(ing, altKey)}; sticky canary affinity is not reproduced`, { tags: ['canary', 'behaviour-change'] });
        }
      });
    });
  }
  for (const [key, b] of [...canaries]) {
    if (!deadCanaries.has(upstreamKey(b.canary.namespace, b.backend))) continue;
    canaries.delete(key);
  }

  // 4. TLS facts per host (for HTTPS redirects and Gateway servers).
  // ingress-nginx: a host (server) has a certificate when any non-canary Ingress with a rule for it
  // has a TLS section (its own secret, or the default certificate when the host is not listed);
  // the redirect looks the certificate up by the request's host, then its one-label wildcard.
  const nginxServers = new Map<string, boolean>();
  for (const ing of served) {
    if (ing.owner.controller !== 'ingress-nginx' || isCanary(ing)) continue;
    for (const r of ing.rules) {
      if (!r.host) continue;
      nginxServers.set(r.host, (nginxServers.get(r.host) ?? false) || ing.tls.length > 0);
    }
  }
  const hostHasNginxTls = (h: string): boolean => {
    const exact = nginxServers.get(h);
    if (exact !== undefined) return exact;
    const dot = h.indexOf('.');
    return dot > 0 ? (nginxServers.get(`*${h.slice(dot)}`) ?? false) : false;
  };
  // Other controllers: TLS hosts per controller (haproxytech redirects every host of a TLS Ingress).
  const vendorTlsHosts = new Map<string, TlsHostIndex>();
  for (const ing of served) {
    const v = vendorSemantics[ing.owner.controller];
    if (!v || !ing.tls.length) continue;
    const index = vendorTlsHosts.get(ing.owner.controller) ?? new TlsHostIndex();
    for (const t of ing.tls) for (const h of t.hosts) index.add(h);
    if (v.httpsRedirectDefault.allHostsOfTlsIngress) for (const r of ing.rules) if (r.host) index.add(r.host);
    vendorTlsHosts.set(ing.owner.controller, index);
  }
  const hostHasVendorTls = (c: string, h: string) => vendorTlsHosts.get(c)?.covers(h) ?? false;
  const cm = options.nginxConfig;
  const nginxSslRedirectDefault = (cm['ssl-redirect'] ?? 'true') !== 'false';
  // ingress-nginx accepts only these codes for http-redirect-code and falls back to 308 otherwise.
  const cmCode = Number(cm['http-redirect-code'] ?? '308');
  const nginxRedirectCode = [301, 302, 307, 308].includes(cmCode) ? cmCode : 308;
  const noTlsRedirect = (cm['no-tls-redirect-locations'] ?? '/.well-known/acme-challenge').split(',').map((s) => s.trim()).filter(Boolean);

  // 5. VirtualServices.
  const resources: IstioResource[] = [];
  const plan = emptyGatewayPlan();
  const gatewayRef = `${options.gatewayNamespace}/${options.gatewayName}`;
  const vsNames = new Map<string, Set<string>>(); // namespace → names used
  const vsOfHost = new Map<string, VirtualService>();
  const routeNotes: RouteNote[] = [];
  // app-root intents a host does not use (Ingress → its app-root key and why, per host), for consume-or-report below.
  const appRootUnused = new Map<Ingress, { key: string; whys: string[] }>();
  const catchAllExists = hosts.has('*');
  const sortedHosts = [...hosts.keys()].sort();
  // Listed hosts by the suffix after their first label (`x.w.test` under `.w.test`), in sorted order.
  const hostsUnder = new Map<string, string[]>();
  for (const h of sortedHosts) {
    const dot = h.indexOf('.');
    if (h.startsWith('*') || dot <= 0) continue;
    const list = hostsUnder.get(h.slice(dot));
    if (list) list.push(h);
    else hostsUnder.set(h.slice(dot), [h]);
  }
  for (const host of sortedHosts) {
    const hp = hosts.get(host)!;
    counters.hosts++;
    const problems: LocationProblem[] = [];
    const locations = buildLocations(hp, problems);
    counters.locations += locations.length;
    for (const p of problems) {
      note(p.ingress, p.field, p.level, p.message, { ...(p.advice ? { advice: p.advice } : {}), ...(p.tags ? { tags: p.tags } : {}) });
    }
    const usedKeys: Array<[Ingress, string]> = [];
    const used = (ing: Ingress, key: string) => usedKeys.push([ing, key]);

    let authority: StringMatch | undefined;
    // ingress-nginx served the deeper names Envoy's wildcard also takes (a.b.w.test for *.w.test)
    // from its catch-all server: the catch-all routes follow this host's routes, limited to them
    // (`*` sorts before every `*.` host, so its VirtualService is already built).
    let deeperNames: StringMatch | undefined;
    if (host.startsWith('*.')) {
      // Istio also merges these routes into the virtual host of every listed host under the
      // wildcard (x.w.test for *.w.test); ingress-nginx served those from their own server only.
      const suffix = host.slice(1);
      const under = hostsUnder.get(suffix) ?? [];
      authority = { regex: `(?i)${labelExcept(under.map((h) => h.slice(0, -suffix.length)))}${escapeRe2(suffix)}(:[0-9]+)?` };
      if (under.length) {
        note(hp.first, 'spec.rules.host', 'converted', `Istio merges the routes of wildcard host ${host} into the virtual host of ${under.join(', ')} (listed on the same Gateway); their authority match leaves ${under.length === 1 ? 'that host' : 'those hosts'} out, so, as in ingress-nginx, only ${under.length === 1 ? 'its' : 'their'} own rules serve ${under.length === 1 ? 'it' : 'them'}`, { tags: ['wildcard-widening'] });
      }
      const catchAll = hosts.get('*');
      if (catchAll && hp.first.owner.controller === 'ingress-nginx' && catchAll.first.owner.controller === 'ingress-nginx') {
        deeperNames = { regex: `(?i)[^.]+(\\.[^.]+)+${escapeRe2(host.slice(1))}(:[0-9]+)?` };
      }
      note(hp.first, 'spec.rules.host', catchAllExists && !deeperNames ? 'partial' : 'converted', deeperNames
        ? `wildcard host ${host} matches exactly one label in the Ingress API, but Envoy's ${host} also matches deeper names; every route carries an authority match that keeps the one-label rule, and copies of the catch-all routes, limited to the deeper names, follow them, so those names reach the catch-all rules as before`
        : catchAllExists
          ? `wildcard host ${host} matches exactly one label in the Ingress API, but Envoy's ${host} also matches deeper names; every route carries an authority match so deeper names get 404 from this VirtualService instead of reaching the catch-all rules as they did before`
          : `wildcard host ${host}: Envoy's ${host} also matches deeper names, so every route carries an authority match that keeps the one-label rule of the Ingress API`, { tags: ['wildcard-widening'] });
    }

    // app-root is host-wide (a server-level redirect of `/`). ingress-nginx: the first location in
    // its order whose Ingress asks (see nginxAppRoot); other controllers: the oldest Ingress that asks.
    let appRootIng: Ingress | undefined;
    if (hp.first.owner.controller === 'ingress-nginx') {
      const root = host === '*' ? undefined : { ingress: hp.first, intents: intentsOf.get(hp.first)! };
      appRootIng = nginxAppRoot(hp.entries, root)?.ingress;
      for (const ing of hp.ingresses) {
        const intent = intentsOf.get(ing)!.appRoot;
        if (!intent || ing === appRootIng || ing.owner.controller !== 'ingress-nginx') continue;
        const why = ing.rules.length === 0
          ? 'ingress-nginx does not apply app-root (nor rewrite-target, use-regex, the SSL-redirect or permanent/temporal-redirect annotations) to the catch-all default backend of an Ingress without rules, and neither does the conversion'
          : appRootIng
            ? `on host ${host === '*' ? '(catch-all)' : host} the app-root of Ingress ${appRootIng.namespace}/${appRootIng.name} comes first in ingress-nginx's location order and answers /; this one is never used there, as in the conversion`
            : `on host ${host === '*' ? '(catch-all)' : host} no location of this Ingress is served, so ingress-nginx never wrote its app-root redirect, and neither does the conversion`;
        const unused = appRootUnused.get(ing);
        if (unused) unused.whys.push(why);
        else appRootUnused.set(ing, { key: intent.key, whys: [why] });
      }
    } else {
      appRootIng = hp.ingresses.find((i) => intentsOf.get(i)!.appRoot);
    }
    const appRootIntent = appRootIng ? intentsOf.get(appRootIng)!.appRoot! : undefined;

    let defaultBackend: HostRouteInput['defaultBackend'];
    if (host === '*') {
      // Its other annotations (timeouts, retries, CORS, headers, mirror, upstream-vhost) do apply.
      if (withDefault) defaultBackend = { ingress: withDefault, backend: withDefault.defaultBackend as ServiceBackend, ...(withDefault.owner.controller === 'ingress-nginx' ? { patches: intentsOf.get(withDefault)!.routePatches } : {}) };
    } else if (hp.first.owner.controller === 'ingress-nginx' && hp.first.defaultBackend?.kind === 'service') {
      // The host's root location carries all annotations of the Ingress that created the host: its
      // rewrite-target rewrites what reaches the default backend too (`rewrite "(?i)/" <target>`).
      const rt = intentsOf.get(hp.first)!.rewriteTarget;
      defaultBackend = {
        ingress: hp.first,
        backend: hp.first.defaultBackend,
        patches: intentsOf.get(hp.first)!.routePatches,
        ...(rt && rt.target && rt.target !== '/' && !isRedirectTarget(rt.target) ? { rewrite: { target: rt.target, key: rt.key } } : {}),
      };
    }

    const httpsRedirect = (loc: (typeof locations)[number]): number | undefined => {
      const i = loc.intents.httpsRedirect;
      if (loc.ingress.owner.controller === 'ingress-nginx') {
        const enabled = i?.enabled ?? nginxSslRedirectDefault;
        const force = i?.force ?? false;
        if (!(force || (enabled && hostHasNginxTls(host)))) return undefined;
        if (loc.path && noTlsRedirect.some((p) => loc.path!.path.startsWith(p))) return undefined;
        if (i) used(loc.ingress, i.key);
        return i?.code ?? nginxRedirectCode;
      }
      const v = vendorSemantics[loc.ingress.owner.controller];
      if (v) {
        const d = v.httpsRedirectDefault;
        const enabled = i?.force || (i?.enabled ?? (d.enabledForTlsHosts && hostHasVendorTls(loc.ingress.owner.controller, host)));
        if (!enabled) return undefined;
        if (loc.path && (d.exemptPrefixes ?? []).some((p) => loc.path!.path.startsWith(p))) return undefined;
        if (i) used(loc.ingress, i.key);
        return i?.code ?? d.code;
      }
      if (i?.enabled || i?.force) {
        used(loc.ingress, i.key);
        return i.code ?? 301;
      }
      return undefined;
    };

    // ingress-nginx also redirects paths no Ingress claims: the server's root location carries the
    // settings of the Ingress that created the host.
    // A permanent/temporal redirect of that Ingress is answered first (nginx's rewrite phase).
    let rootRedirect: number | undefined;
    let rootMoved: { url: string; code: number; ingress: Ingress; key: string } | undefined;
    if (host !== '*' && hp.first.owner.controller === 'ingress-nginx') {
      const firstIntents = intentsOf.get(hp.first)!;
      const i = firstIntents.httpsRedirect;
      const rt = firstIntents.rewriteTarget;
      if (firstIntents.redirect) rootMoved = { ...firstIntents.redirect, ingress: hp.first };
      // The root location's `rewrite "(?i)/" https://… break` redirects every unmatched path (302).
      else if (rt && isRedirectTarget(rt.target)) rootMoved = { url: rt.target, code: 302, key: rt.key, ingress: hp.first };
      else if (i?.force || ((i?.enabled ?? nginxSslRedirectDefault) && hostHasNginxTls(host))) rootRedirect = i?.code ?? nginxRedirectCode;
    }

    const httpsRedirectPort = (loc: (typeof locations)[number]) => loc.intents.httpsRedirect?.port;
    const redirectExemptions = (loc: (typeof locations)[number]) => vendorSemantics[loc.ingress.owner.controller]?.httpsRedirectDefault.exemptPrefixes;
    const http = buildHostRoutes({
      httpsRedirectPort,
      redirectExemptions,
      rootRedirect,
      rootMoved,
      host,
      locations,
      authority,
      httpsRedirect,
      canaries,
      appRoot: appRootIng && appRootIntent ? { path: appRootIntent.path, code: appRootIntent.code, ingress: appRootIng, key: appRootIntent.key } : undefined,
      defaultBackend,
      services,
      options,
      notes: routeNotes,
      used,
      strings,
    });

    // TLS passthrough (ingress-nginx ssl-passthrough): SNI route to the backend of the host.
    let tlsRoutes: TLSRoute[] | undefined;
    const passIng = hp.ingresses.find((i) => intentsOf.get(i)!.passthrough);
    if (passIng) {
      const first = locations.find((l) => l.ingress === passIng && l.backend);
      if (first?.backend) {
        const destination = destinationFor(passIng, first.backend, services, options, routeNotes, first.field, strings);
        tlsRoutes = [{ match: [{ sniHosts: [host], port: 443 }], route: [{ destination }] }];
        used(passIng, intentsOf.get(passIng)!.passthrough!.key);
      }
    }

    if (!http.length && !tlsRoutes && host !== '*' && hp.first.owner.controller === 'ingress-nginx' && capturedByAnother(host, hosts)) {
      // nginx still has a server for the host and answers 404 from its root location; without a
      // VirtualService, Envoy would hand the host to the catch-all or wildcard routes instead.
      http.push({ name: `${host}:no-route`, match: [withAuthorityMatch({ uri: { prefix: '/' } }, authority)], directResponse: { status: 404 } });
      note(hp.first, 'spec.rules', 'converted', `host ${host} has no path ingress-nginx serves, so it answered 404 for every request; a 404 directResponse route keeps Istio from routing the host with the catch-all or wildcard rules`, { tags: ['catch-all'] });
    }
    if (deeperNames) {
      // Shallow copies: the catch-all VirtualService is finished and nothing changes its routes
      // afterwards, so the copies share their destinations, rewrites and headers with it (the
      // printer writes shared objects out in full: `noRefs`). Only name and match differ.
      for (const r of vsOfHost.get('*')?.spec.http ?? []) {
        const copy: HTTPRoute = { ...r, match: (r.match ?? [{}]).map((m) => ({ ...m, authority: deeperNames })) };
        if (r.name) copy.name = strings.str(`catch-all:${r.name}`); // the same in every wildcard VirtualService
        http.push(copy);
      }
    }
    if (!http.length && !tlsRoutes) continue;
    const aliases: string[] = [];
    for (const i of hp.ingresses) {
      const sa = i.rules.length ? intentsOf.get(i)!.serverAliases : undefined; // aliases come with rules only
      if (sa) {
        for (const a of sa.hosts) if (!aliases.includes(a) && a !== host && !hosts.has(a)) aliases.push(a);
        used(i, sa.key);
      }
    }
    // Istio merges a `*` VirtualService into every host of a Gateway server that admits its
    // namespace, so unmatched paths of a specific host would reach the catch-all routes. In the
    // gateway namespace it is admitted only by its own server; ingress-nginx kept them apart too.
    const vsNamespace = host === '*' ? options.gatewayNamespace : hp.namespace;
    if (host === '*' && vsNamespace !== hp.namespace) {
      note(hp.first, 'spec.rules', 'converted', `the catch-all routes (rules without host, default backend) are in VirtualService ${vsNamespace}/catch-all, the gateway namespace, so Istio does not merge them into the other hosts of namespace ${hp.namespace}`, { tags: ['catch-all'] });
    }
    const names = vsNames.get(vsNamespace) ?? new Set<string>();
    vsNames.set(vsNamespace, names);
    let name = readableName(host === '*' ? 'catch-all' : host);
    if (names.has(name)) name = readableName(`${name}-${shortHash(host)}`);
    names.add(name);
    const vs: VirtualService = {
      apiVersion: apiVersionFor('VirtualService', options),
      kind: 'VirtualService',
      metadata: meta(name, vsNamespace, hp.ingresses.map((i) => `${i.namespace}/${i.name}`)),
      spec: {
        hosts: [host, ...aliases.sort()],
        gateways: [gatewayRef],
        ...(http.length ? { http } : {}),
        ...(tlsRoutes ? { tls: tlsRoutes } : {}),
      },
    };
    resources.push(vs);
    vsOfHost.set(host, vs);
    const vsRef = strings.str(ref('VirtualService', vsNamespace, name));
    for (const [ing, key] of usedKeys) land(ing, key, vsRef);
    for (const ing of hp.ingresses) land(ing, '*', vsRef);
    const nsHosts = plan.httpHosts.get(vsNamespace) ?? new Set<string>();
    plan.httpHosts.set(vsNamespace, nsHosts);
    if (http.length) for (const h of vs.spec.hosts!) nsHosts.add(h);
    if (tlsRoutes) {
      const ph = plan.passthrough.get(vsNamespace) ?? new Set<string>();
      plan.passthrough.set(vsNamespace, ph);
      ph.add(host);
    }
    for (const ing of hp.ingresses) plan.sources.add(`${ing.namespace}/${ing.name}`);
  }
  // An app-root used on some hosts but not on others: say where not (unused everywhere: the rule's
  // own finding is downgraded with the same reasons by consume-or-report below).
  for (const [ing, { key, whys }] of appRootUnused) {
    if (landedOf(ing, key) === undefined) continue;
    for (const why of whys) note(ing, key, 'ignored', why, { tags: ['app-root'] });
  }
  for (const n of routeNotes) note(n.ingress, n.key, n.level, n.message, { ...(n.advice ? { advice: n.advice } : {}), ...(n.tags ? { tags: n.tags } : {}) });

  // 6. HTTPS servers: one per (namespace, secret); a host binds to the first secret that names it.
  const hostSecret = new Map<string, string>();
  const passthroughHosts = new Set([...plan.passthrough.values()].flatMap((s) => [...s]));
  for (const ing of served) {
    if (isCanary(ing)) continue;
    const intents = intentsOf.get(ing)!;
    ing.tls.forEach((t, ti) => {
      const field = `spec.tls[${ti}]`;
      const ruleHosts = ing.rules.map((r) => r.host).filter((h): h is string => Boolean(h));
      const tlsHosts = t.hosts.length ? t.hosts : ruleHosts;
      if (!t.secretName) {
        note(ing, `${field}.secretName`, 'unsupported', `TLS entry for ${tlsHosts.join(', ') || '(no hosts)'} has no secretName: the controller served its default certificate, which Istio does not have; no HTTPS server was emitted for these hosts`, {
          advice: `Create a TLS Secret for these hosts in namespace ${options.gatewayNamespace} and add an HTTPS server that names it.`,
          source: t.source,
        });
        return;
      }
      // The Secret lives in the Ingress namespace unless a delegation (Contour tls-cert-namespace) says otherwise.
      const secretNs = intents.tlsSecretNamespace?.namespace ?? ing.namespace;
      if (intents.tlsSecretNamespace) land(ing, intents.tlsSecretNamespace.key, ref('Gateway', options.gatewayNamespace, options.gatewayName));
      const key = `${secretNs}/${t.secretName}`;
      let binding = plan.tls.get(key);
      const credentialName = credentialNameFor(secretNs, t.secretName);
      for (const h of tlsHosts) {
        const vsHost = vsOfHost.has(h) ? h : undefined;
        if (!vsHost) {
          note(ing, `${field}.hosts`, 'ignored', `TLS host ${h} has no rules in any Ingress; there is nothing to route for it`, { source: t.source });
          continue;
        }
        if (passthroughHosts.has(h)) continue;
        const prev = hostSecret.get(h);
        if (prev && prev !== key) {
          note(ing, `${field}.secretName`, 'ignored', `host ${h} already uses certificate ${prev} (from an older Ingress); like the controller, the first certificate wins`, { tags: ['conflict'], source: t.source });
          continue;
        }
        hostSecret.set(h, key);
        if (!binding) {
          binding = { namespace: secretNs, secretName: t.secretName, credentialName, hosts: new Set(), sources: new Set() };
          plan.tls.set(key, binding);
        }
        const vs = vsOfHost.get(h)!;
        binding.hosts.add(`${vs.metadata.namespace}/${h}`);
        for (const a of vs.spec.hosts!.slice(1)) binding.hosts.add(`${vs.metadata.namespace}/${a}`);
        binding.sources.add(`${ing.namespace}/${ing.name}`);
        if (intents.serverTls) {
          const prevSettings = binding.settings ? JSON.stringify(binding.settings) : undefined;
          const next = JSON.stringify(intents.serverTls.settings);
          if (prevSettings && prevSettings !== next) {
            note(ing, intents.serverTls.key, 'ignored', `the HTTPS server for ${t.secretName} already has TLS settings from another Ingress; the first one wins`, { tags: ['conflict'] });
          } else {
            binding.settings = { ...intents.serverTls.settings };
            land(ing, intents.serverTls.key, ref('Gateway', options.gatewayNamespace, options.gatewayName));
          }
        }
      }
      if (binding && binding.hosts.size) {
        const cmd =
          `kubectl get secret ${t.secretName} -n ${secretNs} -o json | ` +
          `jq '{apiVersion, kind, type, data, metadata: {name: "${credentialName}", namespace: "${options.gatewayNamespace}"}}' | kubectl apply -f -`;
        note(ing, `${field}.secretName`, 'partial', `Istio reads TLS certificates from the gateway namespace: copy Secret ${secretNs}/${t.secretName} to ${options.gatewayNamespace}/${credentialName} (the Gateway's credentialName), and keep it in sync (or move the cert-manager Certificate there)`, {
          advice: cmd,
          tags: ['secret-copy'],
          data: { command: cmd, secret: `${secretNs}/${t.secretName}`, credentialName: `${options.gatewayNamespace}/${credentialName}` },
          istio: [ref('Gateway', options.gatewayNamespace, options.gatewayName)],
          source: t.source,
        });
      }
    });
  }

  // HTTPS redirect parity notes (ingress-nginx strips a trailing slash from the redirect target).
  for (const ing of served) {
    if (ing.owner.controller !== 'ingress-nginx' || (isCanary(ing) && !plainCanaries.has(ing))) continue;
    const intents = intentsOf.get(ing)!;
    // A canary's ordinary locations live on its host only when a non-canary Ingress created it.
    const redirected = ing.rules.some((r) => r.host && (!isCanary(ing) || hosts.has(r.host)) && (intents.httpsRedirect?.force || ((intents.httpsRedirect?.enabled ?? nginxSslRedirectDefault) && hostHasNginxTls(r.host))));
    if (!redirected) continue;
    const code = intents.httpsRedirect?.code ?? nginxRedirectCode;
    note(ing, 'spec.tls', intents.preserveTrailingSlash ? 'converted' : 'partial', intents.preserveTrailingSlash
      ? `plain HTTP requests are redirected to HTTPS with ${code}, as ingress-nginx did (VirtualService redirect routes on port 80)`
      : `plain HTTP requests are redirected to HTTPS with ${code}, as ingress-nginx did; ingress-nginx removed a trailing slash from the redirect target (/a/ → https://host/a), Istio keeps it`, {
      tags: intents.preserveTrailingSlash ? ['https-redirect'] : ['https-redirect', 'behaviour-change'],
      istio: refList(landedOf(ing, '*')),
    });
  }

  for (const ing of served) {
    const v = vendorSemantics[ing.owner.controller];
    if (!v) continue;
    const intents = intentsOf.get(ing)!;
    const d = v.httpsRedirectDefault;
    const redirected = ing.rules.some((r) => r.host && (intents.httpsRedirect?.force || (intents.httpsRedirect?.enabled ?? (d.enabledForTlsHosts && hostHasVendorTls(ing.owner.controller, r.host)))));
    if (!redirected) continue;
    const code = intents.httpsRedirect?.code ?? d.code;
    const portNote = d.port && d.port !== 443 && intents.httpsRedirect?.port === undefined ? `; ${v.name} redirected to port ${d.port} unless its configuration said otherwise, Istio redirects to the default HTTPS port` : '';
    const why = intents.httpsRedirect ? `as ${v.name} did for ${intents.httpsRedirect.key}` : `as ${v.name} did by default for hosts with TLS`;
    note(ing, 'spec.tls', portNote ? 'partial' : 'converted', `plain HTTP requests are redirected to HTTPS with ${code}, ${why} (VirtualService redirect routes on port 80)${portNote}`, {
      tags: portNote ? ['https-redirect', 'behaviour-change'] : ['https-redirect'],
      istio: refList(landedOf(ing, '*')),
    });
  }

  // VirtualServices a rule built itself (e.g. from-to-www-redirect) need their hosts on the
  // Gateway's HTTP server too, unless the host already belongs to a generated VirtualService.
  for (const ing of served) {
    for (const r of intentsOf.get(ing)!.resources) {
      if (r.resource.kind !== 'VirtualService') continue;
      const vs = r.resource as VirtualService;
      const ns = vs.metadata.namespace;
      for (const h of vs.spec.hosts ?? []) {
        if (vsOfHost.has(h)) {
          note(ing, r.key, 'partial', `host ${h} is already served by VirtualService ${vsOfHost.get(h)!.metadata.namespace}/${vsOfHost.get(h)!.metadata.name}; the extra VirtualService ${ns}/${vs.metadata.name} for it is not admitted by the Gateway`, { tags: ['conflict'] });
          continue;
        }
        const set = plan.httpHosts.get(ns) ?? new Set<string>();
        plan.httpHosts.set(ns, set);
        set.add(h);
      }
      plan.sources.add(`${ing.namespace}/${ing.name}`);
    }
  }

  const gw = buildGateway(plan, options);
  if (gw) resources.push(gw);

  // 7. DestinationRules: one per backend Service, scoped to the gateway workload.
  // Sources of a merged DestinationRule: its annotation is written once at the end, not rebuilt per merge.
  const drs = new Map<string, { dr: DestinationRule; owner: Ingress; pieces?: Set<string>; last?: string }>();
  for (const ing of served) {
    for (const tp of intentsOf.get(ing)!.trafficPolicies) {
      const host = `${tp.service}.${ing.namespace}.svc.${options.clusterDomain}`;
      const key = `${ing.namespace}/${tp.service}`;
      const policy: TrafficPolicy = tp.port !== undefined ? { portLevelSettings: [{ port: { number: tp.port }, ...tp.policy }] } : tp.policy;
      const existing = drs.get(key);
      if (existing) {
        const merged = mergePolicy(existing.dr.spec.trafficPolicy ?? {}, policy);
        if (merged === undefined) {
          note(ing, tp.key, 'partial', `Service ${key} already has a different ${Object.keys(tp.policy).join('/')} setting from Ingress ${existing.owner.namespace}/${existing.owner.name}; one DestinationRule per Service can hold only one, and (like the controller's shared upstream) the first wins`, { tags: ['conflict'] });
          continue;
        }
        existing.dr.spec.trafficPolicy = merged;
        existing.pieces ??= new Set(existing.dr.metadata.annotations!['ingress2istio.io/source']!.split(','));
        if (existing.last !== undefined) for (const p of existing.last.split(',')) existing.pieces.add(p);
        existing.last = `${ing.namespace}/${ing.name}`;
        land(ing, tp.key, ref('DestinationRule', existing.dr.metadata.namespace, existing.dr.metadata.name));
        continue;
      }
      // `<namespace>.<service>`: unambiguous (namespaces have no dots) and unique in the gateway namespace.
      const name = `${ing.namespace}.${tp.service}`;
      const dr: DestinationRule = {
        apiVersion: apiVersionFor('DestinationRule', options),
        kind: 'DestinationRule',
        metadata: meta(name, options.gatewayNamespace, [`${ing.namespace}/${ing.name}`]),
        spec: { host, workloadSelector: { matchLabels: { ...options.gatewaySelector } }, trafficPolicy: policy },
      };
      drs.set(key, { dr, owner: ing });
      land(ing, tp.key, ref('DestinationRule', options.gatewayNamespace, name));
    }
  }
  for (const d of drs.values()) {
    // As if rebuilt at each merge: the unique source pieces, sorted, joined.
    if (d.last !== undefined) d.dr.metadata.annotations!['ingress2istio.io/source'] = [...new Set([...d.pieces!, d.last])].sort().join(',');
  }
  for (const k of [...drs.keys()].sort()) resources.push(drs.get(k)!.dr);

  // 8. Resources built by rules (AuthorizationPolicy, EnvoyFilter): identical duplicates merge.
  const extra = new Map<string, { res: IstioResource; text: string; owner: Ingress }>();
  for (const ing of served) {
    for (const r of intentsOf.get(ing)!.resources) {
      const id = ref(r.resource.kind, r.resource.metadata.namespace, r.resource.metadata.name);
      const text = JSON.stringify(r.resource.spec);
      const prev = extra.get(id);
      if (prev && prev.text !== text) {
        note(ing, r.key, 'error', `${id} would be generated twice with different content (also from ${prev.owner.namespace}/${prev.owner.name}); the second was dropped`, { tags: ['conflict'] });
        continue;
      }
      if (!prev) extra.set(id, { res: { ...r.resource, apiVersion: apiVersionFor(r.resource.kind, options) }, text, owner: ing });
      land(ing, r.key, id);
    }
  }
  for (const k of [...extra.keys()].sort()) resources.push(extra.get(k)!.res);

  // Controller defaults Istio does not share (body limits, timeouts, health checks…): reported
  // once per served Ingress unless an annotation overrides them. Behaviour changes, not blockers.
  for (const ing of served) {
    if (isCanary(ing)) continue;
    const list = ing.owner.controller === 'ingress-nginx' ? nginxDefaultDifferences : vendorSemantics[ing.owner.controller]?.defaultDifferences;
    if (!list?.length) continue;
    for (const d of list) {
      if (d.when === 'tls' && !ing.tls.length) continue;
      if (d.id === 'haproxy-ingress-hsts') continue; // emitted above
      if (overridden(ing, d.overriddenBy)) continue;
      let message = d.message;
      if (d.id === 'ingress-nginx-body-size') {
        const size = (cm['proxy-body-size'] ?? '1m').trim();
        if (size === '0') continue;
        message = `ingress-nginx refused request bodies over ${size} (413; ConfigMap proxy-body-size${cm['proxy-body-size'] ? '' : ' default'}); Istio accepts any size`;
      }
      if (d.id === 'ingress-nginx-read-timeout') {
        const t = (cm['proxy-read-timeout'] ?? '60').trim();
        message = `ingress-nginx closed a backend connection idle for ${t}s (ConfigMap proxy-read-timeout${cm['proxy-read-timeout'] ? '' : ' default'}); Istio sets no route timeout by default`;
      }
      note(ing, `default:${d.id}`, 'partial', message, { advice: d.advice, tags: ['controller-default', 'behaviour-change'] });
    }
  }

  // 9. Consume or report, engine side: an intent that no generated object carries must not stay
  //    reported as converted.
  // (The loops over every finding live in small functions of their own, which V8 optimizes
  // quickly; inside this long function they would run in the interpreter for a while.)
  sites.group(findings, 0);
  const grouped = findings.length;
  for (const ing of ingresses) consumeOrReport(ing, intentsOf.get(ing)!, sites.of(ing), isCanary(ing), plainCanaries.has(ing), appRootUnused.get(ing)?.whys, note, strings);
  sites.group(findings, grouped);

  // 10. Fill Finding.istio for converted/partial findings; sort everything.
  sites.fillIstio(strings);
  resources.sort(compareResources);
  sites.orderInto(findings);

  Object.assign(lastCounters, counters);
  return {
    ingresses,
    resources,
    findings,
    errors: input.errors,
    stats: input.stats,
    summary: summarize(ingresses.length, resources, findings, input.errors.length),
  };
}

/** Whether Envoy would route `host` with another generated host's routes (the catch-all, or a wildcard covering it). */
function capturedByAnother(host: string, hosts: Map<string, unknown>): boolean {
  if (hosts.has('*')) return true;
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) if (hosts.has(`*${host.slice(i)}`) && `*${host.slice(i)}` !== host) return true;
  return false;
}

function withAuthorityMatch(m: HTTPMatchRequest, authority: StringMatch | undefined): HTTPMatchRequest {
  return authority ? { ...m, authority } : m;
}

/**
 * Upstreams of the catch-all server's locations in the order mergeAlternativeBackends walks them:
 * the root location (the rule-less Ingress's default backend; the controller's own default backend,
 * which never takes a canary, otherwise, unless a hostless Prefix `/` rule took it over), then the
 * placed paths (first claim of a path and pathType).
 */
function catchAllUpstreams(hp: HostPaths | undefined, withDefault: Ingress | undefined): string[] {
  const keys: string[] = [];
  if (withDefault?.defaultBackend?.kind === 'service') keys.push(upstreamKey(withDefault.namespace, withDefault.defaultBackend));
  const claimed = new Set<string>();
  const entries = [...(hp?.entries ?? [])];
  const root = withDefault ? -1 : entries.findIndex((e) => e.path.path === '/' && e.path.pathType !== 'Exact');
  if (root > 0) entries.unshift(...entries.splice(root, 1));
  for (const e of entries) {
    const claim = `${e.path.pathType === 'Exact' ? 'Exact' : 'Prefix'}\u0000${e.path.path}`;
    if (claimed.has(claim)) continue;
    claimed.add(claim);
    if (e.path.backend.kind === 'service') keys.push(upstreamKey(e.ingress.namespace, e.path.backend));
  }
  return keys;
}

/**
 * Upstream of an ingress-nginx server's root location while no rule holds `/`: the rule-less
 * Ingress's default backend on the catch-all, the creating Ingress's default backend on a host;
 * undefined for the controller's own default backend (never a canary primary).
 */
function rootUpstreamOf(hp: HostPaths & { first: Ingress }, withDefault: Ingress | undefined): string | undefined {
  const owner = hp.host === '*' ? withDefault : hp.first;
  if (!owner || owner.owner.controller !== 'ingress-nginx' || owner.defaultBackend?.kind !== 'service') return undefined;
  return upstreamKey(owner.namespace, owner.defaultBackend);
}

/**
 * Position of the first location of the upstream `key` on an ingress-nginx server, in the order
 * mergeAlternativeBackends walks them: the root location first (its backend is the creating
 * Ingress's default backend; on the catch-all, the rule-less Ingress's), then the paths as placed
 * (the first claim of a path and pathType). -1 for the root location, undefined when none.
 */
function firstLocationOf(hp: HostPaths & { first: Ingress }, key: string, withDefault: Ingress | undefined): number | undefined {
  const rootOwner = hp.host === '*' ? withDefault : hp.first;
  if (rootOwner?.defaultBackend?.kind === 'service' && upstreamKey(rootOwner.namespace, rootOwner.defaultBackend) === key) return -1;
  const claimed = new Set<string>();
  for (let i = 0; i < hp.entries.length; i++) {
    const e = hp.entries[i]!;
    const claim = `${e.path.pathType === 'Exact' ? 'Exact' : 'Prefix'}\u0000${e.path.path}`;
    if (claimed.has(claim)) continue;
    claimed.add(claim);
    if (e.path.backend.kind === 'service' && upstreamKey(e.ingress.namespace, e.path.backend) === key) return i;
  }
  return undefined;
}

/**
 * NGINX Inc mergeable Ingresses: a minion inherits some of its master's annotations (those it does
 * not set itself). The rules see the minion with those annotations, each keeping the master's
 * source line, so the routes of the minion behave as NGINX Inc served them.
 */
function withNicInheritance(ingresses: Ingress[]): Ingress[] {
  const nic = ingresses.filter((i) => i.owner.controller === 'nginx-inc');
  if (!nic.length) return ingresses;
  const { groups } = nicHostOwnership(nic);
  if (!groups.length) return ingresses;
  const replaced = new Map<Ingress, Ingress>();
  for (const g of groups) {
    for (const minion of g.minions) {
      const effective = g.annotations.get(`${minion.namespace}/${minion.name}`);
      if (!effective) continue;
      const own = new Set(minion.annotations.map((a) => a.key));
      const inherited = g.master.annotations.filter((a) => !own.has(a.key) && effective[a.key] === a.value);
      if (!inherited.length) continue;
      const annotations = [...minion.annotations, ...inherited].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      replaced.set(minion, { ...minion, annotations });
    }
  }
  return replaced.size ? ingresses.map((i) => replaced.get(i) ?? i) : ingresses;
}

const slashed = new WeakMap<readonly string[], string[]>();

/** Does an annotation of the Ingress (any prefix) set one of these keys? */
function overridden(ing: Ingress, names: readonly string[]): boolean {
  let suffixes = slashed.get(names);
  if (!suffixes) slashed.set(names, (suffixes = names.map((k) => `/${k}`)));
  for (const a of ing.annotations) for (const s of suffixes) if (a.key.endsWith(s)) return true;
  return false;
}

/** Consume or report for one Ingress: each intent key that landed nowhere downgrades its findings (or gets one). */
function consumeOrReport(
  ing: Ingress,
  intents: IngressIntents,
  site: Site,
  canary: boolean,
  plainCanary: boolean,
  appRootUnused: string[] | undefined,
  note: (ing: Ingress, key: string, level: Finding['level'], message: string) => void,
  strings: Interner,
): void {
  const keys = new Set<string>();
  for (const list of [intents.routePatches, intents.routeTransforms, intents.trafficPolicies, intents.resources]) for (const x of list) keys.add(x.key);
  for (const x of [intents.rewriteTarget, intents.redirect, intents.appRoot, intents.canary, intents.serverTls, intents.passthrough, intents.serverAliases]) if (x) keys.add(x.key);
  const routed = landedAt(site, '*') !== undefined;
  for (const key of keys) {
    if (landedAt(site, key) !== undefined) continue;
    let level: Finding['level'] = 'unsupported';
    let why = 'it was not carried into any generated object';
    if (appRootUnused && key === intents.appRoot?.key) {
      level = 'ignored';
      why = appRootUnused.join('; ');
    } else if (canary && plainCanary && key === intents.canary?.key) {
      level = 'ignored';
      why = 'no path of this canary Ingress became a canary split: ingress-nginx serves paths whose Service+port already had a normal upstream as ordinary locations (see the path findings), and so does the conversion';
    } else if (canary && key !== intents.canary?.key) {
      level = 'ignored';
      why = 'ingress-nginx ignores it on a canary Ingress (the primary Ingress decides how its paths behave), and so does the conversion';
    } else if (!routed && !canary) {
      level = 'ignored';
      why = 'no route was generated for this Ingress (see its other findings), so there was nothing to apply it to';
    } else if (intents.serverTls?.key === key) {
      level = 'ignored';
      why = 'none of its hosts has an HTTPS server, so the TLS settings have nothing to apply to';
    }
    let own = 0;
    for (const f of site.findings) {
      if (f.key !== key) continue;
      own++;
      if (f.level !== 'converted' && f.level !== 'partial') continue;
      f.level = level;
      f.message = strings.str(`${f.message}; however ${why}`);
    }
    if (!own) note(ing, key, level, why);
  }
}

/** The finding with its strings and lists replaced by the conversion's shared copies (see intern.ts). */
function shareStrings(f: Finding, strings: Interner): Finding {
  f.key = strings.str(f.key);
  f.message = strings.str(f.message);
  if (typeof f.advice === 'string') f.advice = strings.str(f.advice);
  f.istio = strings.list(f.istio);
  if (f.tags) f.tags = strings.list(f.tags);
  return f;
}

/** Merge two traffic policies; undefined when they disagree on a field both set. */
function mergePolicy(a: TrafficPolicy, b: TrafficPolicy): TrafficPolicy | undefined {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'portLevelSettings') {
      out[k] = [...((out[k] as unknown[]) ?? []), ...(v as unknown[])];
      continue;
    }
    if (out[k] !== undefined && JSON.stringify(out[k]) !== JSON.stringify(v)) return undefined;
    out[k] = v;
  }
  return out as TrafficPolicy;
}

export function compareResources(a: IstioResource, b: IstioResource): number {
  const ka = KIND_ORDER.indexOf(a.kind);
  const kb = KIND_ORDER.indexOf(b.kind);
  if (ka !== kb) return ka - kb;
  if (a.metadata.namespace !== b.metadata.namespace) return a.metadata.namespace < b.metadata.namespace ? -1 : 1;
  if (a.metadata.name !== b.metadata.name) return a.metadata.name < b.metadata.name ? -1 : 1;
  return 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of findings in every output: by Ingress (namespace, name, file), key, rule, level, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.ingress.namespace, b.ingress.namespace) || cmp(a.ingress.name, b.ingress.name) || compareFindingsOfIngress(a, b);
}

/** compareFindings for findings of one Ingress (same namespace and name). */
function compareFindingsOfIngress(a: Finding, b: Finding): number {
  return cmp(a.ingress.file, b.ingress.file) || cmp(a.key, b.key) || cmp(a.rule, b.rule) || cmp(a.level, b.level) || cmp(a.message, b.message);
}

/** Stable in-place sort for the few findings of one Ingress (Array.prototype.sort allocates work arrays per call); quadratic, so only for short arrays. */
function insertionSort<T>(a: T[], compare: (x: T, y: T) => number): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && compare(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** What the engine keeps per Ingress identity (namespace + name). */
interface Site {
  namespace: string;
  name: string;
  /**
   * Where its keys landed, as `[key, objects, key, objects…]`: key (`*` for any route of the
   * Ingress) → the Istio object it landed in, or the objects in the order they came (no repeats)
   * when several. Most keys land in one object only. A Map with a Set per key cost ≈ 1 KB per
   * Ingress, kept until the end of the conversion; an Ingress has as many keys as annotations at
   * most, so a scan is cheap.
   */
  landed: Array<string | string[]> | undefined;
  findings: Finding[];
}

function landedAt(site: Site, key: string): string | string[] | undefined {
  const l = site.landed;
  if (l) for (let i = 0; i < l.length; i += 2) if (l[i] === key) return l[i + 1];
  return undefined;
}

function landAt(site: Site, key: string, r: string): void {
  const l = (site.landed ??= []);
  for (let i = 0; i < l.length; i += 2) {
    if (l[i] !== key) continue;
    const prev = l[i + 1]!;
    if (typeof prev === 'string') {
      if (prev !== r) l[i + 1] = [prev, r];
    } else if (!prev.includes(r)) prev.push(r);
    return;
  }
  l.push(key, r);
}

/** The objects a key landed in, in the order they came. */
function refList(landed: string | string[] | undefined): string[] {
  return landed === undefined ? [] : typeof landed === 'string' ? [landed] : [...landed];
}

/** Sites by namespace and name, with the lookups cached per Ingress object and per finding subject. */
class Sites {
  private readonly byNs = new Map<string, Map<string, Site>>();
  private readonly byObject = new Map<object, Site>();

  private named(namespace: string, name: string): Site {
    let names = this.byNs.get(namespace);
    if (!names) this.byNs.set(namespace, (names = new Map()));
    let site = names.get(name);
    if (!site) names.set(name, (site = { namespace, name, landed: undefined, findings: [] }));
    return site;
  }

  of(ing: Ingress): Site {
    let site = this.byObject.get(ing);
    if (!site) {
      site = this.named(ing.namespace, ing.name);
      this.byObject.set(ing, site);
      // Findings of this Ingress share its subject object: look them up by it too.
      this.byObject.set(findingSubject(ing), site);
    }
    return site;
  }

  ofSubject(s: FindingSubject): Site {
    return this.byObject.get(s) ?? this.named(s.namespace, s.name);
  }

  /** Add findings[from..] to the lists of their Ingresses. */
  group(findings: readonly Finding[], from: number): void {
    for (let i = from; i < findings.length; i++) this.ofSubject(findings[i]!.ingress).findings.push(findings[i]!);
  }

  /** Finding.istio of converted/partial findings: where their key landed (engine findings: any route of the Ingress). */
  fillIstio(strings: Interner): void {
    const sorted = new Map<string[], string[]>(); // each list sorted once, shared by its findings
    for (const names of this.byNs.values()) {
      for (const site of names.values()) {
        if (!site.landed) continue;
        const any = landedAt(site, '*');
        for (const f of site.findings) {
          if (f.istio.length || (f.level !== 'converted' && f.level !== 'partial')) continue;
          const landed = landedAt(site, f.key) ?? (f.rule !== 'core' ? undefined : any);
          if (landed === undefined) continue;
          if (typeof landed === 'string') {
            f.istio = strings.list([landed]);
            continue;
          }
          let refs = sorted.get(landed);
          if (!refs) sorted.set(landed, (refs = strings.list([...landed].sort())));
          f.istio = refs;
        }
      }
    }
  }

  /**
   * Write every grouped finding into `out`, in compareFindings order: the same order as a stable
   * sort of all of them, for less work (Ingresses by namespace and name, then each one's findings).
   */
  orderInto(out: Finding[]): void {
    let n = 0;
    for (const ns of [...this.byNs.keys()].sort(cmp)) {
      const names = this.byNs.get(ns)!;
      for (const name of [...names.keys()].sort(cmp)) {
        const list = names.get(name)!.findings;
        if (list.length > 32) list.sort(compareFindingsOfIngress);
        else insertionSort(list, compareFindingsOfIngress);
        for (const f of list) out[n++] = f;
      }
    }
    out.length = n;
  }
}

function summarize(ingresses: number, resources: IstioResource[], findings: Finding[], errors: number) {
  const res: Record<string, number> = {};
  for (const r of resources) res[r.kind] = (res[r.kind] ?? 0) + 1;
  const fl: Record<string, number> = { converted: 0, partial: 0, unsupported: 0, ignored: 0, error: 0 };
  for (const f of findings) fl[f.level] = (fl[f.level] ?? 0) + 1;
  return { ingresses, resources: res, findings: fl, errors };
}

export type { HTTPRoute };

/**
 * RE2 for one DNS label (`[^.]+`) other than the given lower-case labels, without look-ahead: a
 * walk down the trie of the excluded labels, every branch leaving it (another character, or
 * stopping early) accepted. Letters are matched in both cases, as hosts are case-insensitive.
 */
export function labelExcept(excluded: string[]): string {
  if (!excluded.length) return '[^.]+';
  interface Node { end: boolean; next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const label of excluded) {
    let n = root;
    for (const ch of label.toLowerCase()) {
      let c = n.next.get(ch);
      if (!c) n.next.set(ch, (c = { end: false, next: new Map() }));
      n = c;
    }
    n.end = true;
  }
  const both = (ch: string) => (ch.toUpperCase() !== ch ? ch + ch.toUpperCase() : ch);
  const inClass = (ch: string) => both(ch).replace(/[\\\]^-]/g, '\\$&');
  const one = (ch: string) => (ch.toUpperCase() !== ch ? `[${inClass(ch)}]` : escapeRe2(ch));
  // Strings w (over [^.]) with prefix·w not excluded; `depth` > 0 allows stopping here.
  const walk = (n: Node, depth: number): string => {
    const chars = [...n.next.keys()].sort();
    const alts: string[] = [`[^.${chars.map(inClass).join('')}][^.]*`];
    for (const ch of chars) alts.push(`${one(ch)}${walk(n.next.get(ch)!, depth + 1)}`);
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    return depth > 0 && !n.end ? `${body}?` : body;
  };
  return walk(root, 0);
}
