/**
 * The rule module contract. A rule owns a family of annotation keys of one controller,
 * declares their metadata, and turns their values into intents and findings.
 *
 * Consume or report: every owned key present on an Ingress must get at least one finding.
 * The engine enforces it: a key a rule leaves without a finding gets the default finding of its
 * support level, so nothing is ever dropped silently.
 */
import type { ConfigMapObject, ControllerId, Ingress, Service } from '../src/model/ingress.js';
import type { FindingLevel } from '../src/model/findings.js';
import type { IngressIntents } from '../src/model/intents.js';
import type { ConvertOptions } from '../src/model/options.js';

export type SupportLevel = 'full' | 'partial' | 'none' | 'not-applicable';
export type KeyStatus = 'current' | 'alias' | 'removed' | 'deprecated';

export interface KeyMeta {
  /** Full annotation key, e.g. `nginx.ingress.kubernetes.io/rewrite-target`. */
  key: string;
  support: SupportLevel;
  status?: KeyStatus;
  /** For removed keys: the release that removed it, e.g. `v0.22.0`. */
  removedIn?: string;
  /** Istio target, e.g. `VirtualService.http[].rewrite.uriRegexRewrite`. */
  istio: string;
  /** One line: what the user should do / know. */
  advice: string;
  /** Documentation URL of the source controller. */
  docs?: string;
  /** Service annotations (Contour) are read from the Service, not the Ingress. */
  on?: 'ingress' | 'service';
}

export interface RuleMeta {
  /** Stable id, `<vendor>/<family>`, e.g. `nginx/rewrite`. */
  id: string;
  controller: ControllerId;
  description: string;
  keys: KeyMeta[];
}

export interface FindingInput {
  key: string;
  level: FindingLevel;
  message: string;
  advice?: string;
  tags?: string[];
  data?: Record<string, string>;
  /** Istio objects, as `Kind/namespace/name`, when the rule created them itself. */
  istio?: string[];
}

export interface RuleContext {
  readonly ingress: Ingress;
  readonly options: Readonly<ConvertOptions>;
  /** Services of the input, to resolve ports and read Service annotations. */
  service(namespace: string, name: string): Service | undefined;
  /** ConfigMaps of the input (e.g. ingress-nginx custom-headers), undefined when not given. */
  configMap(namespace: string, name: string): ConfigMapObject | undefined;
  /** Value of an annotation on the Ingress (full key), undefined if absent. */
  get(key: string): string | undefined;
  has(key: string): boolean;
  /** Owned keys of this rule present on the Ingress, sorted. */
  readonly presentKeys: readonly string[];
  report(f: FindingInput): void;
  /** Intents collected for this Ingress; the engine consumes them. */
  readonly intents: IngressIntents;
  /** Parse helpers: report an `error` finding and return undefined on a bad value. */
  bool(key: string): boolean | undefined;
  int(key: string, min?: number, max?: number): number | undefined;
}

export interface Rule {
  meta: RuleMeta;
  /** Called once per Ingress owned by `meta.controller` that carries at least one of the rule's keys. */
  create(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
