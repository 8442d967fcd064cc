/**
 * Text to raw objects: split a YAML stream at its document markers (so every document's start line
 * is known without a positional parser), parse each document (plain block YAML with the fast reader
 * of fast-yaml.ts, anything else with js-yaml, JSON with JSON.parse), expand Lists, and attach lazy
 * field locators. Bad documents become located errors; the others are kept.
 */
import jsYaml from 'js-yaml';
import type { InputError, SourceRef } from '../model/source.js';
import { indexBlockYaml, indexJson, indexYamlDocument, loadYamlLib, PositionMap, type FieldIndex, type Pos } from './locate.js';
import { fastLoad } from './fast-yaml.js';
import { K8S_SCHEMA } from './schema.js';
import { LineIndex } from './text.js';
import type { RawObject } from './types.js';

export interface ParseLimits {
  /** Largest document (characters) parsed; larger ones are reported and skipped. */
  maxDocumentChars: number;
  /** Largest number of aliases (`*name`) in one document. */
  maxAliases: number;
  /** Largest number of nodes one document may expand to through aliases. */
  maxExpandedNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxDocumentChars: 512 * 1024 * 1024,
  maxAliases: 1000,
  maxExpandedNodes: 2_000_000,
};

/** A text location of an unrendered template or placeholder found in a document. */
export interface TemplateHit {
  line: number;
  column: number;
  text: string;
}

/** What the parser attaches to each raw object beyond the shared interface (used by the normalizer). */
export interface ParsedObject extends RawObject {
  posOf: (fieldPath: string) => Pos | undefined;
  /** What posOf asks; the model's lazy sources keep it rather than the raw object. */
  locator: ObjectLocator;
  /** Unrendered Helm templates seen in the object's text. */
  templates?: TemplateHit[];
  /** Text of a 1-based line of the file (YAML only; for checks that need the raw spelling of a value). */
  lineText?: (line: number) => string;
}

export interface ParseResult {
  objects: RawObject[];
  errors: InputError[];
  documents: number;
}

export interface Chunk {
  /** Offset of the first character of the chunk (a `---` line, or the stream start). */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
}

const DOC_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
const HELM_TEMPLATE = /\{\{.*?\}\}/g;

/** Split a YAML stream at `---` / `...` lines (column 0, as YAML requires). */
export function splitDocuments(text: string, lines: LineIndex): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  DOC_MARKER.lastIndex = 0;
  for (let m = DOC_MARKER.exec(text); m; m = DOC_MARKER.exec(text)) {
    const at = m.index;
    if (m[0] === '---') {
      if (at > start) chunks.push({ start, end: at, line: lines.lineOf(start) });
      start = at;
    } else {
      if (at > start) chunks.push({ start, end: at, line: lines.lineOf(start) });
      const nl = text.indexOf('\n', at);
      start = nl < 0 ? text.length : nl + 1;
    }
  }
  if (start < text.length) chunks.push({ start, end: text.length, line: lines.lineOf(start) });
  return chunks;
}

/** First line of actual content in a chunk (not blank, not a comment, not a bare `---`), or undefined. */
function contentStart(text: string, chunk: Chunk, lines: LineIndex): Pos | undefined {
  const last = lines.lineOf(Math.max(chunk.start, chunk.end - 1));
  for (let ln = chunk.line; ln <= last; ln++) {
    const s = lines.line(ln);
    let i = 0;
    if (ln === chunk.line && s.startsWith('---')) i = 3;
    while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= s.length || s[i] === '#') continue;
    if (s[i] === '%') continue; // directive
    return { line: ln, column: i + 1 };
  }
  return undefined;
}

