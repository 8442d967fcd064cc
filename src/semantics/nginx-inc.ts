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
import { annotationValue, type Ingress, type IngressPath } from '../model/ingress.js';
import { type DefaultDifference, type PathMatchResult, re2Error, specificity, startAnchoredToFullMatch } from './paths.js';

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

/** `nginx.org/mergeable-ingress-type`. */
export const MERGEABLE_KEY = 'nginx.org/mergeable-ingress-type';

/**
 * Keys NIC strips from minions (they only count on the master). The App Protect WAF keys are
 * missing on purpose: NIC's deny list spells them with underscores, so the dashed keys survive.
 */
export const MASTER_ONLY: readonly string[] = [
  'nginx.org/server-tokens', 'nginx.org/proxy-hide-headers', 'nginx.org/proxy-pass-headers', 'nginx.org/app-root',
  'nginx.org/redirect-to-https', 'nginx.org/ssl-redirect', 'ingress.kubernetes.io/ssl-redirect', 'nginx.org/http-redirect-code',
  'nginx.org/hsts', 'nginx.org/hsts-max-age', 'nginx.org/hsts-include-subdomains', 'nginx.org/ssl-ciphers',
  'nginx.org/ssl-prefer-server-ciphers', 'nginx.org/listen-ports', 'nginx.org/listen-ports-ssl', 'nginx.org/server-snippets',
  'appprotectdos.f5.com/app-protect-dos-resource',
];

/** Keys NIC refuses on a master (the master is rejected). */
export const MINION_ONLY: readonly string[] = [
  'nginx.org/rewrites', 'nginx.org/ssl-services', 'nginx.org/grpc-services', 'nginx.org/websocket-services',
  'nginx.org/sticky-cookie-services', 'nginx.com/sticky-cookie-services', 'nginx.com/health-checks',
  'nginx.com/health-checks-mandatory', 'nginx.com/health-checks-mandatory-queue', 'nginx.org/use-cluster-ip',
];

/** Keys a minion inherits from its master unless it sets them itself. */
export const INHERITED: readonly string[] = [
  'nginx.org/proxy-connect-timeout', 'nginx.org/proxy-read-timeout', 'nginx.org/proxy-send-timeout', 'nginx.org/client-max-body-size',
  'nginx.org/proxy-buffering', 'nginx.org/proxy-buffers', 'nginx.org/proxy-buffer-size', 'nginx.org/proxy-busy-buffers-size',
  'nginx.org/proxy-max-temp-file-size', 'nginx.org/lb-method', 'nginx.org/max-fails', 'nginx.org/max-conns', 'nginx.org/upstream-zone-size',
  'nginx.org/fail-timeout', 'nginx.org/keepalive', 'nginx.org/limit-req-rate', 'nginx.org/limit-req-key', 'nginx.org/limit-req-zone-size',
  'nginx.org/limit-req-delay', 'nginx.org/limit-req-no-delay', 'nginx.org/limit-req-burst', 'nginx.org/limit-req-dry-run',
  'nginx.org/limit-req-log-level', 'nginx.org/limit-req-reject-code', 'nginx.org/limit-req-scale', 'nginx.org/location-snippets',
];

export function mergeRole(ing: Ingress): 'master' | 'minion' | undefined {
  const v = annotationValue(ing, MERGEABLE_KEY);
  return v === 'master' || v === 'minion' ? v : undefined;
}

export interface NicHostProblem {
  ingress: string;
  host: string;
  reason: string;
}

export interface NicMergeGroup {
  host: string;
  master: Ingress;
  /** Minions in NIC precedence order (oldest first). */
  minions: Ingress[];
  /** Effective annotations per minion (`ns/name`): master values of INHERITED keys the minion does not set, plus the minion's own; proxy-set-headers merged per header (minion wins). */
  annotations: Map<string, Record<string, string>>;
  /** Minion paths dropped because an older minion has the same path: `ns/name path`. */
  droppedPaths: string[];
}

function olderFirst(a: Ingress, b: Ingress): number {
  const ta = a.creationTimestamp ?? '';
  const tb = b.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.order - b.order;
}

/**
 * Host ownership among NGINX Inc Ingresses, as NIC decides it: without mergeable types the oldest
 * Ingress (creation time, then input order as a stand-in for UID) owns a host and the others' rules
 * for it are not served; a master/minion group owns its host as a whole; minions without a master
 * are not served. Returns the merge groups and every (Ingress, host) NIC would not serve.
 */
