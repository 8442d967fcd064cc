/**
 * Intents: what the rules ask for, in controller-neutral terms, each tagged with the annotation it
 * came from. The engine consumes them when it builds Istio resources; an intent it cannot honour is
 * reported against that annotation (consume or report).
 */
import type { HTTPRoute, IstioResource, TrafficPolicy, ServerTLSSettings } from '../istio/types.js';
import type { IngressPath } from './ingress.js';

export interface Tagged {
  /** Annotation key (or field path) the intent came from. */
  key: string;
}

/** What a route transform is told about the route it is changing. */
export interface RouteInfo {
  host: string;
  /** The Ingress path behind the route; undefined for a default-backend route. */
  path?: IngressPath;
  /** How the path was matched in Istio. */
  matchKind: 'exact' | 'prefix' | 'regex';
  /** RE2 pattern (full match) equivalent to the route's uri match, usable for `uriRegexRewrite`. */
  pathRegex: string;
}

export interface CanaryIntent extends Tagged {
  header?: string;
  headerValue?: string;
  headerPattern?: string;
  cookie?: string;
  weight?: number;
  weightTotal?: number;
}

export interface IngressIntents {
  /** Paths of this Ingress are regexes (controller flavour). For ingress-nginx this switches the whole host. */
  regexPaths?: Tagged & { caseInsensitive: boolean };
  /** Replace the whole path with `target` (`$1` style references to path-regex groups). */
  rewriteTarget?: Tagged & { target: string };
  /** Every path of the Ingress answers with a redirect instead of proxying. */
  redirect?: Tagged & { url: string; code: number };
  /** Host-wide redirect of the exact path `/` (ingress-nginx app-root). */
  appRoot?: Tagged & { path: string; code: number };
  /** Override of the controller's HTTP→HTTPS redirect default for this Ingress's paths. */
  httpsRedirect?: Tagged & { enabled: boolean; force?: boolean; code?: number; port?: number };
  /** spec.tls secrets live in this namespace, not the Ingress's (Contour tls-cert-namespace delegation). */
  tlsSecretNamespace?: Tagged & { namespace: string };
  /** The Ingress is served on HTTPS only: its routes get no match on the plain-HTTP port. */
  httpDisabled?: Tagged;
  /** Keep a trailing slash on HTTPS redirects (ingress-nginx strips it by default). */
  preserveTrailingSlash?: Tagged;
  /** This Ingress is a canary of the primary with the same host+path (ingress-nginx). */
  canary?: CanaryIntent;
  /** Fields merged into every HTTP route built from this Ingress (timeout, retries, corsPolicy, headers, mirrors, rewrite.authority…). */
  routePatches: Array<Tagged & { patch: Partial<HTTPRoute> }>;
  /** Arbitrary per-route changes that need the route's match (vendor path rewrites). */
  routeTransforms: Array<Tagged & { apply: (route: HTTPRoute, info: RouteInfo) => void }>;
  /** Backend policies, merged into one DestinationRule per Service; different values for one Service are a conflict. */
  trafficPolicies: Array<Tagged & { service: string; port?: number; policy: TrafficPolicy }>;
  /** Ready-made resources (AuthorizationPolicy, EnvoyFilter) the rule built itself. */
  resources: Array<Tagged & { resource: IstioResource }>;
  /** Settings for the HTTPS Gateway servers of this Ingress's hosts. */
  serverTls?: Tagged & { settings: Partial<ServerTLSSettings> };
  /** TLS passthrough: route on SNI to the backend of `/`, no termination. */
  passthrough?: Tagged;
  /** Extra host names served by the same routes (ingress-nginx server-alias). */
  serverAliases?: Tagged & { hosts: string[] };
}

export function emptyIntents(): IngressIntents {
  return { routePatches: [], routeTransforms: [], trafficPolicies: [], resources: [] };
}
