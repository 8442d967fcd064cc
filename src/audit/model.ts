/**
 * The audit report: a plain, serializable value built once from a ConvertResult and the rule
 * catalog, then rendered in every format. Its JSON form is documented in docs/audit-schema.json;
 * change AUDIT_SCHEMA_VERSION with any incompatible change of this shape.
 */
import type { FindingLevel } from '../model/findings.js';
import type { SupportLevel } from '../../rules/types.js';

export const AUDIT_SCHEMA_VERSION = '1.0';

export type Verdict = 'ready' | 'review' | 'blocked';
/** Worst first: the order of severity, also used to sort Ingresses in every format. */
export const VERDICTS: readonly Verdict[] = ['blocked', 'review', 'ready'];

/** Finding tags that send an Ingress to review even when the finding itself is `converted`. */
export const REVIEW_TAGS: readonly string[] = [
  'behaviour-change',
  'conflict',
  'envoyfilter',
  'mesh-config',
  'secret-copy',
  'snippet',
  'wildcard-widening',
];

export interface Location {
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
}

/** Why an Ingress got its verdict: one annotation or field, with its line. */
export interface Reason {
  /** Annotation key or field path. */
  key: string;
  /** Where the reason comes from: an engine finding, an unknown annotation key, or an input error. */
  kind: 'finding' | 'unknown-key' | 'input-error';
  /** The verdict this reason alone leads to. */
  verdict: Verdict;
  level?: FindingLevel;
  tags: string[];
  message: string;
  advice?: string;
  rule?: string;
  location: Location;
}

export interface IngressAudit {
  /** `namespace/name`. */
  id: string;
  namespace: string;
  name: string;
  location: Location;
  className?: string;
  controller: string;
  ownerReason: string;
  hosts: string[];
  verdict: Verdict;
  /** Sorted: worst verdict first, then key, then line. */
  reasons: Reason[];
  /** Annotation keys present on the Ingress, sorted. */
  annotations: string[];
  /** Generated Istio objects that carry this Ingress, as `Kind/namespace/name`, in output order. */
  istio: string[];
  /** Count of findings per level. */
  findings: Record<FindingLevel, number>;
}

export type KeyStatus = 'known' | 'unknown' | 'other';

export interface AnnotationUsage {
  key: string;
  /** Number of Ingresses carrying it. */
  count: number;
  /** known: in the rule catalog; unknown: under a controller's prefix (or near a known key) but not in the catalog; other: not a controller annotation. */
  status: KeyStatus;
  /** Catalog support level (for the owning controller when it knows the key); absent unless known. */
  support?: SupportLevel;
  /** Controllers whose catalog has the key. */
  controllers: string[];
  /** Closest known key, for unknown keys. */
  suggestion?: string;
  /** Ids of the Ingresses, sorted. */
  ingresses: string[];
  /** Findings per level reported on this key across the input. */
  levels: Partial<Record<FindingLevel, number>>;
}

export interface UnknownKey {
  key: string;
  suggestion?: string;
  distance?: number;
  locations: Array<Location & { ingress: string }>;
}

export interface ForeignAnnotation {
  key: string;
  /** Controllers that own the key. */
  keyControllers: string[];
  ingress: string;
  /** Controller that owns the Ingress. */
  owner: string;
  location: Location;
}

export interface Count {
  name: string;
  ingresses: number;
}

export interface NamespaceCount extends Count {
  ready: number;
  review: number;
  blocked: number;
}

export interface Inventory {
  namespaces: NamespaceCount[];
  classes: Count[];
  controllers: Count[];
  annotations: AnnotationUsage[];
  unknownKeys: UnknownKey[];
  foreignAnnotations: ForeignAnnotation[];
}

export interface SecretCopy {
  /** Namespace and name of the Secret the Ingress refers to. */
  namespace: string;
  secretName: string;
  /** Where the gateway reads it. */
  targetNamespace: string;
  targetName: string;
  command: string;
  ingresses: string[];
  hosts: string[];
}

/** One action item derived from a finding. */
export interface ActionItem {
  ingress: string;
  key: string;
  message: string;
  advice?: string;
  location: Location;
  /** Extra data of the finding (e.g. `snippet`, `command`). Sorted keys. */
  data?: Record<string, string>;
  /** Istio objects concerned, when any. */
  istio?: string[];
}

export interface MeshConfigChange {
  snippet: string;
  keys: string[];
  ingresses: string[];
  message: string;
}

export interface Actions {
  secretCopies: SecretCopy[];
  meshConfig: MeshConfigChange[];
  envoyFilters: ActionItem[];
  snippets: ActionItem[];
  conflicts: ActionItem[];
  wildcardWidening: ActionItem[];
  behaviourChanges: ActionItem[];
  unsupported: ActionItem[];
}

export interface ReportFinding {
  ingress: string;
  key: string;
  level: FindingLevel;
  message: string;
  advice?: string;
  rule: string;
  tags: string[];
  istio: string[];
  location: Location;
  data?: Record<string, string>;
}

export interface ReportError {
  location: Location;
  object?: string;
  field?: string;
  message: string;
}

export interface AuditSummary {
  ingresses: number;
  namespaces: number;
  verdicts: Record<Verdict, number>;
  findings: Record<FindingLevel, number>;
  annotationKeys: number;
  /** Distinct keys per support level (known keys), plus `unknown` and `other`. */
  support: Record<SupportLevel | 'unknown' | 'other', number>;
  unknownKeys: number;
  foreignAnnotations: number;
  errors: number;
  istioResources: Record<string, number>;
}

/** Source text and generated Istio YAML of one Ingress, for the HTML side-by-side view (not in the JSON). */
export interface IngressTexts {
  source: string;
  /** True when the source text is the original; false when it was re-serialized from the model. */
  original: boolean;
  istio: string;
}

export interface AuditReport {
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  gatewayNamespace: string;
  summary: AuditSummary;
  /** Sorted worst verdict first, then namespace, name. */
  ingresses: IngressAudit[];
  inventory: Inventory;
  actions: Actions;
  /** Every finding of the conversion, in the engine's order (namespace, name, key). */
  findings: ReportFinding[];
  errors: ReportError[];
}
