/**
 * A fast reader for the YAML that Kubernetes manifests are written in: block mappings and
 * sequences, plain, quoted and block scalars, comments. It follows js-yaml 4's loader step by step
 * (same decisions, same scalar typing through the schema's own implicit types), so what it returns
 * is exactly what `jsYaml.load(text, { schema: K8S_SCHEMA })` returns; it is faster because it
 * skips what such documents never use (tags, anchors, listeners, per-node state snapshots), checks
 * the characters of a document once instead of per scalar, and remembers how repeated plain scalars
 * resolve. On anything else (flow collections, tags, anchors and aliases, explicit `?` keys, merge
 * keys, `__proto__` keys, duplicate keys, directives, tabs, unusual characters, every input js-yaml
 * rejects) it gives up and returns undefined: the caller then runs js-yaml on the whole document,
 * which keeps producing every value and every error message as before.
 */
import { K8S_SCHEMA } from './schema.js';

/** Thrown (never escapes this module) when the document leaves the subset. */
const UNSUPPORTED = { unsupported: true };

/**
 * Characters after which the document goes to js-yaml: C0 controls except LF and CR, TAB (js-yaml
 * checks tabs in indentation), DEL and C1 controls, surrogates, U+FFFE/U+FFFF. This covers every
 * character js-yaml refuses in a scalar, so scalars need no check of their own.
 */
const UNUSUAL_CHARS = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;

const CONTEXT_FLOW_OUT = 2;
const CONTEXT_BLOCK_IN = 3;
const CONTEXT_BLOCK_OUT = 4;

/** js-yaml's default is 100; stay well below it so its "nesting exceeded" error stays its own. */
const MAX_DEPTH = 60;

const MERGE_TAG = 'tag:yaml.org,2002:merge';
/** What js-yaml's Type objects hold (its typings omit `tag` and the resolver's argument types). */
interface ImplicitType {
  tag: string;
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
const IMPLICIT_TYPES = (K8S_SCHEMA as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;

/** Plain scalar → resolved value (only primitives are kept), bounded. */
const resolved = new Map<string, unknown>();
const MAX_RESOLVED = 20_000;
const MAX_MEMO_LENGTH = 12;

// Reader state (one document at a time; the reader is synchronous and not re-entrant).
let src = '';
/** Length of the text without the trailing NUL sentinel (js-yaml's `state.length`). */
let length = 0;
let pos = 0;
let line = 0;
let lineStart = 0;
let lineIndent = 0;
let depth = 0;
let result: unknown = null;
/** Set when the last plain scalar resolved to the merge type (`<<`). */
let sawMerge = false;

/** The value js-yaml's `load` gives for this document text, or undefined to let js-yaml read it. */
export function fastLoad(text: string): { value: unknown } | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || UNUSUAL_CHARS.test(text)) return undefined;
  let input = text;
  if (input.includes('\r')) {
    // CRLF and LF are the same line break to js-yaml everywhere; a lone CR goes to js-yaml.
    input = input.replace(/\r\n/g, '\n');
    if (input.includes('\r')) return undefined;
  }
  if (input.charCodeAt(input.length - 1) !== 10) input += '\n';
  length = input.length;
  src = input + '\0';
  try {
    return readDocument();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  } finally {
    src = '';
    result = null;
  }
}

function unsupported(): never {
  throw UNSUPPORTED;
}

