/**
 * Client-IP allow/deny lists as AuthorizationPolicies on the gateway.
 *
 * Never an ALLOW policy: on a shared gateway it would deny every other host. An allow-list becomes
 * DENY + `notRemoteIpBlocks`, a deny-list DENY + `remoteIpBlocks`, both scoped to the Ingress's
 * hosts and, when they are expressible, its paths.
 */
import type { AuthorizationPolicy, StringMatch } from '../../src/istio/types.js';
import type { Ingress, IngressPath } from '../../src/model/ingress.js';
import type { ConvertOptions } from '../../src/model/options.js';
import { gatewayObjectMeta, securityApiVersion } from './names.js';

export interface PathMatcher {
  (path: IngressPath): { matches: StringMatch[]; ignoreUriCase?: boolean; invalid?: boolean };
}

export interface Scope {
  hosts: string[];
  paths: string[];
  /** Why the paths could not be scoped exactly (the policy then covers the whole hosts). */
  widened?: string;
  /**
   * Set when the Ingress has a rule without host: a policy cannot be limited to "hosts no other
   * Ingress serves", so it would hit every host of the gateway. Callers must not emit it.
   */
  unscopable?: string;
}

/** Hosts (`h` and `h:*`, since the Host header may carry a port) and AuthorizationPolicy paths of the Ingress. */
export function ingressScope(ing: Ingress, match: PathMatcher): Scope {
  const hosts = new Set<string>();
  const paths = new Set<string>();
  let widened: string | undefined;
  let catchAll = false;
  for (const r of ing.rules) {
    if (!r.host) catchAll = true;
    else {
      hosts.add(r.host);
      hosts.add(`${r.host}:*`);
    }
    for (const p of r.paths) {
      const m = match(p);
      if (m.ignoreUriCase) widened ??= `path ${p.path} is matched case-insensitively, which AuthorizationPolicy paths cannot express`;
      for (const sm of m.matches) {
        if (sm.exact !== undefined) paths.add(sm.exact);
        else if (sm.prefix !== undefined) paths.add(`${sm.prefix}*`);
        else widened ??= `path ${p.path} is a regex, which AuthorizationPolicy paths cannot express`;
      }
    }
  }
  if (ing.defaultBackend) widened ??= 'the Ingress has a default backend (every path)';
  const unscopable = catchAll ? 'the Ingress has a rule without host, and a gateway policy for it would apply to every host of the gateway' : undefined;
  if (widened || paths.has('/*')) return { hosts: [...hosts].sort(), paths: [], widened, unscopable };
  return { hosts: [...hosts].sort(), paths: [...paths].sort(), unscopable };
}

/**
 * `except`: addresses carved out of the list (haproxy-ingress `!addr`). For an allow-list they are
 * denied even inside an allowed range; for a deny-list they stay allowed.
 */
export function ipPolicy(ing: Ingress, opts: ConvertOptions, purpose: string, kind: 'allow' | 'deny', cidrs: string[], scope: Scope, except: string[] = []): AuthorizationPolicy {
  const operation: { hosts?: string[]; paths?: string[] } = {};
  if (scope.hosts.length) operation.hosts = scope.hosts;
  if (scope.paths.length) operation.paths = scope.paths;
  const to = operation.hosts || operation.paths ? [{ operation }] : undefined;
  const sources: Array<Record<string, string[]>> = [];
  if (kind === 'allow') {
    sources.push({ notRemoteIpBlocks: [...cidrs] });
    if (except.length) sources.push({ remoteIpBlocks: [...except] });
  } else {
    sources.push(except.length ? { remoteIpBlocks: [...cidrs], notRemoteIpBlocks: [...except] } : { remoteIpBlocks: [...cidrs] });
  }
  const rules = sources.map((source) => ({ from: [{ source }], ...(to ? { to } : {}) }));
  return {
    apiVersion: securityApiVersion(opts),
    kind: 'AuthorizationPolicy',
    metadata: gatewayObjectMeta(ing, opts, purpose),
    spec: { selector: { matchLabels: { ...opts.gatewaySelector } }, action: 'DENY', rules },
  };
}

/** Advice shared by every client-IP feature. */
export const CLIENT_IP_ADVICE =
  'Make sure the gateway sees the real client address (externalTrafficPolicy: Local, PROXY protocol or gatewayTopology.numTrustedProxies), or remoteIpBlocks will see the load balancer.';
