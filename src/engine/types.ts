import type { Finding } from '../model/findings.js';
import type { Ingress } from '../model/ingress.js';
import type { InputError } from '../model/source.js';
import type { IstioResource } from '../istio/types.js';
import type { InputStats } from '../read/types.js';

export interface ConvertSummary {
  ingresses: number;
  resources: Record<string, number>;
  findings: Record<string, number>;
  errors: number;
}

/** The result of one conversion: what the emitters print and the reporters report on. */
export interface ConvertResult {
  ingresses: Ingress[];
  /** Sorted by kind, namespace, name: the order they are printed in. */
  resources: IstioResource[];
  /** Sorted by namespace, name, key. */
  findings: Finding[];
  errors: InputError[];
  stats: InputStats;
  summary: ConvertSummary;
}