/** `Ingress ns/name` guessed from text, for errors about documents that do not parse. */
function guessObjectName(docText: string): string | undefined {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(docText)?.[1];
  const name = /^[ \t]+name:[ \t]*["']?([A-Za-z0-9][-A-Za-z0-9_.]*)/m.exec(docText)?.[1];
  const ns = /^[ \t]+namespace:[ \t]*["']?([a-z0-9][-a-z0-9]*)/m.exec(docText)?.[1];
  if (!kind) return undefined;
  return name ? `${kind} ${ns ?? 'default'}/${name}` : kind;
}

export function describeObject(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : 'object';
  const md = obj.metadata && typeof obj.metadata === 'object' ? (obj.metadata as Record<string, unknown>) : {};
  const name = typeof md.name === 'string' && md.name ? md.name : undefined;
  if (!name) return kind;
  const ns = typeof md.namespace === 'string' && md.namespace ? md.namespace : 'default';
  return kind === 'IngressClass' ? `${kind} ${name}` : `${kind} ${ns}/${name}`;
}

/** Count the nodes a value expands to (aliases make shared subtrees count once per reference). */
function expandedSize(value: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > budget) return count;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object') for (const k in v as Record<string, unknown>) stack.push((v as Record<string, unknown>)[k]);
  }
  return count;
}

function yamlErrorHint(reason: string, docText: string, markLine: number | undefined, lines: LineIndex): string {
  if (/unidentified alias/.test(reason) && markLine !== undefined && /:\s*\*\./.test(lines.line(markLine))) {
    return ' (a wildcard host must be quoted: "*.example.com")';
  }
  if (/tab characters/.test(reason)) return ' (indent with spaces, not tabs)';
  return '';
}

function stripBom(input: string): string {
  return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
}

/**
 * Parse one text (YAML stream or JSON) into raw objects; `file` names it in errors. With `onObject`,
 * each object is handed over as soon as it is parsed (and not collected in `objects`). With
 * `reload` (which must return the same text), the text is let go once parsed and read again only
 * if a field position is asked for later.
 */
