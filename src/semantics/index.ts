/**
 * Per-controller semantics the engine needs beyond the rules: how paths match and rank, whether
 * plain HTTP is redirected to HTTPS by default, and Envoy defaults a controller relied on.
 * ingress-nginx and the plain Ingress spec are handled in src/engine/locations.ts.
 */
import type { HTTPRoute } from '../istio/types.js';
import type { ControllerId, IngressPath } from '../model/ingress.js';
import * as contour from './contour.js';
import * as haproxyIngress from './haproxy-ingress.js';
import * as haproxytech from './haproxytech.js';
import * as nginxInc from './nginx-inc.js';
import type { PathMatchResult } from './paths.js';

export interface VendorPathResult extends PathMatchResult {
  slashRedirect?: { path: string; location: string; code: 301; specificity: number };
}

export interface VendorSemantics {
  pathMatches(path: IngressPath, opts: { regex: boolean; caseInsensitive: boolean }): VendorPathResult;
  httpsRedirectDefault: {
    enabledForTlsHosts: boolean;
    code: number;
    allHostsOfTlsIngress?: boolean;
    exemptPrefixes?: readonly string[];
    port?: number;
  };
  /** Route fields the controller's proxy had by default and Istio does not (applied before rule patches). */
  routeDefaults?: Partial<HTTPRoute>;
  /** Human name for messages. */
  name: string;
}

export const vendorSemantics: Partial<Record<ControllerId, VendorSemantics>> = {
  contour: { pathMatches: contour.pathMatches, httpsRedirectDefault: contour.httpsRedirectDefault, routeDefaults: contour.routeDefaults as Partial<HTTPRoute>, name: 'Contour' },
  haproxytech: { pathMatches: haproxytech.pathMatches, httpsRedirectDefault: haproxytech.httpsRedirectDefault, name: 'HAProxy Technologies' },
  'haproxy-ingress': { pathMatches: haproxyIngress.pathMatches, httpsRedirectDefault: haproxyIngress.httpsRedirectDefault, name: 'HAProxy Ingress' },
  'nginx-inc': { pathMatches: nginxInc.pathMatches, httpsRedirectDefault: nginxInc.httpsRedirectDefault, name: 'NGINX Inc' },
};
