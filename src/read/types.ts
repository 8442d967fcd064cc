import type { InputError, SourceRef } from '../model/source.js';
import type { ConfigMapObject, Ingress, IngressClass, Service } from '../model/ingress.js';

/**
 * One Kubernetes object as read from an input (a file document, a List item, or a cluster object),
 * before normalization. `lines` maps dotted field paths (e.g. `metadata.annotations.foo/bar`,
 * `spec.rules.0.http.paths.1`) to their 1-based line, where the reader knows them.
 */
export interface RawObject {
  obj: Record<string, unknown>;
  source: SourceRef;
  /** Line lookup for fields; may be lazy. Returns undefined when unknown. */
  lineOf?: (fieldPath: string) => number | undefined;
  /** Original text of the object, when the reader has it (for the audit's side-by-side view). */
  text?: string;
}

/** What the readers hand to the engine. */
export interface InputSet {
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  services: Service[];
  configMaps: ConfigMapObject[];
  errors: InputError[];
  stats: InputStats;
  /** Source text per `namespace/name` of each Ingress, when known (audit side-by-side view). */
  texts?: Map<string, string>;
}

export interface InputStats {
  files: number;
  documents: number;
  /** Objects read per kind, including skipped kinds (`Deployment: 3`). */
  kinds: Record<string, number>;
  /** Objects of kinds ingress2istio does not convert, skipped. */
  skipped: number;
  /** Ingresses left out by `--ingress-class`. */
  filtered: number;
}
