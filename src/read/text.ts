/**
 * Bytes to text, and the cheap line index every reader uses to turn offsets into 1-based lines.
 */
import { isUtf8 } from 'node:buffer';
import type { InputError } from '../model/source.js';

export interface DecodedText {
  text: string;
  errors: InputError[];
}

const MAX_ENCODING_ERRORS = 5;

/**
 * Decode file bytes. UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted as YAML allows;
 * invalid UTF-8 sequences are replaced by U+FFFD and reported with their line and column.
 */
export function decodeBytes(buf: Uint8Array, file: string): DecodedText {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buf), errors: [] };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buf), errors: [] };
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = bom ? buf.subarray(bom) : buf;
  if (isUtf8(body)) return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), errors: [] };
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  return { text, errors: invalidUtf8Errors(body, text, file) };
}

/** Locate the replacement characters that stand for invalid bytes (not the ones that were in the file). */
function invalidUtf8Errors(buf: Uint8Array, text: string, file: string): InputError[] {
  const errors: InputError[] = [];
  const lines = new LineIndex(text);
  // U+FFFD written literally in the file is EF BF BD; count those to tell them apart.
  let literal = 0;
  for (let i = 0; i + 2 < buf.length; i++) if (buf[i] === 0xef && buf[i + 1] === 0xbf && buf[i + 2] === 0xbd) literal++;
  let seen = 0;
  let reported = 0;
  let total = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    seen++;
    if (seen <= literal) continue; // cannot tell which ones were literal; assume the first ones
    total++;
    if (reported < MAX_ENCODING_ERRORS) {
      const { line, column } = lines.position(i);
      errors.push({
        source: { file, line, column },
        message: 'invalid UTF-8 byte sequence (replaced by U+FFFD); save the file as UTF-8',
      });
      reported++;
    }
  }
  if (total > reported) {
    errors.push({
      source: { file, line: 0 },
      message: `${total - reported} more invalid UTF-8 byte sequences not listed`,
    });
  }
  return errors;
}

/** Offsets of line starts; `position()` maps a character offset to a 1-based line and column. */
export class LineIndex {
  readonly starts: Uint32Array;

  constructor(readonly text: string) {
    // Two passes into a typed array: several times faster than growing a plain array for big files.
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line - 1] + 1 };
  }

  /** Text of a 1-based line without its line break (CR of CRLF removed). */
  line(n: number): string {
    const start = this.starts[n - 1];
    if (start === undefined) return '';
    const next = n < this.starts.length ? this.starts[n] - 1 : this.text.length;
    const end = next > start && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    return this.text.slice(start, end);
  }
}
