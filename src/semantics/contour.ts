/**
 * How Contour (projectcontour.io) matches Ingress paths, in Istio terms.
 *
 * - `Exact` → exact.
 * - `Prefix` → segment prefix: `/p` matches `/p` and `/p/…`, not `/px`; trailing slashes of the
 *   Ingress path are trimmed; `/` is a plain prefix.
 * - `ImplementationSpecific` (also what Contour assumes when `pathType` is missing): when the path
 *   holds any of `^ + * [ ] %` it is an Envoy RE2 regex matched against the whole path; otherwise a
 *   plain *string* prefix (`/foo` also matches `/foobar`).
 * - Route order inside a virtual host (Contour's route sorter): exact paths first, then regexes,
 *   then prefixes, each longest first. Contour has no annotation that turns paths into regexes,
 *   so `opts.regex` / `opts.caseInsensitive` are not used.
 * - No HTTP→HTTPS redirect by default: a TLS host is served on both ports unless the Ingress says
 *   `ingress.kubernetes.io/force-ssl-redirect: "true"` (301) or `kubernetes.io/ingress.allow-http: "false"`.
 */
import type { StringMatch } from '../istio/types.js';
import type { IngressPath } from '../model/ingress.js';
import { type DefaultDifference, type PathMatchResult, re2Error, segmentPrefix, specificity, trimTrailingSlashes } from './paths.js';

export type { PathMatchResult } from './paths.js';

/** Characters that make an ImplementationSpecific path a regex in Contour. */
export const REGEX_CHARS = /[\^+*[\]%]/;

export const implementationSpecific = 'regex-if-special-else-string-prefix' as const;

export const httpsRedirectDefault = { enabledForTlsHosts: false, code: 301 } as const;

const EXACT = 3;
const REGEX = 2;
const PREFIX = 1;

export function pathMatches(path: IngressPath, _opts: { regex: boolean; caseInsensitive: boolean } = { regex: false, caseInsensitive: false }): PathMatchResult {
  const p = path.path;
  if (path.pathType === 'Exact') return { matches: [{ exact: p }], specificity: specificity(EXACT, p) };
  if (path.pathType === 'Prefix') return { matches: segmentPrefix(p), specificity: specificity(PREFIX, trimTrailingSlashes(p)) };
  if (REGEX_CHARS.test(p)) {
    const err = re2Error(p);
    if (err) {
      // Contour rejects the route (invalid regex): it was never served.
      return { matches: [], invalid: true, specificity: specificity(REGEX, p), findings: [`Contour treats ${JSON.stringify(p)} as a regex and drops it because it is not valid RE2 (${err}); the path was not served`] };
    }
    const m: StringMatch = { regex: p };
    return { matches: [m], specificity: specificity(REGEX, p) };
  }
  return { matches: [{ prefix: p }], specificity: specificity(PREFIX, p) };
}

/**
 * Envoy defaults Contour relies on that Istio does not share: a 15 s route timeout and no retries
 * (Istio retries twice). The engine applies them to every Contour route before the rules' patches
 * (`response-timeout`, `retry-on` override them).
 */
export const routeDefaults = { timeout: '15s', retries: { attempts: 0 } } as const;

/** Envoy/Contour defaults that the converted config does not carry (beyond `routeDefaults`). */
export const defaultDifferences: readonly DefaultDifference[] = [
  {
    id: 'contour-circuit-breakers',
    when: 'always',
    overriddenBy: ['max-connections', 'max-pending-requests', 'max-requests'],
    level: 'partial',
    message: 'Contour left Envoy\'s circuit breakers at 1024 connections, pending and active requests per upstream cluster; Istio\'s defaults are practically unlimited',
    advice: 'Set connectionPool limits on the DestinationRule if the backend relied on that cap.',
  },
];
