import type { InputCliOptions } from '../cli/input.js';
import type { ReadOptions } from './index.js';
import type { InputSet } from './types.js';

/** Read Ingresses, IngressClasses and Services from a live cluster (placeholder until implemented). */
export async function readCluster(_cli: InputCliOptions, _opts: ReadOptions): Promise<InputSet> {
  throw new Error('reading from a live cluster is not implemented yet');
}
