import type { SourceRef } from './source.js';

/** The controllers whose semantics ingress2istio knows. `unknown` = no owner could be determined. */
export type ControllerId =
  | 'ingress-nginx'
  | 'nginx-inc'
  | 'contour'
  | 'haproxytech'
  | 'haproxy-ingress'
  | 'istio'
  | 'other'
  | 'unknown';

export const KNOWN_CONTROLLERS: readonly ControllerId[] = [
  'ingress-nginx',
  'nginx-inc',
  'contour',
  'haproxytech',
  'haproxy-ingress',
];

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface ServiceBackend {
  kind: 'service';
  service: string;
  /** Exactly one of number/name is set after normalization (both unset = port omitted). */
  port: { number?: number; name?: string };
  source: SourceRef;
}

export interface ResourceBackend {
  kind: 'resource';
  apiGroup?: string;
  resourceKind: string;
  name: string;
  source: SourceRef;
}

export type Backend = ServiceBackend | ResourceBackend;

export interface IngressPath {
  /** Path as written; `/` when the manifest omitted it (legacy APIs allow that). */
  path: string;
  pathType: PathType;
  /** False when the manifest had no pathType (legacy APIs): the controller's default applies. */
  pathTypeExplicit: boolean;
  backend: Backend;
  source: SourceRef;
}

export interface IngressRule {
  /** Undefined for a rule without host (catch-all). */
  host?: string;
  paths: IngressPath[];
  source: SourceRef;
}

export interface IngressTLS {
  hosts: string[];
  secretName?: string;
  source: SourceRef;
}

export interface Annotation {
  key: string;
  value: string;
  source: SourceRef;
}

/** How the owning controller was decided, for the report. */
export interface Ownership {
  controller: ControllerId;
  /** Class name the Ingress asks for, if any. */
  className?: string;
  /** Human-readable reason, e.g. `IngressClass nginx has spec.controller k8s.io/ingress-nginx`. */
  reason: string;
}

/** A normalized Ingress. Readers build it; nothing downstream looks at the raw object. */
export interface Ingress {
  apiVersion: string;
  namespace: string;
  name: string;
  creationTimestamp?: string;
  /** Annotations sorted by key. */
  annotations: Annotation[];
  labels: Record<string, string>;
  ingressClassName?: string;
  rules: IngressRule[];
  defaultBackend?: Backend;
  tls: IngressTLS[];
  owner: Ownership;
  source: SourceRef;
  /** Index of the object in the input (stable tie-breaker after creationTimestamp). */
  order: number;
}

export interface IngressClass {
  name: string;
  controller: string;
  isDefault: boolean;
  parameters?: { apiGroup?: string; kind: string; name: string; namespace?: string; scope?: string };
  source: SourceRef;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface Service {
  namespace: string;
  name: string;
  ports: ServicePort[];
  annotations: Record<string, string>;
  source: SourceRef;
}

/** A ConfigMap, kept for controller-wide settings (e.g. ingress-nginx's). */
export interface ConfigMapObject {
  namespace: string;
  name: string;
  data: Record<string, string>;
  source: SourceRef;
}

export function ingressId(ing: { namespace: string; name: string }): string {
  return `${ing.namespace}/${ing.name}`;
}

export function annotationValue(ing: Ingress, key: string): string | undefined {
  for (const a of ing.annotations) if (a.key === key) return a.value;
  return undefined;
}
