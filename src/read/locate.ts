/**
 * Field positions without a positional parser on the hot path.
 *
 * Bulk parsing (js-yaml, JSON.parse) gives values but no positions. These indexers rebuild
 * `dotted.path -> line/column` from the text, only when someone asks (a message or a report):
 * - `indexBlockYaml`: one pass over block-style YAML lines (indentation based);
 * - `indexJson`: one pass over JSON text;
 * - `indexYamlDocument`: the `yaml` library's document API, exact but slow, used as the fallback
 *   when the block indexer meets something it does not follow (flow collections, merge keys, ...).
 *
 * Paths join keys and sequence indexes with `.`: `spec.rules.0.http.paths.1.backend`.
 * Annotation keys contain dots themselves; lookups are exact string matches, so that is harmless.
 */
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import type { LineIndex } from './text.js';

type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
/** The `yaml` library, loaded on first use: most runs never need it, and loading it costs start-up time. */
export function loadYamlLib(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

export interface Pos {
  line: number;
  column: number;
}

const COLUMN_SPAN = 1 << 20;

/**
 * path -> position, stored as one number per path (line * 2^20 + column): indexes of many objects
 * stay alive while their lazy sources wait, so they should be small.
 */
export class PositionMap {
  private readonly packed = new Map<string, number>();

  get(path: string): Pos | undefined {
    const v = this.packed.get(path);
    if (v === undefined) return undefined;
    return { line: Math.floor(v / COLUMN_SPAN), column: v % COLUMN_SPAN };
  }

  has(path: string): boolean {
    return this.packed.has(path);
  }

  set(path: string, pos: Pos): void {
    this.packed.set(path, pos.line * COLUMN_SPAN + Math.min(pos.column, COLUMN_SPAN - 1));
  }
}

export interface FieldIndex {
  map: PositionMap;
  /** True when the text had constructs the indexer does not follow: missing paths may exist. */
  incomplete: boolean;
}

function join(base: string, seg: string | number): string {
  return base === '' ? String(seg) : `${base}.${seg}`;
}

interface Frame {
  indent: number;
  path: string;
  kind: 'map' | 'seq';
  next: number;
}

interface Pending {
  path: string;
  /** A child sequence may start at this indent or deeper. */
  seqMin: number;
  /** A child mapping must start at this indent or deeper. */
  mapMin: number;
}

const ANCHOR_OR_TAG_ONLY = /^([&!]\S*\s*)+(#.*)?$/;

/**
 * Index block-style YAML between lines `from` and `to` (1-based, inclusive). When `firstIsItem`, the
 * first content line is a sequence entry (`- key: v`) whose dash is treated as indentation: the
 * paths are then relative to that item. Paths deeper than `maxDepth` segments are not recorded.
 */
export function indexBlockYaml(lines: LineIndex, from: number, to: number, firstIsItem = false, maxDepth = Infinity): FieldIndex {
  const map = new PositionMap();
  let incomplete = false;
  const stack: Frame[] = [];
  let pending: Pending | null = null;
  let skipAbove = -1;
  let first = true;

  const depthOf = (path: string): number => {
    let d = 1;
    for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) d++;
    return d;
  };
  const record = (path: string, line: number, col: number): void => {
    if (maxDepth === Infinity || depthOf(path) <= maxDepth) {
      if (!map.has(path)) map.set(path, { line, column: col + 1 });
    }
  };

  /** Handle `key: value` at column `col` inside map frame `frame`; false when it is not a key. */
  const handleKey = (content: string, col: number, frame: Frame, line: number): boolean => {
    let key: string;
    let rest: string;
    const c0 = content.charCodeAt(0);
    if (c0 === 34 /* " */) {
      let i = 1;
      while (i < content.length && content[i] !== '"') i += content[i] === '\\' ? 2 : 1;
      const raw = content.slice(0, i + 1);
      try {
        key = JSON.parse(raw) as string;
      } catch {
        key = raw.slice(1, -1);
      }
      rest = content.slice(i + 1).trimStart();
      if (rest[0] !== ':') return false;
      rest = rest.slice(1);
    } else if (c0 === 39 /* ' */) {
      let i = 1;
      for (;;) {
        if (i >= content.length) return false;
        if (content[i] === "'") {
          if (content[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      key = content.slice(1, i).replace(/''/g, "'");
      rest = content.slice(i + 1).trimStart();
      if (rest[0] !== ':') return false;
      rest = rest.slice(1);
    } else {
      if (c0 === 63 /* ? */ || c0 === 123 /* { */ || c0 === 91 /* [ */) {
        incomplete = true;
        skipAbove = col;
        return true;
      }
      let idx = -1;
      for (let i = content.indexOf(':'); i >= 0; i = content.indexOf(':', i + 1)) {
        const n = content.charCodeAt(i + 1);
        if (Number.isNaN(n) || n === 32 || n === 9) {
          idx = i;
          break;
        }
      }
      if (idx < 0) return false;
      key = content.slice(0, idx).trimEnd();
      rest = content.slice(idx + 1);
      if (key.includes(' #')) return false;
    }
    if (key === '<<') incomplete = true;
    const path = join(frame.path, key);
    record(path, line, col);
    let vi = 0;
    while (vi < rest.length && (rest.charCodeAt(vi) === 32 || rest.charCodeAt(vi) === 9)) vi++;
    const v0 = vi < rest.length ? rest[vi] : '';
    if (v0 === '' || v0 === '#' || ((v0 === '&' || v0 === '!') && ANCHOR_OR_TAG_ONLY.test(rest.slice(vi).trimEnd()))) {
      pending = { path, seqMin: col, mapMin: col + 1 };
    } else {
      if (v0 === '{' || v0 === '[' || v0 === '*') incomplete = true;
      // Scalars (plain, quoted, block) and flow collections may continue on deeper lines.
      skipAbove = col;
    }
    return true;
  };

  for (let ln = from; ln <= to; ln++) {
    let raw = lines.line(ln);
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length) continue;
    const ch = raw.charCodeAt(indent);
    if (ch === 35 /* # */) continue;
    if (ch === 9 /* tab */) {
      // Tabs around content: follow the line as if the tab were spaces (js-yaml rejects tab indentation anyway).
      if (raw.slice(indent).trim() === '') continue;
    }
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...'))) {
      const after = raw.slice(3).trim();
      if (raw.startsWith('...') || !first) break;
      if (after === '' || after[0] === '#') continue;
      incomplete = true;
      break;
    }
    if (first && firstIsItem && ch === 45 /* - */) {
      raw = ' '.repeat(indent + 1) + raw.slice(indent + 1);
      const m = /^ +/.exec(raw);
      indent = m ? m[0].length : 0;
    }
    if (first) {
      stack.push({ indent, path: '', kind: 'map', next: 0 });
      first = false;
    }
    if (skipAbove >= 0) {
      if (indent > skipAbove) continue;
      skipAbove = -1;
    }
    const content = raw.slice(indent);
    const isDash = content.charCodeAt(0) === 45 && (content.length === 1 || content.charCodeAt(1) === 32 || content.charCodeAt(1) === 9);
    if (pending) {
      const p: Pending = pending;
      pending = null;
      if (isDash && indent >= p.seqMin) stack.push({ indent, path: p.path, kind: 'seq', next: 0 });
      else if (!isDash && indent >= p.mapMin) stack.push({ indent, path: p.path, kind: 'map', next: 0 });
    }
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (indent < top.indent || (top.kind === 'seq' && indent === top.indent && !isDash)) stack.pop();
      else break;
    }
    if (stack.length === 0) break;
    const top = stack[stack.length - 1];
    if (indent > top.indent) continue; // continuation of something not followed
    if (top.kind === 'seq') {
      const itemPath = join(top.path, top.next++);
      let restCol = indent + 1;
      while (restCol < raw.length && (raw.charCodeAt(restCol) === 32 || raw.charCodeAt(restCol) === 9)) restCol++;
      const rest = raw.slice(restCol);
      record(itemPath, ln, rest === '' ? indent : restCol);
      if (rest === '' || rest[0] === '#' || ((rest[0] === '&' || rest[0] === '!') && ANCHOR_OR_TAG_ONLY.test(rest))) {
        pending = { path: itemPath, seqMin: indent + 1, mapMin: indent + 1 };
      } else if (rest[0] === '-' && (rest.length === 1 || rest[1] === ' ')) {
        incomplete = true;
        skipAbove = indent;
      } else {
        const frame: Frame = { indent: restCol, path: itemPath, kind: 'map', next: 0 };
        stack.push(frame);
        if (!handleKey(rest, restCol, frame, ln)) {
          stack.pop();
          if (rest[0] === '{' || rest[0] === '[' || rest[0] === '*') incomplete = true;
          skipAbove = indent;
        }
      }
    } else if (!isDash) {
      handleKey(content, indent, top, ln);
    }
  }
  return { map, incomplete };
}

/**
 * Index a JSON value starting at `start` in `text`. Object members are located at their key,
 * array elements at their first character.
 */
export function indexJson(text: string, start: number, lines: LineIndex, maxDepth = Infinity): FieldIndex {
  const map = new PositionMap();
  let i = start;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const str = (): string => {
    const s = i;
    skipStr();
    return JSON.parse(text.slice(s, i)) as string;
  };
  function skipStr(): void {
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw new Error('unterminated string');
      if (c === 92) i += 2;
      else if (c === 34) {
        i++;
        return;
      } else i++;
    }
  }
  const value = (path: string, depth: number): void => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return;
      }
      for (;;) {
        ws();
        const at = i;
        if (depth < maxDepth) {
          const key = str();
          const p = join(path, key);
          map.set(p, lines.position(at));
          ws();
          i++; // :
          value(p, depth + 1);
        } else {
          skipStr();
          ws();
          i++;
          value('', depth + 1);
        }
        ws();
        const d = text.charCodeAt(i++);
        if (d === 125) return;
        if (d !== 44) throw new Error('bad JSON');
      }
    } else if (c === 91 /* [ */) {
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        ws();
        if (depth < maxDepth) {
          const p = join(path, n);
          map.set(p, lines.position(i));
          value(p, depth + 1);
        } else value('', depth + 1);
        ws();
        const d = text.charCodeAt(i++);
        if (d === 93) return;
        if (d !== 44) throw new Error('bad JSON');
      }
    } else if (c === 34) {
      skipStr();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
  };
  try {
    value('', 0);
    return { map, incomplete: false };
  } catch {
    return { map, incomplete: true };
  }
}

