/**
 * How the F5 NGINX Ingress Controller (NGINX Inc, `nginx.org/*`) matches Ingress paths, in Istio terms.
 *
 * - `Exact` → `location = /p` → exact.
 * - `Prefix` and `ImplementationSpecific` (and a missing pathType) → plain NGINX prefix
 *   `location /p`: a **string** prefix (`/tea` matches `/teapot`); NIC does not implement the
 *   Kubernetes segment rule.
 * - A prefix location ending in `/` answers a request for the same path without the slash with a
 *   301 to the slashed path (NGINX's proxy_pass auto-redirect); Istio would not, so the engine must
 *   add an exact route `/tea` → 301 `/tea/` unless another path of the host is exactly `/tea`.
 *   That auto-redirect is found during the prefix lookup and skips regex locations, so it ranks with
 *   exact locations.
 * - `nginx.org/path-regex` turns every path of the Ingress into a regex location: `case_sensitive`
 *   → `~ "^p"`, `case_insensitive` → `~* "^p"` (PCRE, start-anchored → RE2 full match with `.*`
 *   appended, `(?i)` for case-insensitive), `exact` → `= p`.
 * - Order: exact first; otherwise regex locations in configuration order win over any prefix;
 *   prefixes longest first.
 * - HTTP→HTTPS: `nginx.org/ssl-redirect` defaults to true for TLS hosts, code 301
 *   (`http-redirect-code` may change it).
 */
import type { IngressPath } from '../model/ingress.js';
import { type PathMatchResult, re2Error, specificity, startAnchoredToFullMatch } from './paths.js';

export type { PathMatchResult } from './paths.js';

export const implementationSpecific = 'string-prefix' as const;

export const httpsRedirectDefault = { enabledForTlsHosts: true, code: 301 } as const;

const EXACT = 3;
const REGEX = 2;
const PREFIX = 1;

export interface NginxIncPathResult extends PathMatchResult {
  /** NGINX's trailing-slash auto-redirect for a prefix location ending in `/`. */
  slashRedirect?: { path: string; location: string; code: 301; specificity: number };
}

export interface NginxIncPathOptions {
  /** `nginx.org/path-regex: case_sensitive|case_insensitive`. */
  regex: boolean;
  caseInsensitive: boolean;
  /** `nginx.org/path-regex: exact`: every path is an exact location. */
  exact?: boolean;
}

export function pathMatches(path: IngressPath, opts: NginxIncPathOptions = { regex: false, caseInsensitive: false }): NginxIncPathResult {
  const p = path.path;
  if (path.pathType === 'Exact' || opts.exact) return { matches: [{ exact: p }], specificity: specificity(EXACT, p) };
  if (opts.regex) {
    const re = startAnchoredToFullMatch(p, opts.caseInsensitive);
    const err = re2Error(re);
    if (err) {
      return { matches: [], invalid: true, specificity: REGEX * 1_000_000, findings: [`regex path ${JSON.stringify(p)} is not valid RE2 (${err}); NGINX's PCRE accepted it but Envoy cannot`] };
    }
    return { matches: [{ regex: re }], specificity: REGEX * 1_000_000 };
  }
  const result: NginxIncPathResult = { matches: [{ prefix: p }], specificity: specificity(PREFIX, p) };
  if (p.length > 1 && p.endsWith('/')) {
    const bare = p.slice(0, -1);
    result.slashRedirect = { path: bare, location: p, code: 301, specificity: specificity(EXACT, bare) };
  }
  return result;
}