export function nicHostOwnership(ingresses: readonly Ingress[]): { groups: NicMergeGroup[]; notServed: NicHostProblem[] } {
  const byHost = new Map<string, Ingress[]>();
  for (const ing of ingresses) for (const r of ing.rules) if (r.host) byHost.set(r.host, [...(byHost.get(r.host) ?? []).filter((x) => x !== ing), ing]);
  const groups: NicMergeGroup[] = [];
  const notServed: NicHostProblem[] = [];
  const id = (i: Ingress) => `${i.namespace}/${i.name}`;
  for (const host of [...byHost.keys()].sort()) {
    const all = [...byHost.get(host)!].sort(olderFirst);
    const masters = all.filter((i) => mergeRole(i) === 'master');
    const minions = all.filter((i) => mergeRole(i) === 'minion');
    const plain = all.filter((i) => !mergeRole(i));
    // The oldest contender (a plain Ingress or a master) owns the host.
    const owner = [...masters, ...plain].sort(olderFirst)[0];
    for (const i of [...masters, ...plain]) if (i !== owner) notServed.push({ ingress: id(i), host, reason: `host ${host} is taken by the older Ingress ${owner ? id(owner) : '?'}` });
    if (!owner || mergeRole(owner) !== 'master') {
      for (const m of minions) notServed.push({ ingress: id(m), host, reason: owner ? `minion of host ${host}, which is owned by the non-mergeable Ingress ${id(owner)}` : `minion without a master for host ${host}` });
      continue;
    }
    const annotations = new Map<string, Record<string, string>>();
    const seen = new Map<string, string>();
    const droppedPaths: string[] = [];
    for (const m of minions) {
      const own = Object.fromEntries(m.annotations.map((a) => [a.key, a.value]));
      const eff: Record<string, string> = {};
      for (const k of INHERITED) {
        const v = annotationValue(owner, k);
        if (v !== undefined) eff[k] = v;
      }
      for (const [k, v] of Object.entries(own)) if (!MASTER_ONLY.includes(k)) eff[k] = v;
      const masterHeaders = annotationValue(owner, 'nginx.org/proxy-set-headers');
      if (masterHeaders !== undefined) eff['nginx.org/proxy-set-headers'] = mergeSetHeaders(masterHeaders, own['nginx.org/proxy-set-headers']);
      annotations.set(id(m), eff);
      for (const r of m.rules) {
        if (r.host !== host) continue;
        for (const p of r.paths) {
          const prev = seen.get(p.path);
          if (prev) droppedPaths.push(`${id(m)} ${p.path} (older minion ${prev} has it)`);
          else seen.set(p.path, id(m));
        }
      }
    }
    groups.push({ host, master: owner, minions, annotations, droppedPaths });
  }
  return { groups, notServed };
}

/** proxy-set-headers of master and minion, merged per header name (case-insensitive; minion wins). */
export function mergeSetHeaders(master: string, minion: string | undefined): string {
  const parse = (v: string) => v.split(',').map((e) => e.trim()).filter(Boolean);
  const name = (e: string) => (e.includes(':') ? e.slice(0, e.indexOf(':')) : e).trim().toLowerCase();
  const out = new Map<string, string>();
  for (const e of parse(master)) out.set(name(e), e);
  for (const e of parse(minion ?? '')) out.set(name(e), e);
  return [...out.values()].join(', ');
}

/** NGINX Inc behaviours without annotations that the converted config does not reproduce. */
export const defaultDifferences: readonly DefaultDifference[] = [
  {
    id: 'nginx-inc-body-size',
    when: 'always',
    overriddenBy: ['client-max-body-size'],
    level: 'unsupported',
    message: 'NGINX Inc refused request bodies over 1m (413) by default; Istio accepts any size',
    advice: 'Add a buffer-filter EnvoyFilter (max_request_bytes) if the limit protected the backend.',
  },
  {
    id: 'nginx-inc-passive-health',
    when: 'always',
    overriddenBy: ['max-fails', 'fail-timeout'],
    level: 'partial',
    message: 'NGINX Inc took a server out for 10s after 1 failed attempt (max-fails 1, fail-timeout 10s) by default; Istio has no outlier detection unless configured',
    advice: 'Add DestinationRule outlierDetection (consecutiveGatewayErrors: 1, interval and baseEjectionTime 10s) to keep it.',
  },
  {
    id: 'nginx-inc-timeouts',
    when: 'always',
    overriddenBy: ['proxy-read-timeout'],
    level: 'partial',
    message: 'NGINX Inc closed requests after 60s without data from the backend (proxy-read-timeout) by default; Istio sets no route timeout',
    advice: 'Set a route timeout if the backend relied on that limit.',
  },
];