function isWsOrEol(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

function readDocument(): { value: unknown } | undefined {
  pos = 0;
  line = 0;
  lineStart = 0;
  lineIndent = 0;
  depth = 0;
  result = null;
  while (src.charCodeAt(pos) === 32) {
    lineIndent++;
    pos++;
  }
  // Only blanks: js-yaml's load gives undefined (no document); leave such oddities to it.
  if (pos >= length - 1) return undefined;
  skipSeparationSpace(true);
  if (lineIndent === 0 && src.charCodeAt(pos) === 37) unsupported(); // %directive
  if (lineIndent === 0 && src.charCodeAt(pos) === 45 && src.charCodeAt(pos + 1) === 45 && src.charCodeAt(pos + 2) === 45) {
    pos += 3;
    skipSeparationSpace(true);
  }
  composeNode(lineIndent - 1, CONTEXT_BLOCK_OUT, false, true);
  const value = result;
  skipSeparationSpace(true);
  // Anything left (a second document, or what js-yaml reports as an error) goes to js-yaml.
  if (pos < length - 1) unsupported();
  return { value };
}

/** Skips blanks, line breaks and (when allowed) comments; returns the number of line breaks. */
function skipSeparationSpace(allowComments: boolean): number {
  // Locals in the loops: module variables would be read and written through memory every time.
  const s = src;
  let p = pos;
  let breaks = 0;
  let ch = s.charCodeAt(p);
  while (ch !== 0) {
    while (ch === 32) ch = s.charCodeAt(++p);
    if (allowComments && ch === 35) {
      do ch = s.charCodeAt(++p);
      while (ch !== 10 && ch !== 0);
    }
    if (ch !== 10) break;
    p++;
    breaks++;
    lineStart = p;
    let indent = 0;
    ch = s.charCodeAt(p);
    while (ch === 32) {
      indent++;
      ch = s.charCodeAt(++p);
    }
    lineIndent = indent;
  }
  line += breaks;
  pos = p;
  return breaks;
}

function atDocumentSeparator(p: number): boolean {
  const ch = src.charCodeAt(p);
  if ((ch === 45 || ch === 46) && ch === src.charCodeAt(p + 1) && ch === src.charCodeAt(p + 2)) {
    const next = src.charCodeAt(p + 3);
    return next === 0 || isWsOrEol(next);
  }
  return false;
}

function foldedLines(count: number): string {
  return count === 1 ? ' ' : count > 1 ? '\n'.repeat(count - 1) : '';
}

/** js-yaml's composeNode without properties (tags, anchors), aliases and flow collections. */
function composeNode(parentIndent: number, context: number, allowToSeek: boolean, allowCompact: boolean): boolean {
  if (depth >= MAX_DEPTH) unsupported();
  depth++;
  result = null;
  let indentStatus = 1;
  let atNewLine = false;
  let hasContent = false;
  const blockStyles = context === CONTEXT_BLOCK_IN || context === CONTEXT_BLOCK_OUT;
  if (allowToSeek && skipSeparationSpace(true) > 0) {
    atNewLine = true;
    indentStatus = lineIndent > parentIndent ? 1 : lineIndent === parentIndent ? 0 : -1;
  }
  if (indentStatus === 1) {
    const ch = src.charCodeAt(pos);
    if (ch === 33 || ch === 38) unsupported(); // !tag, &anchor
  }
  const allowBlockCollections = blockStyles && (atNewLine || allowCompact);
  if (indentStatus === 1 || context === CONTEXT_BLOCK_OUT) {
    const flowIndent = context === CONTEXT_FLOW_OUT ? parentIndent : parentIndent + 1;
    const blockIndent = pos - lineStart;
    if (indentStatus === 1) {
      if (allowBlockCollections && (readBlockSequence(blockIndent) || readBlockMapping(blockIndent, flowIndent))) {
        hasContent = true;
      } else {
        const ch = src.charCodeAt(pos);
        if (ch === 91 || ch === 123 || ch === 42) unsupported(); // [flow], {flow}, *alias
        if (blockStyles && (ch === 124 || ch === 62)) {
          readBlockScalar(flowIndent);
          hasContent = true;
        } else if (ch === 39) {
          readSingleQuotedScalar();
          hasContent = true;
        } else if (ch === 34) {
          readDoubleQuotedScalar();
          hasContent = true;
        } else if (readPlainScalar(flowIndent)) {
          hasContent = true;
          result = resolvePlain(result as string);
        }
      }
    } else if (indentStatus === 0) {
      hasContent = allowBlockCollections && readBlockSequence(blockIndent);
    }
  }
  if (!hasContent) result = null;
  depth--;
  return hasContent;
}

/** The schema's implicit types, tried in js-yaml's order, on a plain scalar. */
function resolvePlain(text: string): unknown {
  // In this schema only `~`, the null/true/false spellings (4 or 5 letters starting n, t or f),
  // numbers (sign, digit or `.` first) and `<<` resolve to something else than a string (a test
  // pins the schema's types): most keys and values, names and paths, need no look-up at all.
  const c = text.charCodeAt(0);
  if (c === 47 || (c > 64 && c !== 126)) {
    const n = text.length;
    if ((n !== 4 && n !== 5) || (c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70)) return text;
  }
  const known = resolved.get(text);
  if (known !== undefined || resolved.has(text)) return known;
  let value: unknown = text;
  for (const type of IMPLICIT_TYPES) {
    if (type.resolve(text)) {
      value = type.construct(text);
      if (type.tag === MERGE_TAG) {
        sawMerge = true;
        return value;
      }
      break;
    }
  }
  // Short scalars only: V8 makes longer ones slices of the document text, which the memo would keep alive.
  if (text.length <= MAX_MEMO_LENGTH && (value === null || typeof value !== 'object')) {
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(text, value);
  }
  return value;
}

function readBlockSequence(nodeIndent: number): boolean {
  let ch = src.charCodeAt(pos);
  if (ch !== 45 || !isWsOrEol(src.charCodeAt(pos + 1))) return false;
  const items: unknown[] = [];
  while (ch !== 0) {
    if (ch !== 45 || !isWsOrEol(src.charCodeAt(pos + 1))) break;
    pos++;
    if (skipSeparationSpace(true) > 0 && lineIndent <= nodeIndent) {
      items.push(null);
      ch = src.charCodeAt(pos);
      continue;
    }
    const itemLine = line;
    composeNode(nodeIndent, CONTEXT_BLOCK_IN, false, true);
    items.push(result);
    skipSeparationSpace(true);
    ch = src.charCodeAt(pos);
    if ((line === itemLine || lineIndent > nodeIndent) && ch !== 0) unsupported(); // bad indentation
    if (lineIndent < nodeIndent) break;
  }
  result = items;
  return true;
}

/**
 * js-yaml's readBlockMapping without explicit keys and merges. Like js-yaml, when the first "key"
 * is not followed by `:` it returns true with that scalar as the result (a scalar document or
 * sequence item is read this way).
 */
function readBlockMapping(nodeIndent: number, flowIndent: number): boolean {
  const map: Record<string, unknown> = {};
  let detected = false;
  let ch = src.charCodeAt(pos);
  while (ch !== 0) {
    const keyLine = line;
    if ((ch === 63 || ch === 58) && isWsOrEol(src.charCodeAt(pos + 1))) unsupported(); // `? key`, `: value`
    sawMerge = false;
    // A key starting with a letter, digit, `/`, `.` or `_` is a plain scalar: what composeNode
    // would do with it, without its general dispatch.
    if (startsPlain(ch)) {
      if (!readPlainScalar(flowIndent)) break; // empty: `...` at the start of a line
      result = resolvePlain(result as string);
    } else if (!composeNode(flowIndent, CONTEXT_FLOW_OUT, false, true)) {
      break;
    }
    if (line !== keyLine) {
      if (detected) unsupported(); // multi-line implicit key: an error
      return true;
    }
    ch = src.charCodeAt(pos);
    while (ch === 32) ch = src.charCodeAt(++pos);
    if (ch !== 58) {
      if (detected) unsupported(); // a colon is missed: an error
      return true;
    }
    ch = src.charCodeAt(++pos);
    if (!isWsOrEol(ch)) unsupported(); // `"key":value`: an error
    if (sawMerge) unsupported();
    const key = String(result);
    if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) unsupported();
    detected = true;
    // A value on the key's line that is a plain or quoted scalar is read directly (composeNode
    // would skip the blanks, find no line break, and dispatch on the same first character).
    let at = pos;
    let first = ch;
    while (first === 32) first = src.charCodeAt(++at);
    if (startsPlain(first)) {
      pos = at;
      map[key] = readPlainScalar(nodeIndent + 1) ? resolvePlain(result as string) : null;
    } else if (first === 34) {
      pos = at;
      readDoubleQuotedScalar();
      map[key] = result;
    } else if (first === 39) {
      pos = at;
      readSingleQuotedScalar();
      map[key] = result;
    } else {
      map[key] = composeNode(nodeIndent, CONTEXT_BLOCK_OUT, true, false) ? result : null;
    }
    skipSeparationSpace(true);
    ch = src.charCodeAt(pos);
    if ((line === keyLine || lineIndent > nodeIndent) && ch !== 0) unsupported(); // bad indentation
    if (lineIndent < nodeIndent) break;
  }
  if (!detected) {
    result = null;
    return false;
  }
  result = map;
  return true;
}

