/**
 * Printing generated objects. Key order is the order the engine built them in (apiVersion, kind,
 * metadata, spec first), documents in the engine's sort order: the same input gives the same bytes.
 * YAML comes from our own printer (./yaml.ts): byte-identical to js-yaml's `dump` with
 * DUMP_OPTIONS, which it falls back to for documents outside the subset it handles, and several
 * times faster (js-yaml's dumper is itself several times faster than yaml's document API).
 */
import type { IstioResource } from '../istio/types.js';
import { dumpYaml } from './yaml.js';

export type OutputFormat = 'yaml' | 'json';

/**
 * Size (characters) of the pieces `printChunks` yields. Below V8's large-object size (128 KiB):
 * larger strings are allocated in the old generation and, though garbage as soon as written, stay
 * until the next full collection; at 100k Ingresses 1 MiB pieces added ~600 MiB to the peak RSS.
 */
const CHUNK = 1 << 16;

function* yamlDocuments(objs: readonly unknown[]): Generator<string> {
  for (const o of objs) yield `---\n${dumpYaml(o)}`;
}

/** The same text as `JSON.stringify({apiVersion: 'v1', kind: 'List', items}, null, 2)`, item by item. */
function* jsonDocuments(objs: readonly unknown[]): Generator<string> {
  if (objs.length === 1) {
    yield `${JSON.stringify(objs[0], null, 2)}\n`;
    return;
  }
  if (objs.length === 0) {
    yield `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }, null, 2)}\n`;
    return;
  }
  yield '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n';
  for (let i = 0; i < objs.length; i++) {
    // JSON escapes line breaks inside strings, so indenting every line is exact.
    yield `    ${JSON.stringify(objs[i], null, 2).replace(/\n/g, '\n    ')}${i + 1 < objs.length ? ',' : ''}\n`;
  }
  yield '  ]\n}\n';
}

/**
 * Texts joined into pieces of about 64 KiB (`CHUNK`, plus at most one text): what a large output
 * is written in, so that it never has to exist as one string. Joined, the pieces are the texts.
 */
export function* inPieces(texts: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (const t of texts) {
    buf.push(t);
    size += t.length;
    if (size >= CHUNK) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

/**
 * The printed text in pieces of about 64 KiB, document by document: the whole output never has to
 * exist as one string (at 100k Ingresses it is hundreds of MB). Joined, the pieces are `print()`.
 */
export function printChunks(objs: readonly IstioResource[], format: OutputFormat): Generator<string> {
  return inPieces(format === 'json' ? jsonDocuments(objs) : yamlDocuments(objs));
}

export function toYaml(objs: readonly unknown[]): string {
  return [...yamlDocuments(objs)].join('');
}

export function toJson(objs: readonly unknown[]): string {
  return [...jsonDocuments(objs)].join('');
}

export function print(objs: readonly IstioResource[], format: OutputFormat): string {
  return format === 'json' ? toJson(objs) : toYaml(objs);
}

/** Group by namespace for `-o DIR` (one file per namespace). */
export function byNamespace(objs: readonly IstioResource[]): Map<string, IstioResource[]> {
  const m = new Map<string, IstioResource[]>();
  for (const o of objs) {
    const list = m.get(o.metadata.namespace) ?? [];
    list.push(o);
    m.set(o.metadata.namespace, list);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
