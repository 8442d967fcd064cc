/**
 * A YAML printer for the objects the engine emits (plain objects, arrays, strings, numbers,
 * booleans, null), byte-identical to `jsYaml.dump(o, DUMP_OPTIONS)` and several times faster.
 *
 * js-yaml spends most of its time on generic work these objects do not need: type detection
 * through the schema for every node, a style decision per string that goes through several
 * predicate calls per character and every implicit-type resolver (regular expressions included),
 * and string building through a shared state.
 * Here the structure is written directly, and a string is rendered by the same rules in one pass
 * over its characters: with `lineWidth: -1` and block style everywhere, its rendering does not
 * depend on where it stands unless it spans several lines. (Remembering the rendering of repeated
 * strings was tried: the lookup cost as much as the pass it saved.)
 *
 * Anything outside that subset (a string needing a block scalar `|`, a key printed longer than
 * 1024 characters, a Date, a Map, a class instance, a function, a bigint, undefined as the
 * document) makes the whole document go through js-yaml, so the bytes stay identical.
 */
import jsYaml from 'js-yaml';

export const DUMP_OPTIONS: jsYaml.DumpOptions = { noRefs: true, lineWidth: -1, quotingType: '"', sortKeys: false };

/** Thrown inside this module when a document needs js-yaml; never escapes `dumpYaml`. */
class NeedsJsYaml {}
const NEEDS_JS_YAML = new NeedsJsYaml();

/** How many documents went through js-yaml (for tests). */
export const printerStats = { fallbacks: 0 };

/**
 * `jsYaml.dump(o, DUMP_OPTIONS)`: the same text (the result ends with a line break).
 */
export function dumpYaml(o: unknown): string {
  out = '';
  try {
    writeNode(o, 0, true);
  } catch (err) {
    out = '';
    if (err !== NEEDS_JS_YAML) throw err;
    printerStats.fallbacks++;
    return jsYaml.dump(o, DUMP_OPTIONS);
  }
  const text = `${out}\n`;
  out = '';
  return text;
}

/** The text being written (module state: printing is synchronous and never re-entered). */
let out = '';

/** NEWLINES[l]: a line break and the indentation of level l (2 spaces per level). */
const NEWLINES: string[] = ['\n'];
function newline(level: number): string {
  while (NEWLINES.length <= level) NEWLINES.push(`${NEWLINES[NEWLINES.length - 1]}  `);
  return NEWLINES[level]!;
}

function isMapping(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Write `v` as js-yaml's writeNode(state, level, v, block = true, compact) leaves it in state.dump.
 * Compact: the first entry of a collection starts right here (after `- ` or at the document
 * start) instead of on a new line.
 */
function writeNode(v: unknown, level: number, compact: boolean): void {
  if (typeof v === 'string') out += scalarValue(v);
  else if (typeof v === 'number') out += numberText(v);
  else if (typeof v === 'boolean') out += v ? 'true' : 'false';
  else if (v === null) out += 'null';
  else if (Array.isArray(v)) {
    if (v.length === 0) out += '[]';
    else writeSequence(v, level, compact);
  } else if (typeof v === 'object' && isMapping(v)) {
    if (!writeMapping(v as Record<string, unknown>, level, compact)) out += '{}';
  } else throw NEEDS_JS_YAML;
}

function writeSequence(a: readonly unknown[], level: number, compact: boolean): void {
  const nl = newline(level);
  for (let i = 0; i < a.length; i++) {
    if (i > 0 || !compact) out += nl;
    out += '- ';
    // An item that is undefined (or a hole) is printed as null; an item never starts a new line.
    const v = a[i];
    writeNode(v === undefined ? null : v, level + 1, true);
  }
}

/** Returns whether any pair was written (pairs whose value is undefined are left out). */
function writeMapping(o: Record<string, unknown>, level: number, compact: boolean): boolean {
  const nl = newline(level);
  const keys = Object.keys(o);
  let wrote = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = o[key];
    if (v === undefined) continue;
    if (wrote || !compact) out += nl;
    wrote = true;
    const k = scalarKey(key);
    // js-yaml writes `? key` / `: value` on separate lines for keys printed longer than 1024.
    if (k.length > 1024) throw NEEDS_JS_YAML;
    out += k;
    if (typeof v !== 'object' || v === null) {
      out += ': ';
      writeNode(v, level + 1, false);
    } else if (Array.isArray(v)) {
      if (v.length === 0) out += ': []';
      else {
        out += ':';
        writeSequence(v, level + 1, false);
      }
    } else if (isMapping(v)) {
      // A nested mapping starts on its own line; when all its values are undefined it is `{}`.
      out += ':';
      if (!writeMapping(v as Record<string, unknown>, level + 1, false)) out += ' {}';
    } else throw NEEDS_JS_YAML;
  }
  return wrote;
}

/** js-yaml's int and float representers (decimal / lowercase styles). */
function numberText(n: number): string {
  if (n % 1 === 0 && !Object.is(n, -0)) return n.toString(10);
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Object.is(n, -0)) return '-0.0';
  const s = n.toString(10);
  // 1e-7 prints as 1.e-7 (a float that does not read back as an int).
  return /^[-+]?[0-9]+e/.test(s) ? s.replace('e', '.e') : s;
}

// ---- Strings ----------------------------------------------------------------------------------

function scalarValue(s: string): string {
  const r = renderString(s, false);
  if (r === undefined) throw NEEDS_JS_YAML;
  return r;
}

function scalarKey(s: string): string {
  return renderString(s, true)!;
}