/** Letters, digits, `/`, `.`, `_`: characters that can only start a plain scalar. */
function startsPlain(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 46 && c <= 57) || c === 95;
}

function readPlainScalar(nodeIndent: number): boolean {
  const s = src;
  let p = pos;
  let ch = s.charCodeAt(p);
  if (
    isWsOrEol(ch) ||
    isFlowIndicator(ch) ||
    ch === 35 || // #
    ch === 38 || // &
    ch === 42 || // *
    ch === 33 || // !
    ch === 124 || // |
    ch === 62 || // >
    ch === 39 || // '
    ch === 34 || // "
    ch === 37 || // %
    ch === 64 || // @
    ch === 96 // `
  ) {
    return false;
  }
  if ((ch === 63 || ch === 45) && isWsOrEol(s.charCodeAt(p + 1))) return false;
  let text = '';
  let captureStart = p;
  let captureEnd = p;
  let pending = false;
  let savedLine = 0;
  let savedLineStart = 0;
  let savedLineIndent = 0;
  let start = lineStart;
  while (ch !== 0) {
    if (ch === 58) {
      if (isWsOrEol(s.charCodeAt(p + 1))) break;
    } else if (ch === 35) {
      if (isWsOrEol(s.charCodeAt(p - 1))) break;
    } else if (p === start && atDocumentSeparator(p)) {
      break;
    } else if (ch === 10) {
      savedLine = line;
      savedLineStart = lineStart;
      savedLineIndent = lineIndent;
      pos = p;
      skipSeparationSpace(false);
      p = pos;
      start = lineStart;
      if (lineIndent >= nodeIndent) {
        pending = true;
        ch = s.charCodeAt(p);
        continue;
      }
      p = captureEnd;
      line = savedLine;
      lineStart = savedLineStart;
      lineIndent = savedLineIndent;
      break;
    }
    if (pending) {
      text += s.slice(captureStart, captureEnd) + foldedLines(line - savedLine);
      captureStart = captureEnd = p;
      pending = false;
    }
    if (ch !== 32) captureEnd = p + 1;
    ch = s.charCodeAt(++p);
  }
  pos = p;
  text += s.slice(captureStart, captureEnd);
  if (text === '') return false;
  result = text;
  return true;
}

