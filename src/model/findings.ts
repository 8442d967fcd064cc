import type { SourceRef } from './source.js';

/**
 * What happened to one annotation or field.
 * - converted: carried over exactly
 * - partial: carried over with a stated difference
 * - unsupported: not carried over; the message says what to do instead
 * - ignored: has no meaning for Istio (controller tuning, foreign controller, removed key)
 * - error: the input itself is wrong (the controller would have rejected or ignored it)
 */
export type FindingLevel = 'converted' | 'partial' | 'unsupported' | 'ignored' | 'error';

export const FINDING_LEVELS: readonly FindingLevel[] = ['converted', 'partial', 'unsupported', 'ignored', 'error'];

export interface FindingSubject {
  namespace: string;
  name: string;
  file: string;
  line: number;
}

export interface Finding {
  ingress: FindingSubject;
  /** Annotation key, or a field path such as `spec.rules[0].http.paths[1].pathType`. */
  key: string;
  level: FindingLevel;
  message: string;
  /** What to do instead, when the level is not `converted`. */
  advice?: string;
  /** Istio objects that carry the result, as `Kind/namespace/name`. */
  istio: string[];
  /** Id of the rule that produced it (`core` for the engine). */
  rule: string;
  /** Where exactly (the annotation's or field's own line), when known. */
  source?: SourceRef;
  /** Machine-readable tags for the audit (e.g. `envoyfilter`, `secret-copy`, `mesh-config`, `behaviour-change`, `conflict`, `wildcard-widening`, `snippet`). */
  tags?: string[];
  /** Extra data for action lists (e.g. the command that copies a secret). */
  data?: Record<string, string>;
}
