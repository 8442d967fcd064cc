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
import { escapeRe2, re2Incompatibility } from '../semantics/regex.js';
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

function nginxUsesRegex(intents: IngressIntents, path: string): boolean {
  return Boolean(intents.regexPaths) || effectiveRewrite(intents, path);
}

/** True when ingress-nginx renders every location of this host as a regex. */
export function nginxRegexMode(hp: HostPaths): boolean {
  return hp.entries.some((e) => e.ingress.owner.controller === 'ingress-nginx' && nginxUsesRegex(e.intents, e.path.path));
}

/** Istio pattern for nginx `location ~* "^<path>"`: case-insensitive, anchored at the start only. */
export function nginxRegexPattern(path: string): string {
  return `(?i)^${path}.*`;
}

/**
 * Build the locations of one host in Istio evaluation order, reporting what cannot be carried over.
 * `seqStart` keeps sequence numbers unique across hosts.
 */
export function buildLocations(hp: HostPaths, problems: LocationProblem[]): Location[] {
  const regexMode = nginxRegexMode(hp);
  const out: Location[] = [];
  let seq = 0;
  // Exact paths claimed on this host (an Exact path wins the `= /foo` location of a Prefix /foo).
  const exactClaims = new Set<string>();
  for (const e of hp.entries) if (e.path.pathType === 'Exact') exactClaims.add(e.path.path);
  // Duplicate host+path+pathType: the oldest Ingress keeps it.
  const seen = new Map<string, { ingress: Ingress; backend: string }>();

  for (const e of hp.entries) {
    const { ingress, intents, path, field } = e;
    const backend = path.backend.kind === 'service' ? path.backend : undefined;
    const controller = ingress.owner.controller;
    const nginxLike = controller === 'ingress-nginx';
    // Missing pathType and ImplementationSpecific: ingress-nginx treats both as Prefix. For other
    // controllers without dedicated semantics, follow the Ingress spec's Prefix and say so.
    let pathType = path.pathType;
    if (pathType === 'ImplementationSpecific') {
      pathType = 'Prefix';
      if (!nginxLike && !vendorSemantics[controller]) {
        problems.push({
          ingress,
          field: `${field}.pathType`,
          level: 'partial',
          message: `pathType ImplementationSpecific (or no pathType) of ${path.path} is treated as Prefix: ingress2istio has no path semantics for controller "${controller}"`,
          advice: 'Check that the old controller matched this path as a path-element prefix; set pathType explicitly to be sure.',
          tags: ['behaviour-change'],
        });
      }
    }
    const backendKey = backend ? `${backend.service}:${backend.port.number ?? backend.port.name ?? ''}` : 'resource';
    const dupKey = `${pathType}\u0000${path.path}`;
    const prev = seen.get(dupKey);
    if (prev) {
      problems.push({
        ingress,
        field,
        level: 'ignored',
        message:
          prev.backend === backendKey
            ? `duplicate of ${pathType} ${path.path} in Ingress ${prev.ingress.namespace}/${prev.ingress.name}; it adds nothing`
            : `${pathType} ${path.path} on host ${hp.host} is already served by Ingress ${prev.ingress.namespace}/${prev.ingress.name} (older); the controller kept that one, and so does the conversion`,
        advice: prev.backend === backendKey ? undefined : 'Remove one of the two claims, or give them different paths.',
        tags: prev.backend === backendKey ? ['duplicate'] : ['conflict'],
      });
      continue;
    }
    seen.set(dupKey, { ingress, backend: backendKey });
    const vendor = vendorSemantics[controller];
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

    if (nginxLike && regexMode) {
      // Locations as ingress-nginx builds them, each rendered as `~* "^<path>"`.
      const locPaths: string[] = [];
      if (pathType === 'Prefix' && !nginxUsesRegex(intents, path.path) && path.path !== '/') {
        const base = path.path.endsWith('/') ? path.path : `${path.path}/`;
        locPaths.push(base);
        if (!exactClaims.has(path.path)) locPaths.push(path.path);
      } else {
        locPaths.push(path.path);
      }
      for (const lp of locPaths) {
        const pattern = nginxRegexPattern(lp);
        const why = re2Incompatibility(lp, pattern);
        if (why) {
          problems.push({
            ingress,
            field: `${field}.path`,
            level: 'unsupported',
            message: `path regex "${lp}" ${why}; no route was emitted for it, so requests it matched fall through to the next route`,
            advice: 'Rewrite the regex without PCRE-only constructs, then convert again.',
            tags: ['regex'],
          });
          continue;
        }
        out.push({
          ingress,
          intents,
          path,
          field,
          t: { uris: [{ regex: pattern }], pathRegex: pattern, matchKind: 'regex', length: lp.length, rank: 1 },
          nginxPath: lp,
          backend,
          seq: seq++,
        });
      }
      continue;
    }

    if (pathType === 'Exact') {
      out.push({ ingress, intents, path, field, t: exactPath(path.path), backend, seq: seq++ });
      continue;
    }
    // Prefix
    const t = elementPrefix(path.path);
    if (nginxLike && exactClaims.has(path.path.replace(/\/+$/, '') || '/') && t.uris.length === 2 && !path.path.endsWith('/')) {
      // The `= /foo` location belongs to the Exact Ingress; this one keeps only `/foo/`.
      t.uris = [{ prefix: `${path.path}/` }];
      t.pathRegex = `${escapeRe2(path.path)}/.*`;
    }
    if (nginxLike && path.path.length > 1 && path.path.endsWith('/')) {
      // nginx: `location /foo/` + `location = /foo/`; a request for `/foo` gets a 301 to `/foo/`.
      const withSlash = path.path.replace(/\/+$/, '/');
      out.push({
        ingress,
        intents,
        path,
        field,
        t: { uris: [{ prefix: withSlash }], pathRegex: `${escapeRe2(withSlash)}.*`, matchKind: 'prefix', length: withSlash.length, rank: 1 },
        backend,
        seq: seq++,
      });
      const bare = withSlash.slice(0, -1);
      if (!exactClaims.has(bare)) {
        out.push({
          ingress,
          intents,
          path,
          field,
          t: { uris: [{ exact: bare }], pathRegex: escapeRe2(bare), matchKind: 'exact', length: bare.length, rank: 2 },
          slashRedirect: true,
          seq: seq++,
        });
      }
      continue;
    }
    out.push({ ingress, intents, path, field, t, backend, seq: seq++ });
  }

  if (regexMode) {
    // nginx order: sort by path string descending, then (stable) by length descending.
    out.sort((a, b) => {
      const pa = a.nginxPath ?? a.path?.path ?? '';
      const pb = b.nginxPath ?? b.path?.path ?? '';
      if (pa.length !== pb.length) return pb.length - pa.length;
      if (pa !== pb) return pa < pb ? 1 : -1;
      return a.seq - b.seq;
    });
  } else {
    out.sort(compareLocations);
  }
  return out;
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
