/**
 * Reads the existing Istio objects of `diff --against FILE|DIR`: YAML (multi-document) or JSON,
 * folders recursively (.yaml, .yml, .json, in name order), `List` objects flattened. Only the
 * kinds ingress2istio generates are kept; a missing namespace means the namespace the objects
 * would be applied to (`-n`, else `default`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { InputError } from '../model/source.js';
import { isComparedKind, type DiffObject } from './objects.js';

export interface AgainstRead {
  objects: DiffObject[];
  errors: InputError[];
  /** Files read. */
  files: number;
  /** Objects of other kinds, not compared. */
  ignored: number;
}

function listFiles(path: string, errors: InputError[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    errors.push({ source: { file: path, line: 0 }, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return [];
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, errors));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(full);
  }
  return out;
}

export function readAgainst(path: string, defaultNamespace: string): AgainstRead {
  const errors: InputError[] = [];
  const objects: DiffObject[] = [];
  const files = listFiles(path, errors);
  let ignored = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      errors.push({ source: { file, line: 0 }, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const lc = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false });
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const line = doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : 1;
      if (doc.errors.length > 0) {
        const e = doc.errors[0]!;
        errors.push({ source: { file, line: e.linePos?.[0]?.line ?? line }, message: `YAML: ${e.message.split('\n')[0]}` });
        continue;
      }
      const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push({ source: { file, line }, message: 'not a Kubernetes object' });
        continue;
      }
      const obj = value as Record<string, unknown>;
      const items = typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items) ? (obj.items as unknown[]) : [obj];
      for (const item of items) {
        if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
        const o = item as Record<string, unknown>;
        if (!isComparedKind(o)) {
          ignored++;
          continue;
        }
        const meta = (o.metadata && typeof o.metadata === 'object' ? o.metadata : {}) as Record<string, unknown>;
        if (typeof meta.name !== 'string' || meta.name === '') {
          errors.push({ source: { file, line }, object: String(o.kind), message: 'has no metadata.name' });
          continue;
        }
        if (typeof meta.namespace !== 'string' || meta.namespace === '') o.metadata = { ...meta, namespace: defaultNamespace };
        objects.push({ obj: o, source: { file, line } });
      }
    }
  }
  return { objects, errors, files: files.length, ignored };
}
