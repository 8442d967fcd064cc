/**
 * Locations: the ordered list of path matches of one host, before they become Istio routes.
 * This is where each controller's path semantics and precedence live:
 * - Ingress/K8s spec and ingress-nginx (normal mode): exact wins, then the longest path; Istio takes
 *   the first matching route, so routes are sorted longest first, Exact before Prefix on a tie.
 * - ingress-nginx regex mode (any Ingress of the host has use-regex or an effective rewrite-target):
 *   every location of the host becomes `~* "^<path>"` (case-insensitive, start-anchored) and nginx
 *   takes the first match in its emission order: path length descending, ties in reverse
 *   lexicographic order. Istio: `(?i)^<path>.*` in the same order.
 */
import type { StringMatch } from '../istio/types.js';
import type { Ingress, IngressPath, ServiceBackend } from '../model/ingress.js';
import type { IngressIntents } from '../model/intents.js';
import { elementPrefix, exactPath, type PathTranslation } from '../semantics/spec.js';
import { escapeRe2, nginxLocationRegex, re2Incompatibility } from '../semantics/regex.js';
import { vendorSemantics } from '../semantics/index.js';

export interface Location {
  ingress: Ingress;
  intents: IngressIntents;
  /** Undefined for a default-backend location. */
  path?: IngressPath;
  /** Index of the rule/path in the Ingress, for field paths in findings. */
  field: string;
  t: PathTranslation;
  /** Case-insensitive exact/prefix (ignoreUriCase). */
  ignoreCase?: boolean;
  /** ingress-nginx: `/foo` → 301 `/foo/` for Prefix `/foo/`. */
  slashRedirect?: boolean;
  /** nginx location path string (regex-mode ordering). */
  nginxPath?: string;
  backend?: ServiceBackend;
  seq: number;
  /** Vendor sort key (higher first), when the controller has its own precedence. */
  specificity?: number;
}

export interface LocationProblem {
  ingress: Ingress;
  field: string;
  level: 'partial' | 'unsupported' | 'error' | 'ignored';
  message: string;
  advice?: string;
  tags?: string[];
}

export interface HostPaths {
  host: string;
  /** Non-canary Ingresses contributing paths to this host, oldest first. */
  entries: Array<{ ingress: Ingress; intents: IngressIntents; path: IngressPath; field: string }>;
}

function effectiveRewrite(intents: IngressIntents, path: string): boolean {
  const t = intents.rewriteTarget?.target;
  return t !== undefined && t !== '' && t !== path;
}



type Entry = HostPaths['entries'][number];

/** use-regex itself (not the regex switch a rewrite-target causes, which is per location). */
function usesRegexAnnotation(intents: IngressIntents): boolean {
  return Boolean(intents.regexPaths) && !intents.regexPaths!.key.endsWith('/rewrite-target');
}

/** A location as ingress-nginx builds it (controller.go, location.go), before it becomes a route. */
interface NginxLocation {
  entry: Entry;
  path: string;
  pathType: 'Exact' | 'Prefix';
  /** `= /foo` made from Prefix `/foo`. */
  copy?: boolean;
  seq: number;
}

function needsRewrite(l: NginxLocation): boolean {
  return effectiveRewrite(l.entry.intents, l.path);
}

/**
 * Steps 1 and 2 below: one location per path and pathType (the oldest Ingress keeps it; `onDuplicate`
 * hears of the others), in nginx's order before the Prefix expansion.
 */
function orderedNginxLocations(entries: Entry[], seqStart: number, onDuplicate?: (e: Entry, prev: Entry, pathType: string) => void): NginxLocation[] {
  let seq = seqStart;
  const base: NginxLocation[] = [];
  const seen = new Map<string, Entry>();
  for (const e of entries) {
    const pathType = e.path.pathType === 'Exact' ? 'Exact' : 'Prefix';
    const key = `${pathType}\u0000${e.path.path}`;
    const prev = seen.get(key);
    if (prev) {
      onDuplicate?.(e, prev, pathType);
      continue;
    }
    seen.set(key, e);
    base.push({ entry: e, path: e.path.path, pathType, seq: seq++ });
  }
  base.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : a.seq - b.seq));
  base.sort((a, b) => b.path.length - a.path.length || 0);
  return base;
}