/** Exact positions from the `yaml` library (slow; fallback only). `lineOffset` = line of the text's first line, minus 1. */
export function indexYamlDocument(text: string, lineOffset: number, rootPath: (string | number)[] = []): FieldIndex {
  const map = new PositionMap();
  const { isMap, isPair, isScalar, isSeq, parseDocument } = loadYamlLib();
  const doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  const lines = offsetsToLines(text);
  const pos = (offset: number): Pos => {
    const p = lines(offset);
    return { line: p.line + lineOffset, column: p.column };
  };
  let root: unknown = doc.contents;
  for (const seg of rootPath) {
    if (isMap(root)) root = root.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg))?.value;
    else if (isSeq(root)) root = root.items[Number(seg)];
    else return { map, incomplete: true };
  }
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k === undefined) continue;
        const p = join(path, k);
        const kn = pair.key as YamlNode;
        if (kn.range && !map.has(p)) map.set(p, pos(kn.range[0]));
        walk(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, n) => {
        const p = join(path, n);
        const r = (item as YamlNode | null)?.range;
        if (r) map.set(p, pos(r[0]));
        walk(item, p);
      });
    }
  };
  walk(root, '');
  return { map, incomplete: doc.errors.length > 0 };
}

function offsetsToLines(text: string): (offset: number) => Pos {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
