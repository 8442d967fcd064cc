/** The API resources ingress2istio reads, and their URL paths. It never asks for Secrets. */

export interface ResourceType {
  /** API group; `` for the core group. */
  group: string;
  version: string;
  /** Plural resource name, as in URLs and RBAC rules. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

export const INGRESSES: ResourceType = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', namespaced: true };
export const INGRESS_CLASSES: ResourceType = { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass', namespaced: false };
export const SERVICES: ResourceType = { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true };
export const CONFIG_MAPS: ResourceType = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/** Istio kinds that `diff` compares, by API group, with the plural used in URLs. */
export const ISTIO_KINDS: ReadonlyArray<{ group: string; kind: string; resource: string }> = [
  { group: 'networking.istio.io', kind: 'Gateway', resource: 'gateways' },
  { group: 'networking.istio.io', kind: 'VirtualService', resource: 'virtualservices' },
  { group: 'networking.istio.io', kind: 'DestinationRule', resource: 'destinationrules' },
  { group: 'networking.istio.io', kind: 'EnvoyFilter', resource: 'envoyfilters' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', resource: 'authorizationpolicies' },
];

/** `/api/v1/namespaces/shop/services`, `/apis/networking.k8s.io/v1/ingresses` (all namespaces). */
export function resourcePath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  if (type.namespaced && namespace !== undefined) return `${base}/namespaces/${encodeURIComponent(namespace)}/${type.resource}`;
  return `${base}/${type.resource}`;
}