/** Who carries the annotations of an ingress-nginx location: the Ingress and its intents. */
export interface NginxLocationOwner {
  ingress: Ingress;
  intents: IngressIntents;
}

/**
 * ingress-nginx app-root of one host. The template writes `if ($uri = /) { return 302 <app-root>; }`
 * at server level for every location whose Ingress has app-root, in location order, so the first
 * such location wins: every path longer than `/` comes first (length descending, then path
 * descending), then the host's root location, then an Exact `/`. The root location carries the
 * annotations of the Ingress that created the server (`root`; none on the catch-all server, where
 * even a rule-less Ingress's default backend keeps no rewrite annotations) unless a Prefix `/` rule
 * took it over. Only locations nginx serves count: `entries` must not hold unserved paths.
 */
export function nginxAppRoot(entries: HostPaths['entries'], root: NginxLocationOwner | undefined): NginxLocationOwner | undefined {
  if (!root?.intents.appRoot && !entries.some((e) => e.intents.appRoot)) return undefined; // the common case, without a sort
  const base = orderedNginxLocations(entries.filter((e) => e.ingress.owner.controller === 'ingress-nginx'), 0);
  const longer = base.filter((l) => l.path.length > 1);
  const prefixRoot = base.find((l) => l.path === '/' && l.pathType === 'Prefix');
  const exactRoot = base.filter((l) => l.path === '/' && l.pathType === 'Exact');
  const order: NginxLocationOwner[] = [...longer.map((l) => l.entry), ...(prefixRoot ? [prefixRoot.entry] : root ? [root] : []), ...exactRoot.map((l) => l.entry)];
  return order.find((o) => o.intents.appRoot);
}

/**
 * ingress-nginx locations of one host in the order nginx evaluates them:
 * 1. one location per path (same path and pathType: the oldest Ingress keeps it);
 * 2. stable sort by path descending, then by length descending;
 * 3. Prefix expansion (location.go): `/foo` → `/foo/` plus `= /foo` (unless an Exact `/foo`
 *    exists), skipped for locations with use-regex or an effective rewrite-target;
 * 4. regex mode when any location has use-regex or an effective rewrite-target: every location is
 *    `~* "^<path>"`, first match wins in this order. Otherwise exact wins, then the longest prefix,
 *    and nginx answers `/foo` with a 301 to `/foo/` for a location `/foo/` (no `= /foo`).
 */
