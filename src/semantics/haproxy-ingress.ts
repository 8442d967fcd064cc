/**
 * How HAProxy Ingress (jcmoraisjr/haproxy-ingress) matches Ingress paths
 * (pkg/haproxy/types/maps.go), in Istio terms.
 *
 * - `Exact` → exact, case-sensitive.
 * - `Prefix` → segment prefix (`/app` and `/app/` both match `/app`, `/app/`, `/app/x`, not `/app1`).
 * - `ImplementationSpecific` (and a missing pathType) → the `path-type` key, default `begin`:
 *   a **case-insensitive string prefix** (`/app` matches `/App` and `/app1`) → Istio prefix +
 *   `ignoreUriCase`. `path-type: exact|prefix` behave like the spec types; `path-type: regex` is a
 *   POSIX ERE with an implicit leading `^` and no trailing `$` → RE2 full match with `.*` appended.
 * - Order (`path-type-order`, default exact, prefix, begin, regex): by type first, then longer paths
 *   first; regexes keep their configuration order.
 * - HTTP→HTTPS: on by default for TLS hosts, code 302, `/.well-known/acme-challenge` exempt, and
 *   HSTS `max-age=15768000` added to HTTPS responses.
 */
import type { IngressPath } from '../model/ingress.js';
import { type DefaultDifference, type PathMatchResult, re2Error, segmentPrefix, specificity, startAnchoredToFullMatch, trimTrailingSlashes } from './paths.js';

export type { PathMatchResult } from './paths.js';

export type HaproxyIngressPathType = 'begin' | 'exact' | 'prefix' | 'regex';
export const PATH_TYPES: readonly HaproxyIngressPathType[] = ['begin', 'exact', 'prefix', 'regex'];

export const implementationSpecific = 'string-prefix-ci' as const;

export const httpsRedirectDefault = {
  enabledForTlsHosts: true,
  code: 302,
  /** Paths that are never redirected (`no-tls-redirect-locations`). */
  exemptPrefixes: ['/.well-known/acme-challenge'],
  /** HSTS header added to HTTPS responses by default. */
  hsts: 'max-age=15768000',
} as const;

/** Tiers from the default `path-type-order`: exact, prefix, begin, regex. */
const TIERS: Record<HaproxyIngressPathType, number> = { exact: 4, prefix: 3, begin: 2, regex: 1 };

export interface HaproxyIngressPathOptions {
  /** `path-type: regex` in force (the rule sets the `regexPaths` intent for it). */
  regex: boolean;
  caseInsensitive: boolean;
  /** Value of the `path-type` key for ImplementationSpecific paths; default `begin`. */
  pathType?: HaproxyIngressPathType;
}

/** The effective haproxy-ingress path type of one Ingress path. */
export function effectivePathType(path: IngressPath, opts: HaproxyIngressPathOptions): HaproxyIngressPathType {
  if (path.pathType === 'Exact') return 'exact';
  if (path.pathType === 'Prefix') return 'prefix';
  if (opts.pathType) return opts.pathType;
  return opts.regex ? 'regex' : 'begin';
}

export function pathMatches(path: IngressPath, opts: HaproxyIngressPathOptions = { regex: false, caseInsensitive: false }): PathMatchResult {
  const p = path.path;
  const type = effectivePathType(path, opts);
  switch (type) {
    case 'exact':
      return { matches: [{ exact: p }], specificity: specificity(TIERS.exact, p) };
    case 'prefix':
      return { matches: segmentPrefix(p), specificity: specificity(TIERS.prefix, trimTrailingSlashes(p)) };
    case 'begin':
      return { matches: [{ prefix: p }], ignoreUriCase: true, specificity: specificity(TIERS.begin, p) };
    case 'regex': {
      const re = startAnchoredToFullMatch(p, opts.caseInsensitive);
      const err = re2Error(re);
      if (err) {
        return { matches: [], invalid: true, specificity: specificity(TIERS.regex, p), findings: [`regex path ${JSON.stringify(p)} is not valid RE2 (${err}); HAProxy's POSIX/PCRE engine accepted it but Envoy cannot`] };
      }
      // Regexes keep configuration order: same specificity for all of them.
      return { matches: [{ regex: re }], specificity: TIERS.regex * 1_000_000 };
    }
  }
}

/** haproxy-ingress behaviours without annotations that the converted config does not reproduce. */
export const defaultDifferences: readonly DefaultDifference[] = [
  {
    id: 'haproxy-ingress-hsts',
    when: 'tls',
    overriddenBy: ['hsts', 'hsts-max-age', 'hsts-include-subdomains', 'hsts-preload'],
    level: 'partial',
    message: 'haproxy-ingress added Strict-Transport-Security: max-age=15768000 to HTTPS responses by default',
    advice: 'Set the header with headers.response.set on the HTTPS routes (the converter does this when the engine applies this default).',
  },
  {
    id: 'haproxy-ingress-server-timeout',
    when: 'always',
    overriddenBy: ['timeout-server'],
    level: 'partial',
    message: 'haproxy-ingress closed requests after 50s of backend inactivity (timeout-server); Istio sets no route timeout',
    advice: 'Set a route timeout if the backend relied on that limit.',
  },
];
