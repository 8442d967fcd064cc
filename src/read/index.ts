/**
 * Readers: turn files, folders, stdin (and later a live cluster) into the normalized InputSet.
 * (Stub signatures; implemented by the readers work.)
 */
import type { InputSet, RawObject } from './types.js';
import type { InputError } from '../model/source.js';
import type { ControllerId } from '../model/ingress.js';

export interface ReadOptions {
  /** Convert only Ingresses of this class (others are counted in stats.filtered). */
  ingressClass?: string;
  /** Force the owning controller. */
  controller?: ControllerId;
  /** ingress-nginx `--annotations-prefix` (keys under it are renamed to nginx.ingress.kubernetes.io/). */
  nginxAnnotationPrefix?: string;
  /** Stream used for `-` (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** Parse one text (YAML multi-doc or JSON) into raw objects; `file` names it in errors. */
export function parseText(_text: string, _file: string): { objects: RawObject[]; errors: InputError[]; documents: number } {
  throw new Error('not implemented yet');
}

/** Build the normalized input set from raw objects of any source. */
export function normalize(_objects: RawObject[], _opts: ReadOptions = {}): InputSet {
  throw new Error('not implemented yet');
}

/** Read files, folders (recursive .yaml/.yml/.json) and `-` (stdin). */
export async function readInputs(_paths: string[], _opts: ReadOptions = {}): Promise<InputSet> {
  throw new Error('not implemented yet');
}