function nginxLocations(entries: Entry[], problems: LocationProblem[], seqStart: number): Location[] {
  const base = orderedNginxLocations(entries, seqStart, (e, prev, pathType) => problems.push(duplicateProblem(e, prev, pathType)));
  let seq = seqStart + base.length;
  const exact = new Set(base.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const expanded: NginxLocation[] = [];
  for (const l of base) {
    if (l.path === '/' || l.pathType !== 'Prefix' || needsRewrite(l) || usesRegexAnnotation(l.entry.intents)) {
      expanded.push(l);
      continue;
    }
    const normalized = l.path.endsWith('/') ? l.path : `${l.path}/`;
    expanded.push({ ...l, path: normalized });
    if (!exact.has(l.path)) expanded.push({ ...l, pathType: 'Exact', copy: true });
  }
  const regexMode = expanded.some((l) => needsRewrite(l) || usesRegexAnnotation(l.entry.intents));
  const out: Location[] = [];
  const loc = (l: NginxLocation, t: PathTranslation, extra: Partial<Location> = {}): Location => ({
    ingress: l.entry.ingress,
    intents: l.entry.intents,
    path: l.entry.path,
    field: l.entry.field,
    t,
    nginxPath: l.path,
    backend: l.entry.path.backend.kind === 'service' ? l.entry.path.backend : undefined,
    seq: seq++,
    ...extra,
  });

  if (regexMode) {
    for (const l of expanded) {
      if (l.path === '/' && l.pathType === 'Exact' && !l.copy) {
        // The host's root location (`/`, a default-backend placeholder or a Prefix `/` rule) sorts
        // first among the length-1 paths and, as `~* "^/"`, matches everything.
        problems.push({
          ingress: l.entry.ingress,
          field: `${l.entry.field}.path`,
          level: 'ignored',
          message: 'Exact / is never reached in regex mode: the host\'s root location `~* "^/"` comes first and matches every request, in ingress-nginx as in the conversion',
          tags: ['regex', 'shadowed'],
        });
        continue;
      }
      const pattern = nginxLocationRegex(l.path);
      const why = re2Incompatibility(l.path, pattern);
      if (why) {
        problems.push({
          ingress: l.entry.ingress,
          field: `${l.entry.field}.path`,
          level: 'unsupported',
          message: `path regex "${l.path}" ${why}; no route was emitted for it, so requests it matched fall through to the next route`,
          advice: 'Rewrite the regex without PCRE-only constructs, then convert again.',
          tags: ['regex'],
        });
        continue;
      }
      out.push(loc(l, { uris: [{ regex: pattern }], pathRegex: pattern, matchKind: 'regex', length: l.path.length, rank: 1 }));
    }
    return out; // already in nginx order
  }

  // Normal mode: order does not matter to nginx, specificity does; Istio needs longest first.
  const exactPaths = new Set(expanded.filter((l) => l.pathType === 'Exact').map((l) => l.path));
  const copyOf = new Map<Entry, NginxLocation>();
  for (const l of expanded) if (l.copy) copyOf.set(l.entry, l);
  for (const l of expanded) {
    if (l.copy) continue;
    if (l.pathType === 'Exact') {
      out.push(loc(l, exactPath(l.path)));
      continue;
    }
    const t = stringPrefixTranslation(l.path);
    const copy = copyOf.get(l.entry);
    if (copy && copy.path !== l.path) {
      // `/foo/` + `= /foo` as one route: nothing between the two lengths can match `/foo`.
      t.uris = [{ exact: copy.path }, ...t.uris];
      t.pathRegex = `${escapeRe2(copy.path)}(/.*)?`;
    }
    const made = loc(l, t);
    out.push(made);
  }
  // nginx's own redirect: a request for `/foo` gets a 301 to `/foo/` when a location `/foo/` exists
  // and no `= /foo` does.
  const redirected = new Set<string>();
  for (const l of expanded) {
    if (l.copy || l.path.length < 2 || !l.path.endsWith('/')) continue;
    const bare = l.path.slice(0, -1);
    if (exactPaths.has(bare) || redirected.has(bare)) continue;
    redirected.add(bare);
    out.push(loc(l, { uris: [{ exact: bare }], pathRegex: escapeRe2(bare), matchKind: 'exact', length: bare.length, rank: 2 }, { slashRedirect: true, backend: undefined }));
  }
  return out;
}

function stringPrefixTranslation(path: string): PathTranslation {
  return { uris: [{ prefix: path }], pathRegex: `${escapeRe2(path)}.*`, matchKind: 'prefix', length: path.length, rank: 1 };
}

function duplicateProblem(e: Entry, prev: Entry, pathType: string): LocationProblem {
  const backendKey = (x: Entry) => (x.path.backend.kind === 'service' ? `${x.path.backend.service}:${x.path.backend.port.number ?? x.path.backend.port.name ?? ''}` : 'resource');
  const same = backendKey(e) === backendKey(prev);
  return {
    ingress: e.ingress,
    field: e.field,
    level: 'ignored',
    message: same
      ? `duplicate of ${pathType} ${e.path.path} in Ingress ${prev.ingress.namespace}/${prev.ingress.name}; it adds nothing`
      : `${pathType} ${e.path.path} is already served by Ingress ${prev.ingress.namespace}/${prev.ingress.name} (older); the controller kept that one, and so does the conversion`,
    ...(same ? {} : { advice: 'Remove one of the two claims, or give them different paths.' }),
    tags: same ? ['duplicate'] : ['conflict'],
  };
}

/**
 * Build the locations of one host in Istio evaluation order, reporting what cannot be carried over.
 * ingress-nginx paths follow nginxLocations(); other controllers their own semantics
 * (src/semantics/), or the Ingress spec when ingress2istio has none for them.
 */
export function buildLocations(hp: HostPaths, problems: LocationProblem[]): Location[] {
  const nginxEntries = hp.entries.filter((e) => e.ingress.owner.controller === 'ingress-nginx');
  const others = hp.entries.filter((e) => e.ingress.owner.controller !== 'ingress-nginx');
  const nginx = nginxEntries.length ? nginxLocations(nginxEntries, problems, 0) : [];
  const regexMode = nginx.some((l) => l.t.matchKind === 'regex');
  const out: Location[] = [];
  let seq = nginx.length + 1_000_000;
  const seen = new Map<string, Entry>();
  for (const e of others) {
    const { ingress, intents, path, field } = e;
    const backend = path.backend.kind === 'service' ? path.backend : undefined;
    const controller = ingress.owner.controller;
    const vendor = vendorSemantics[controller];
    let pathType = path.pathType;
    if (pathType === 'ImplementationSpecific' && !vendor) {
      pathType = 'Prefix';
      problems.push({
        ingress,
        field: `${field}.pathType`,
        level: 'partial',
        message: `pathType ImplementationSpecific (or no pathType) of ${path.path} is treated as Prefix: ingress2istio has no path semantics for controller "${controller}"`,
        advice: 'Check that the old controller matched this path as a path-element prefix; set pathType explicitly to be sure.',
        tags: ['behaviour-change'],
      });
    }
    const dupKey = `${pathType}\u0000${path.path}`;
    const prev = seen.get(dupKey);
    if (prev) {
      problems.push(duplicateProblem(e, prev, pathType));
      continue;
    }
    seen.set(dupKey, e);
    if (vendor) {
      const r = vendor.pathMatches(path, { regex: Boolean(intents.regexPaths), caseInsensitive: intents.regexPaths?.caseInsensitive ?? false });
      for (const msg of r.findings ?? []) {
        problems.push({ ingress, field: `${field}.path`, level: r.invalid ? 'unsupported' : 'partial', message: msg, tags: r.invalid ? ['regex'] : ['behaviour-change'] });
      }
      if (r.invalid || !r.matches.length) continue;
      const kind = r.matches.every((m) => m.exact !== undefined) ? 'exact' : r.matches.some((m) => m.regex !== undefined) ? 'regex' : 'prefix';
      const one = (m: StringMatch) => (m.exact !== undefined ? escapeRe2(m.exact) : m.prefix !== undefined ? `${escapeRe2(m.prefix)}.*` : m.regex!.replace(/^\(\?i\)/, ''));
      const alternatives = r.matches.map(one);
      const ci = r.ignoreUriCase || r.matches.some((m) => m.regex?.startsWith('(?i)'));
      const body = alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
      out.push({
        ingress,
        intents,
        path,
        field,
        t: { uris: r.matches, pathRegex: `${ci ? '(?i)' : ''}${body}`, matchKind: kind, length: path.path.length, rank: kind === 'exact' ? 0 : 1 },
        ...(r.ignoreUriCase ? { ignoreCase: true } : {}),
        backend,
        seq: seq++,
        specificity: r.specificity,
      });
      if (r.slashRedirect) {
        out.push({
          ingress,
          intents,
          path,
          field,
          t: { uris: [{ exact: r.slashRedirect.path }], pathRegex: escapeRe2(r.slashRedirect.path), matchKind: 'exact', length: r.slashRedirect.path.length, rank: 2 },
          slashRedirect: true,
          seq: seq++,
          specificity: r.slashRedirect.specificity,
        });
      }
      continue;
    }
    out.push({ ingress, intents, path, field, t: pathType === 'Exact' ? exactPath(path.path) : elementPrefix(path.path), backend, seq: seq++ });
  }
  if (regexMode) return [...nginx, ...out.sort(compareLocations)];
  return [...nginx, ...out].sort(compareLocations);
}

/** Vendor precedence when both have one; else longest first; exact before prefix; then path text and input order. */
export function compareLocations(a: Location, b: Location): number {
  if (a.specificity !== undefined && b.specificity !== undefined && a.specificity !== b.specificity) return b.specificity - a.specificity;
  if (a.t.length !== b.t.length) return b.t.length - a.t.length;
  if (a.t.rank !== b.t.rank) return a.t.rank - b.t.rank;
  const pa = firstValue(a.t.uris);
  const pb = firstValue(b.t.uris);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.seq - b.seq;
}

function firstValue(uris: StringMatch[]): string {
  const u = uris[0];
  return u?.exact ?? u?.prefix ?? u?.regex ?? '';
}
