/**
 * Pairs generated objects with the existing ones (same group, kind, namespace and name) and
 * compares their cleaned YAML. The existing side is the old text ("-"), the generated side the
 * new ("+"), as in `kubectl diff`.
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { InputError } from '../model/source.js';
import { formatSource } from '../model/source.js';
import { cleanObject, compareIds, describeId, idKey, idOf, type DiffObject, type ObjectId } from './objects.js';

export type EntryStatus = 'changed' | 'only-generated' | 'only-existing' | 'identical';

export interface DiffEntry {
  id: ObjectId;
  status: EntryStatus;
  generated?: DiffObject;
  existing?: DiffObject;
  /** Unified diff (existing → generated); empty for identical objects. */
  patch: string;
}

export interface DiffReport {
  /** Sorted by group, kind, namespace, name. */
  entries: DiffEntry[];
  /** Objects that appear twice on one side (the first one is compared). */
  errors: InputError[];
}

export interface DiffLabels {
  /** What the existing side is called in headers, e.g. `cluster:prod` or `istio/`. */
  existing: string;
  generated: string;
  /** First path segment of the existing side in patch headers: `live` (cluster) or `against` (files). */
  existingDir: string;
}

const CONTEXT_LINES = 3;

export function toYaml(obj: Record<string, unknown>): string {
  return stringify(cleanObject(obj), { lineWidth: 0, aliasDuplicateObjects: false });
}

function index(objs: DiffObject[], side: string, errors: InputError[]): Map<string, DiffObject> {
  const out = new Map<string, DiffObject>();
  for (const o of objs) {
    const id = idOf(o.obj);
    const key = idKey(id);
    const first = out.get(key);
    if (first) {
      errors.push({
        source: o.source,
        object: describeId(id),
        message: `${side} has ${describeId(id)} twice (first at ${formatSource(first.source)}); only the first is compared`,
      });
      continue;
    }
    out.set(key, o);
  }
  return out;
}

function path(label: string, id: ObjectId): string {
  return `${label}/${id.group}/${id.kind}/${id.namespace || '_'}/${id.name}`;
}

export function compareObjectSets(generated: DiffObject[], existing: DiffObject[], labels: DiffLabels): DiffReport {
  const errors: InputError[] = [];
  const gen = index(generated, 'the generated output', errors);
  const old = index(existing, labels.existing, errors);
  const keys = [...new Set([...gen.keys(), ...old.keys()])];
  const entries: DiffEntry[] = [];
  for (const key of keys) {
    const g = gen.get(key);
    const e = old.get(key);
    const id = idOf((g ?? e)!.obj);
    const oldText = e ? toYaml(e.obj) : '';
    const newText = g ? toYaml(g.obj) : '';
    const status: EntryStatus = !e ? 'only-generated' : !g ? 'only-existing' : oldText === newText ? 'identical' : 'changed';
    const patch =
      status === 'identical'
        ? ''
        : createTwoFilesPatch(
            e ? path(labels.existingDir, id) : '/dev/null',
            g ? path('generated', id) : '/dev/null',
            oldText,
            newText,
            e ? formatSource(e.source) : undefined,
            undefined,
            { context: CONTEXT_LINES },
          );
    entries.push({ id, status, generated: g, existing: e, patch: stripIndexLines(patch) });
  }
  entries.sort((a, b) => compareIds(a.id, b.id));
  return { entries, errors };
}

/** jsdiff starts a patch with `Index:`/`====` lines that `diff -u` does not print. */
function stripIndexLines(patch: string): string {
  return patch.replace(/^(Index: [^\n]*\n)?=+\n/, '');
}

export function hasDifferences(r: DiffReport): boolean {
  return r.entries.some((e) => e.status !== 'identical');
}