export function parseText(
  input: string,
  file: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  onObject?: (o: RawObject) => void,
  reload?: () => string,
): ParseResult {
  const text = stripBom(input);
  const source = new SourceText(text, reload);
  const lines = source.get()!.lines;
  const objects: RawObject[] = [];
  const emit = onObject ?? ((o: RawObject) => objects.push(o));
  const errors: InputError[] = [];
  let documents = 0;
  const yamlLineText = (n: number): string => lines.line(n);

  for (const chunk of splitDocuments(text, lines)) {
    const startPos = contentStart(text, chunk, lines);
    if (!startPos) continue; // only comments, blanks or a bare marker: no document
    documents++;
    const docText = text.slice(chunk.start, chunk.end);
    const lineOffset = chunk.line - 1;
    const at = (line: number, column?: number): SourceRef => ({ file, line, ...(column ? { column } : {}) });

    if (docText.length > limits.maxDocumentChars) {
      errors.push({
        source: at(startPos.line, startPos.column),
        object: guessObjectName(docText.slice(0, 4096)),
        message: `document too large (${docText.length} characters, limit ${limits.maxDocumentChars}); skipped`,
      });
      continue;
    }

    const templates = findTemplates(docText, lineOffset);
    let value: unknown;
    let isJson = false;
    const body = text.slice(lines.starts[startPos.line - 1] + startPos.column - 1, chunk.end);
    if (body[0] === '{' || body[0] === '[') {
      try {
        value = JSON.parse(body);
        isJson = true;
      } catch {
        /* not JSON: flow-style YAML, or broken; js-yaml decides */
      }
    }
    if (!isJson) {
      const parsed = loadYaml(docText, lineOffset, file, lines, templates, errors);
      if (!parsed.ok) continue;
      value = parsed.value;
    }
    if (value === null || value === undefined) continue;

    if (docText.includes('&') && docText.includes('*') && /(^|[\s[{,:-])&[^\s]/.test(docText) && /(^|[\s[{,:-])\*[^\s,[\]{}]/.test(docText)) {
      const aliases = docText.match(/(^|[\s[{,:-])\*[^\s,[\]{}]+/g)?.length ?? 0;
      const size = aliases > limits.maxAliases ? Infinity : expandedSize(value, limits.maxExpandedNodes);
      if (aliases > limits.maxAliases || size > limits.maxExpandedNodes) {
        errors.push({
          source: at(startPos.line, startPos.column),
          object: guessObjectName(docText.slice(0, 4096)),
          message:
            aliases > limits.maxAliases
              ? `too many YAML aliases (${aliases}, limit ${limits.maxAliases}): possible alias bomb; document skipped`
              : `YAML aliases expand this document to more than ${limits.maxExpandedNodes} nodes: possible alias bomb; document skipped`,
        });
        continue;
      }
    }

    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({
        source: at(startPos.line, startPos.column),
        message: `document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object; skipped`,
      });
      continue;
    }
    const obj = value as Record<string, unknown>;
    const fallback = new DocumentFallback(source, chunk.start, chunk.end, lineOffset);
    const lineText = isJson ? undefined : yamlLineText;

    const items = obj.items;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(items)) {
      const endLine = lines.lineOf(Math.max(chunk.start, chunk.end - 1));
      const listIndex = lazyIndex(() =>
        isJson
          ? indexJson(text, lines.starts[startPos.line - 1] + startPos.column - 1, lines, 2)
          : indexBlockYaml(lines, startPos.line, endLine, false, 2),
      );
      const itemCount = items.length; // not `items`: closures must not keep the raw tree alive
      const itemPos = (n: number): Pos | undefined => {
        if (n >= itemCount) return undefined;
        const idx = listIndex();
        return idx.map.get(`items.${n}`) ?? (idx.incomplete ? fallback.get(`items.${n}`) : undefined);
      };
      items.forEach((item, n) => {
        const pos = itemPos(n) ?? startPos;
        if (!item || typeof item !== 'object' || Array.isArray(item)) {
          errors.push({ source: at(pos.line, pos.column), field: `items[${n}]`, message: 'List item is not an object; skipped' });
          return;
        }
        const next = itemPos(n + 1);
        const itemEnd = next ? next.line - 1 : endLine;
        const usable = !listIndex().incomplete && itemPos(n) !== undefined;
        // One exact parse of the whole List serves every item that needs it.
        const locator = new ObjectLocator(source, pos, isJson ? INDEX_JSON : usable ? INDEX_LIST_ITEM : INDEX_NONE, itemEnd, fallback, `items.${n}.`);
        const startOff = lines.starts[pos.line - 1];
        const endOff = itemEnd < lines.lineCount ? lines.starts[itemEnd] : text.length;
        emit(makeObject(item as Record<string, unknown>, file, locator, text.slice(startOff, Math.min(endOff, chunk.end)), templatesIn(templates, pos.line, itemEnd), lineText));
      });
      continue;
    }
    const locator = new ObjectLocator(source, startPos, isJson ? INDEX_JSON : INDEX_YAML, lines.lineOf(Math.max(chunk.start, chunk.end - 1)), fallback, '');
    emit(makeObject(obj, file, locator, docText, templates, lineText));
  }
  source.release();
  return { objects, errors, documents };
}

function lazyIndex(build: () => FieldIndex): () => FieldIndex {
  let idx: FieldIndex | undefined;
  return () => (idx ??= build());
}

/**
 * A file's text and line index, shared by the locators of its objects. When the file can be read
 * again, both are let go after parsing (at 100k Ingresses they are ~100 MB that most runs never
 * look at again) and rebuilt on the first position asked for. A text that reads back with another
 * length (the file changed meanwhile) is not used: positions then fall back to the object's line.
 */
class SourceText {
  private current: { text: string; lines: LineIndex } | undefined;
  private readonly length: number;
  private failed = false;

  constructor(
    text: string,
    private readonly reload?: () => string,
  ) {
    this.current = { text, lines: new LineIndex(text) };
    this.length = text.length;
  }

  get(): { text: string; lines: LineIndex } | undefined {
    if (!this.current && this.reload && !this.failed) {
      let text: string | undefined;
      try {
        text = stripBom(this.reload());
      } catch {
        text = undefined;
      }
      if (text !== undefined && text.length === this.length) this.current = { text, lines: new LineIndex(text) };
      else this.failed = true;
    }
    return this.current;
  }

  release(): void {
    if (this.reload) this.current = undefined;
  }
}

/**
 * The exact (slow) index of a whole document, built on first use: the fallback of the objects of
 * that document (a List's items share it) when the fast indexer meets something it does not follow.
 */
class DocumentFallback {
  private index: FieldIndex | undefined;

  constructor(
    private readonly source: SourceText,
    private readonly start: number,
    private readonly end: number,
    private readonly lineOffset: number,
  ) {}

  get(path: string): Pos | undefined {
    if (!this.index) {
      const src = this.source.get();
      this.index = src ? indexYamlDocument(src.text.slice(this.start, this.end), this.lineOffset) : { map: new PositionMap(), incomplete: false };
    }
    return this.index.map.get(path);
  }
}

const INDEX_YAML = 0;
const INDEX_LIST_ITEM = 1;
const INDEX_JSON = 2;
const INDEX_NONE = 3;
type IndexMode = typeof INDEX_YAML | typeof INDEX_LIST_ITEM | typeof INDEX_JSON | typeof INDEX_NONE;

/**
 * Field positions of one object, indexed on first use. A plain object rather than closures: the
 * model's lazy sources keep one per object until they are read (often never), so it should be
 * small and keep nothing but the file's text and line index.
 */
export class ObjectLocator {
  private index: FieldIndex | undefined;

  constructor(
    private readonly source: SourceText,
    readonly start: Pos,
    private readonly mode: IndexMode,
    /** Last line of the object (YAML). */
    private readonly endLine: number,
    private readonly fallback: DocumentFallback,
    /** Path of the object in its document (`items.3.` for a List item, else empty). */
    private readonly prefix: string,
  ) {}

  private build(): FieldIndex {
    const src = this.source.get();
    if (!src) return { map: new PositionMap(), incomplete: false };
    const { text, lines } = src;
    const { start } = this;
    switch (this.mode) {
      case INDEX_JSON:
        return indexJson(text, lines.starts[start.line - 1] + start.column - 1, lines);
      case INDEX_YAML:
        return indexBlockYaml(lines, start.line, this.endLine);
      case INDEX_LIST_ITEM:
        return indexBlockYaml(lines, start.line, this.endLine, true);
      default:
        return { map: new PositionMap(), incomplete: true };
    }
  }

  posOf(path: string): Pos | undefined {
    if (path === '') return this.start;
    const idx = (this.index ??= this.build());
    const p = idx.map.get(path);
    if (p || !idx.incomplete) return p;
    return this.fallback.get(this.prefix + path);
  }
}

function makeObject(
  obj: Record<string, unknown>,
  file: string,
  locator: ObjectLocator,
  text: string,
  templates: TemplateHit[],
  lineText: ((line: number) => string) | undefined,
): ParsedObject {
  const start = locator.start;
  const o: ParsedObject = {
    obj,
    source: { file, line: start.line, column: start.column },
    locator,
    posOf: (path) => locator.posOf(path),
    lineOf: (path) => locator.posOf(path)?.line,
    text,
  };
  if (templates.length) o.templates = templates;
  if (lineText) o.lineText = lineText;
  return o;
}

function findTemplates(docText: string, lineOffset: number): TemplateHit[] {
  if (!docText.includes('{{')) return [];
  const hits: TemplateHit[] = [];
  const idx = new LineIndex(docText);
  HELM_TEMPLATE.lastIndex = 0;
  for (let m = HELM_TEMPLATE.exec(docText); m; m = HELM_TEMPLATE.exec(docText)) {
    const p = idx.position(m.index);
    const lineText = idx.line(p.line);
    const hash = lineText.indexOf('#');
    if (hash >= 0 && hash < p.column - 1 && /(^|\s)#/.test(lineText.slice(0, p.column - 1))) continue; // in a comment
    hits.push({ line: p.line + lineOffset, column: p.column, text: m[0] });
  }
  return hits;
}

function templatesIn(all: TemplateHit[], from: number, to: number): TemplateHit[] {
  return all.filter((t) => t.line >= from && t.line <= to);
}

interface Loaded {
  ok: boolean;
  value?: unknown;
}

/**
 * The fast reader for plain block YAML (same value as js-yaml), else js-yaml; on failure, a located
 * error (duplicate keys: reported, then read with the last value).
 */
function loadYaml(docText: string, lineOffset: number, file: string, lines: LineIndex, templates: TemplateHit[], errors: InputError[]): Loaded {
  const fast = fastLoad(docText);
  if (fast) return { ok: true, value: fast.value };
  try {
    return { ok: true, value: jsYaml.load(docText, { schema: K8S_SCHEMA, filename: file }) };
  } catch (e) {
    if (!(e instanceof jsYaml.YAMLException)) throw e;
    const mark = (e as jsYaml.YAMLException & { mark?: { line: number; column: number } }).mark;
    const reason = e.reason ?? e.message;
    const object = guessObjectName(docText);
    if (/duplicated mapping key/.test(reason)) {
      const dups = duplicateKeys(docText, lineOffset);
      for (const d of dups) {
        errors.push({
          source: { file, line: d.line, column: d.column },
          object,
          field: d.path || undefined,
          message: `duplicate key "${d.key}": kubectl rejects this document; read with the last value`,
        });
      }
      if (dups.length === 0 && mark) {
        errors.push({ source: { file, line: mark.line + 1 + lineOffset, column: mark.column + 1 }, object, message: `duplicate key: kubectl rejects this document; read with the last value` });
      }
      try {
        return { ok: true, value: jsYaml.load(docText, { schema: K8S_SCHEMA, filename: file, json: true }) };
      } catch (e2) {
        if (!(e2 instanceof jsYaml.YAMLException)) throw e2;
        return loadYamlFailed(e2, docText, lineOffset, file, lines, templates, errors, object);
      }
    }
    return loadYamlFailed(e, docText, lineOffset, file, lines, templates, errors, object);
  }
}

function loadYamlFailed(
  e: jsYaml.YAMLException,
  docText: string,
  lineOffset: number,
  file: string,
  lines: LineIndex,
  templates: TemplateHit[],
  errors: InputError[],
  object: string | undefined,
): Loaded {
  const mark = (e as jsYaml.YAMLException & { mark?: { line: number; column: number } }).mark;
  const reason = e.reason ?? e.message;
  const line = mark ? mark.line + 1 + lineOffset : lineOffset + 1;
  let column = mark ? mark.column + 1 : undefined;
  if (mark && /unidentified alias/.test(reason)) {
    // js-yaml points past the alias name; point at its `*`.
    const star = lines.line(line).lastIndexOf('*', mark.column);
    if (star >= 0) column = star + 1;
  }
  let message = `invalid YAML: ${reason}${yamlErrorHint(reason, docText, mark ? line : undefined, lines)}; document skipped`;
  if (templates.length) {
    const t = templates[0];
    message = `unrendered Helm template ${t.text} at line ${t.line}: render the chart first (helm template); document skipped (${reason})`;
  }
  errors.push({ source: { file, line, ...(column ? { column } : {}) }, object, message });
  return { ok: false };
}

/** All duplicate keys of a document, located, via the `yaml` library (only called for documents that have them). */
function duplicateKeys(docText: string, lineOffset: number): { key: string; path: string; line: number; column: number }[] {
  const doc = loadYamlLib().parseDocument(docText, { uniqueKeys: true, prettyErrors: true });
  const out: { key: string; path: string; line: number; column: number }[] = [];
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY' || !err.linePos) continue;
    const { line, col } = err.linePos[0];
    const rest = docText.slice(err.pos[0]);
    const key = /^["']?([^"':\n]*)/.exec(rest)?.[1]?.trim() ?? '';
    out.push({ key, path: '', line: line + lineOffset, column: col });
  }
  return out;
}