function readSingleQuotedScalar(): void {
  pos++;
  let text = '';
  let captureStart = pos;
  let captureEnd = pos;
  let ch: number;
  while ((ch = src.charCodeAt(pos)) !== 0) {
    if (ch === 39) {
      text += src.slice(captureStart, pos);
      ch = src.charCodeAt(++pos);
      if (ch !== 39) {
        result = text;
        return;
      }
      captureStart = pos; // `''` is one quote
      pos++;
      captureEnd = pos;
    } else if (ch === 10) {
      text += src.slice(captureStart, captureEnd) + foldedLines(skipSeparationSpace(false));
      captureStart = captureEnd = pos;
    } else if (pos === lineStart && atDocumentSeparator(pos)) {
      unsupported();
    } else {
      pos++;
      if (ch !== 32) captureEnd = pos;
    }
  }
  unsupported(); // unterminated
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lc = c | 32;
  return lc >= 97 && lc <= 102 ? lc - 87 : -1;
}

/** js-yaml's simple escapes (`\x`, `\u`, `\U` are read as hex); undefined for an unknown one. */
function simpleEscape(c: number): string | undefined {
  switch (c) {
    case 48: return '\0'; // prettier-ignore
    case 97: return '\x07'; // prettier-ignore
    case 98: return '\b'; // prettier-ignore
    case 116: return '\t'; // prettier-ignore
    case 9: return '\t'; // prettier-ignore
    case 110: return '\n'; // prettier-ignore
    case 118: return '\v'; // prettier-ignore
    case 102: return '\f'; // prettier-ignore
    case 114: return '\r'; // prettier-ignore
    case 101: return '\x1b'; // prettier-ignore
    case 32: return ' '; // prettier-ignore
    case 34: return '"'; // prettier-ignore
    case 47: return '/'; // prettier-ignore
    case 92: return '\\'; // prettier-ignore
    case 78: return '\x85'; // prettier-ignore
    case 95: return '\xa0'; // prettier-ignore
    case 76: return '\u2028'; // prettier-ignore
    case 80: return '\u2029'; // prettier-ignore
    default: return undefined; // prettier-ignore
  }
}