/** Strings js-yaml quotes for YAML 1.1 readers (old booleans and base-60 numbers), without escaping. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const YAML11_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/**
 * How js-yaml prints the string `s` (writeScalar + chooseScalarStyle with block context,
 * lineWidth -1, double quotes, no forced quotes): plain, or double-quoted with escapes. Returns
 * undefined when it would print a value as a block scalar (`|`), whose text depends on the level.
 * Keys (`isKey`) are never block scalars: a line break makes them double-quoted.
 */
export function renderString(s: string, isKey: boolean): string | undefined {
  const n = s.length;
  if (n === 0) return '""';
  const first = s.codePointAt(0)!;
  if (n <= 3 && YAML11_BOOLEANS.has(s)) return `"${s}"`;
  // Base-60 numbers start with a digit, a sign or `_`.
  if (((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 95) && YAML11_BASE60.test(s)) return `"${s}"`;
  let plain = isPlainFirst(first) && isPlainLast(s.charCodeAt(n - 1));
  let lineBreak = false;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + lo - 0xdc00 + 0x10000;
        i++;
      }
    }
    if (!isPrintable(c)) {
      if (c === 10 && !isKey) lineBreak = true;
      else return `"${escapeString(s)}"`;
    }
    // Not plain: `#` after a space (or first), `:` before a space; any line break.
    if (plain && ((c === 35 && (prev === 32 || prev === 9)) || (prev === 58 && (c === 32 || c === 9)) || c === 10)) plain = false;
    prev = c;
  }
  if (lineBreak) return undefined;
  return plain && !resolvesImplicitly(s) ? s : `"${escapeString(s)}"`;
}

/** YAML's c-printable as js-yaml defines it (tab, line breaks, DEL, C1, NBSP, BOM excluded). */
function isPrintable(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Characters a plain scalar may not start with: space, tab and the YAML indicators. */
const NOT_FIRST = new Set([...' \t-?:,[]{}#&*!|=>\'"%@`'].map((ch) => ch.charCodeAt(0)));

function isPlainFirst(c: number): boolean {
  return isPrintable(c) && !NOT_FIRST.has(c);
}

function isPlainLast(c: number): boolean {
  return c !== 32 && c !== 9 && c !== 58;
}

const ESCAPES: Record<number, string> = {
  0: '\\0',
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  27: '\\e',
  34: '\\"',
  92: '\\\\',
  0x85: '\\N',
  0xa0: '\\_',
  0x2028: '\\L',
  0x2029: '\\P',
};

/** The inside of a double-quoted scalar: named escapes, \xXX / \uXXXX / \UXXXXXXXX for the rest. */
function escapeString(s: string): string {
  let r = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + lo - 0xdc00 + 0x10000;
        width = 2;
      }
    }
    const named = ESCAPES[c];
    if (named !== undefined || !isPrintable(c)) {
      r += s.slice(from, i) + (named ?? hexEscape(c));
      from = i + width;
    }
    i += width - 1;
  }
  return from === 0 ? s : r + s.slice(from);
}

function hexEscape(c: number): string {
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

// ---- Implicit types ---------------------------------------------------------------------------

const FLOAT = /^(?:[-+]?(?:[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const DATE = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/;
const TIMESTAMP =
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$/;

/**
 * Whether a plain `s` would read back as something other than a string under js-yaml's default
 * schema (null, bool, int, float, timestamp, merge key), so that it has to be quoted. Each of those
 * starts with one of `~ n N t T f F + - . <` or a digit; other strings are strings.
 */
export function resolvesImplicitly(s: string): boolean {
  const c = s.charCodeAt(0);
  switch (c) {
    case 126: // ~
      return s.length === 1;
    case 110: // n
    case 78: // N
      return s === 'null' || s === 'Null' || s === 'NULL';
    case 116: // t
    case 84: // T
      return s === 'true' || s === 'True' || s === 'TRUE';
    case 102: // f
    case 70: // F
      return s === 'false' || s === 'False' || s === 'FALSE';
    case 60: // <
      return s === '<<';
    case 46: // .
    case 43: // +
    case 45: // -
      return isYamlInt(s) || isYamlFloat(s);
    default:
      if (c >= 48 && c <= 57) return isYamlInt(s) || isYamlFloat(s) || DATE.test(s) || TIMESTAMP.test(s);
      return false;
  }
}

/** js-yaml's int: [-+] then 0, 0b…, 0x…, 0o…, or decimal digits, with a finite value. */
function isYamlInt(s: string): boolean {
  let i = 0;
  if (s[0] === '-' || s[0] === '+') i++;
  if (s[i] === '0') {
    if (i + 1 === s.length) return true;
    const radix = s[i + 1] === 'b' ? 2 : s[i + 1] === 'x' ? 16 : s[i + 1] === 'o' ? 8 : 0;
    if (radix) {
      const digits = s.slice(i + 2);
      const re = radix === 2 ? /^[01]+$/ : radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
      return re.test(digits) && Number.isFinite(parseInt(digits, radix));
    }
    // Leading zeros: the digits after the first 0 are read as decimal.
    i++;
  }
  const digits = s.slice(i);
  return /^[0-9]+$/.test(digits) && Number.isFinite(parseInt(s.slice(s[0] === '-' || s[0] === '+' ? 1 : 0), 10));
}

function isYamlFloat(s: string): boolean {
  if (!FLOAT.test(s)) return false;
  return Number.isFinite(parseFloat(s)) || FLOAT_SPECIAL.test(s);
}
