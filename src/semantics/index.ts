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
import type { DefaultDifference, PathMatchResult } from './paths.js';

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
  /** Behaviour the controller had without any annotation that Istio does not share. */
  defaultDifferences?: readonly DefaultDifference[];
  /** Human name for messages. */
  name: string;
}

/**
 * ingress-nginx defaults Istio does not share (ConfigMap keys can change them; see
 * nginx-semantics.md §7.11). Reported once per Ingress unless an annotation (or the ConfigMap)
 * says otherwise.
 */
export const nginxDefaultDifferences: readonly DefaultDifference[] = [
  {
    id: 'ingress-nginx-body-size',
    when: 'always',
    overriddenBy: ['proxy-body-size'],
    level: 'partial',
    message: 'ingress-nginx refused request bodies over 1m (413) by default (ConfigMap proxy-body-size); Istio accepts any size',
    advice: 'Set nginx.ingress.kubernetes.io/proxy-body-size (the conversion then emits a buffer-filter EnvoyFilter), or accept the larger limit.',
  },
  {
    id: 'ingress-nginx-read-timeout',
    when: 'always',
    overriddenBy: ['proxy-read-timeout', 'proxy-send-timeout'],
    level: 'partial',
    message: 'ingress-nginx closed a backend connection idle for 60s (ConfigMap proxy-read-timeout); Istio sets no route timeout by default',
    advice: 'Set nginx.ingress.kubernetes.io/proxy-read-timeout (converted to a route timeout) if the limit mattered.',
  },
];

export const vendorSemantics: Partial<Record<ControllerId, VendorSemantics>> = {
  contour: { pathMatches: contour.pathMatches, httpsRedirectDefault: contour.httpsRedirectDefault, routeDefaults: contour.routeDefaults as Partial<HTTPRoute>, defaultDifferences: contour.defaultDifferences, name: 'Contour' },
  haproxytech: { pathMatches: haproxytech.pathMatches, httpsRedirectDefault: haproxytech.httpsRedirectDefault, defaultDifferences: haproxytech.defaultDifferences, name: 'HAProxy Technologies' },
  'haproxy-ingress': { pathMatches: haproxyIngress.pathMatches, httpsRedirectDefault: haproxyIngress.httpsRedirectDefault, defaultDifferences: haproxyIngress.defaultDifferences, name: 'HAProxy Ingress' },
  'nginx-inc': { pathMatches: nginxInc.pathMatches, httpsRedirectDefault: nginxInc.httpsRedirectDefault, defaultDifferences: nginxInc.defaultDifferences, name: 'NGINX Inc' },
};
