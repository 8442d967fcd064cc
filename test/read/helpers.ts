import { normalize, parseText, type ReadOptions } from '../../src/read/index.js';
import { formatSource, type InputError } from '../../src/model/source.js';
import type { InputSet } from '../../src/read/types.js';

/** Parse and normalize one inline text named `t.yaml`; errors of both stages, in order. */
export function read(text: string, opts: ReadOptions = {}, file = 't.yaml'): InputSet {
  const parsed = parseText(text, file);
  const set = normalize(parsed.objects, opts);
  set.errors = [...parsed.errors, ...set.errors].sort((a, b) => a.source.line - b.source.line || (a.source.column ?? 0) - (b.source.column ?? 0));
  set.stats.documents = parsed.documents;
  return set;
}

/** `file:line:col: object (field): message`, leaving out the parts an error does not have. */
export function fmtError(e: InputError): string {
  const head = [e.object, e.field ? `(${e.field})` : undefined].filter(Boolean).join(' ');
  return `${formatSource(e.source)}: ${head ? `${head}: ` : ''}${e.message}`;
}

export function messages(set: { errors: InputError[] }): string[] {
  return set.errors.map(fmtError);
}

/** A minimal valid v1 Ingress; `extra` is inserted under spec (indented by the caller). */
export function ingress(name: string, specBody: string, metaExtra = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
${metaExtra}spec:
${specBody}`;
}
