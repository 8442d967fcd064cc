/**
 * How the HAProxy Technologies controller (haproxytech/kubernetes-ingress, `haproxy.org/*`)
 * matches Ingress paths (pkg/route/route.go), in Istio terms.
 *
 * - `Exact` → exact (exact map, looked up first).
 * - `Prefix` → exact `p` or begins with `p/` (segment semantics; `/` matches everything).
 * - `ImplementationSpecific` (and a missing pathType) → trailing `/` trimmed, then exact `p` or
 *   begins with `p`: a plain *string* prefix, so `/foo/` in the Ingress also matches `/foobar`.
 * - No regex paths at all (custom routing only via the Service annotation `route-acl`).
 * - Order: exact map first, then the longest prefix wins.
 * - HTTP→HTTPS: every host of an Ingress that has any `spec.tls` entry is redirected with 302,
 *   to port 8443 unless `ssl-redirect-port` says otherwise (most installs set 443).
 */
import type { IngressPath } from '../model/ingress.js';
import { type DefaultDifference, type PathMatchResult, segmentPrefix, specificity, trimTrailingSlashes } from './paths.js';

export type { PathMatchResult } from './paths.js';

export const implementationSpecific = 'string-prefix' as const;

export const httpsRedirectDefault = {
  enabledForTlsHosts: true,
  /** Applies to every host of an Ingress with `spec.tls`, not only the TLS hosts. */
  allHostsOfTlsIngress: true,
  code: 302,
  /** Redirect port when `ssl-redirect-port` is unset. */
  port: 8443,
} as const;

const EXACT = 2;
const PREFIX = 1;

export function pathMatches(path: IngressPath, _opts: { regex: boolean; caseInsensitive: boolean } = { regex: false, caseInsensitive: false }): PathMatchResult {
  const p = path.path;
  if (path.pathType === 'Exact') return { matches: [{ exact: p }], specificity: specificity(EXACT, p) };
  if (path.pathType === 'Prefix') return { matches: segmentPrefix(p), specificity: specificity(PREFIX, trimTrailingSlashes(p)) };
  const t = trimTrailingSlashes(p);
  // exact t OR begins with t: a string prefix covers both.
  return { matches: [{ prefix: t }], specificity: specificity(PREFIX, t) };
}

/** haproxytech behaviours without annotations that the converted config does not reproduce. */
export const defaultDifferences: readonly DefaultDifference[] = [
  {
    id: 'haproxytech-health-checks',
    when: 'always',
    overriddenBy: ['check'],
    level: 'unsupported',
    message: 'haproxytech runs active TCP health checks on every backend server by default; Istio never probes backends',
    advice: 'Rely on readiness probes; add DestinationRule outlierDetection for passive ejection.',
  },
  {
    id: 'haproxytech-server-timeout',
    when: 'always',
    overriddenBy: ['timeout-server'],
    level: 'partial',
    message: 'haproxytech closed requests after 50s of backend inactivity (timeout-server); Istio sets no route timeout',
    advice: 'Set a route timeout if the backend relied on that limit.',
  },
  {
    id: 'haproxytech-tls-1.1',
    when: 'tls',
    overriddenBy: [],
    level: 'partial',
    message: 'haproxytech accepted TLS 1.1 by default; the Istio gateway requires TLS 1.2 or later',
    advice: 'Check that no client still needs TLS 1.1.',
  },
];
