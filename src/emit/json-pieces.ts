/**
 * `JSON.stringify(value, null, 2) + '\n'` in pieces, for documents too large to be one string
 * (V8's strings end at about 512 MiB; an audit of 10k Ingresses is already 100 MB of JSON).
 *
 * The outer `depth` levels of objects and arrays are laid out here, member by member (after
 * `toJSON`, as JSON.stringify calls it); every node below them is printed by `JSON.stringify`
 * itself and indented to its place. Line breaks inside JSON strings are escaped, so indenting every line break
 * of a node's text is exact. What JSON.stringify leaves out is left out here too: object members
 * whose value is undefined, a function or a symbol; in arrays those become `null`.
 */
import { inPieces } from './print.js';

/** What JSON.stringify serializes for `value` under `key`: the result of its `toJSON`, if any. */
function serialized(value: unknown, key: string): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' && (typeof value === 'object' || typeof value === 'bigint') ? toJSON.call(value, key) : value;
}

/** Objects and arrays laid out member by member (boxed primitives print as their value). */
function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && !(v instanceof Number || v instanceof String || v instanceof Boolean);
}

function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** `JSON.stringify(v, null, 2)` for a node `level` levels deep in that layout (first line not indented). */
export function nodeText(v: unknown, level: number): string {
  const text = JSON.stringify(v, null, 2);
  return level === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(level)}`);
}

/** `v` is what `serialized` gave for it, never omitted. */
function* node(v: unknown, level: number, depth: number): Generator<string> {
  if (level >= depth || !isContainer(v)) {
    yield nodeText(v, level);
    return;
  }
  const inner = '  '.repeat(level + 1);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < v.length; i++) {
      yield inner;
      const item = serialized(v[i], String(i));
      if (omitted(item)) yield 'null';
      else yield* node(item, level + 1, depth);
      yield i + 1 < v.length ? ',\n' : '\n';
    }
    yield `${'  '.repeat(level)}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(v)) {
    const member = serialized(v[key], key);
    if (omitted(member)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* node(member, level + 1, depth);
  }
  yield first ? '{}' : `\n${'  '.repeat(level)}}`;
}

/** `JSON.stringify(value, null, 2) + '\n'`, in pieces of about 64 KiB. */
export function jsonPieces(value: unknown, depth = 3): Generator<string> {
  return inPieces(
    (function* (): Generator<string> {
      yield* node(serialized(value, ''), 0, depth);
      yield '\n';
    })(),
  );
}