function readDoubleQuotedScalar(): void {
  pos++;
  let text = '';
  let captureStart = pos;
  let captureEnd = pos;
  let ch: number;
  while ((ch = src.charCodeAt(pos)) !== 0) {
    if (ch === 34) {
      result = text + src.slice(captureStart, pos);
      pos++;
      return;
    } else if (ch === 92) {
      text += src.slice(captureStart, pos);
      ch = src.charCodeAt(++pos);
      if (ch === 10) {
        skipSeparationSpace(false); // escaped line break: nothing is added
      } else {
        const simple = simpleEscape(ch);
        if (simple !== undefined) {
          text += simple;
          pos++;
        } else {
          let digits = ch === 120 ? 2 : ch === 117 ? 4 : ch === 85 ? 8 : 0;
          if (digits === 0) unsupported(); // unknown escape: an error
          let code = 0;
          for (; digits > 0; digits--) {
            const h = hexValue(src.charCodeAt(++pos));
            if (h < 0) unsupported(); // an error
            code = (code << 4) + h;
          }
          text += code <= 0xffff ? String.fromCharCode(code) : String.fromCharCode(((code - 0x10000) >> 10) + 0xd800, ((code - 0x10000) & 0x3ff) + 0xdc00);
          pos++;
        }
      }
      captureStart = captureEnd = pos;
    } else if (ch === 10) {
      text += src.slice(captureStart, captureEnd) + foldedLines(skipSeparationSpace(false));
      captureStart = captureEnd = pos;
    } else if (pos === lineStart && atDocumentSeparator(pos)) {
      unsupported();
    } else {
      pos++;
      if (ch !== 32) captureEnd = pos;
    }
  }
  unsupported(); // unterminated
}

const CHOMPING_CLIP = 1;
const CHOMPING_STRIP = 2;
const CHOMPING_KEEP = 3;

/** `|` and `>` scalars, as js-yaml reads them (header indicators, indentation detection, chomping, folding). */
function readBlockScalar(nodeIndent: number): void {
  let ch = src.charCodeAt(pos);
  const folding = ch === 62;
  let chomping = CHOMPING_CLIP;
  let didReadContent = false;
  let detectedIndent = false;
  let textIndent = nodeIndent;
  let emptyLines = 0;
  let atMoreIndented = false;
  let text = '';
  while (ch !== 0) {
    ch = src.charCodeAt(++pos);
    if (ch === 43 || ch === 45) {
      if (chomping !== CHOMPING_CLIP) unsupported(); // repeated chomping indicator: an error
      chomping = ch === 43 ? CHOMPING_KEEP : CHOMPING_STRIP;
    } else if (ch >= 48 && ch <= 57) {
      if (ch === 48 || detectedIndent) unsupported(); // an error
      textIndent = nodeIndent + (ch - 48) - 1;
      detectedIndent = true;
    } else {
      break;
    }
  }
  if (ch === 32) {
    do ch = src.charCodeAt(++pos);
    while (ch === 32);
    if (ch === 35) {
      do ch = src.charCodeAt(++pos);
      while (ch !== 10 && ch !== 0);
    }
  }
  while (ch !== 0) {
    if (ch !== 10) unsupported(); // "a line break is expected"
    pos++;
    line++;
    lineStart = pos;
    lineIndent = 0;
    ch = src.charCodeAt(pos);
    while ((!detectedIndent || lineIndent < textIndent) && ch === 32) {
      lineIndent++;
      ch = src.charCodeAt(++pos);
    }
    if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
    if (ch === 10) {
      emptyLines++;
      continue;
    }
    if (!detectedIndent && textIndent === 0) unsupported(); // missing indentation: an error
    if (lineIndent < textIndent) {
      if (chomping === CHOMPING_KEEP) text += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      else if (chomping === CHOMPING_CLIP && didReadContent) text += '\n';
      break;
    }
    if (folding) {
      if (ch === 32) {
        atMoreIndented = true;
        text += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      } else if (atMoreIndented) {
        atMoreIndented = false;
        text += '\n'.repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didReadContent) text += ' ';
      } else {
        text += '\n'.repeat(emptyLines);
      }
    } else {
      text += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
    }
    didReadContent = true;
    detectedIndent = true;
    emptyLines = 0;
    const captureStart = pos;
    if (ch !== 10 && ch !== 0) pos = src.indexOf('\n', pos); // the text ends with a line break
    ch = src.charCodeAt(pos);
    text += src.slice(captureStart, pos);
  }
  result = text;
}
