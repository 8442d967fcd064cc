/**
 * Readers: turn files, folders and stdin (and the live cluster, in cluster.ts) into the normalized InputSet.
 *   files.ts      paths -> bytes (folders, symlink loops, size cap)
 *   text.ts       bytes -> text (BOM, UTF-16, invalid UTF-8), line index
 *   parse.ts      text -> raw objects (documents, JSON, Lists, YAML errors, alias bombs)
 *   locate.ts     raw object -> field positions, computed on demand
 *   normalize.ts  raw objects -> model (validation, located errors)
 *   ownership.ts  which controller owns each Ingress
 */
import { readFileSync } from 'node:fs';
import type { InputSet, RawObject } from './types.js';
import type { InputError } from '../model/source.js';
import type { ControllerId } from '../model/ingress.js';
import { collectFiles, DEFAULT_FILE_LIMITS, readCapped, readStreamCapped } from './files.js';
import { normalizeObjects, Normalizer } from './normalize.js';
import { DEFAULT_PARSE_LIMITS, parseText as parseTextWithLimits } from './parse.js';
import { decodeBytes } from './text.js';

export { decideOwner, controllerFromClassController } from './ownership.js';

export interface ReadOptions {
  /** Convert only Ingresses of this class (others are counted in stats.filtered). */
  ingressClass?: string;
  /** Force the owning controller. */
  controller?: ControllerId;
  /** ingress-nginx `--annotations-prefix` (keys under it are renamed to nginx.ingress.kubernetes.io/). */
  nginxAnnotationPrefix?: string;
  /** Stream used for `-` (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Largest file (bytes) read; larger ones are reported and skipped. Default 512 MiB. */
  maxFileBytes?: number;
  /** Largest YAML/JSON document (characters) parsed. Default 64 Mi. */
  maxDocumentChars?: number;
  /** Largest number of YAML aliases in one document. Default 1000. */
  maxAliases?: number;
  /** Keep each Ingress's source text in InputSet.texts (default true; `convert` does not need them). */
  keepTexts?: boolean;
}

/** Parse one text (YAML multi-doc or JSON) into raw objects; `file` names it in errors. */
export function parseText(text: string, file: string): { objects: RawObject[]; errors: InputError[]; documents: number } {
  return parseTextWithLimits(text, file);
}

/** Build the normalized input set from raw objects of any source. */
export function normalize(objects: RawObject[], opts: ReadOptions = {}): InputSet {
  return normalizeObjects(objects, opts);
}

/** Read files, folders (recursive .yaml/.yml/.json) and `-` (stdin). */
export async function readInputs(paths: string[], opts: ReadOptions = {}): Promise<InputSet> {
  const fileLimits = { maxFileBytes: opts.maxFileBytes ?? DEFAULT_FILE_LIMITS.maxFileBytes };
  const parseLimits = {
    ...DEFAULT_PARSE_LIMITS,
    ...(opts.maxDocumentChars !== undefined ? { maxDocumentChars: opts.maxDocumentChars } : {}),
    ...(opts.maxAliases !== undefined ? { maxAliases: opts.maxAliases } : {}),
  };
  const readErrors: InputError[] = [];
  const files = await collectFiles(paths, readErrors);
  // Each object is normalized as soon as it is parsed, so its raw tree dies young.
  const normalizer = new Normalizer(opts);
  const add = (o: RawObject): void => normalizer.add(o);
  let documents = 0;
  let fileCount = 0;
  let stdinRead = false;
  for (const file of files) {
    let bytes: Uint8Array | undefined;
    if (file === '-') {
      if (stdinRead) {
        readErrors.push({ source: { file: '-', line: 0 }, message: 'stdin given more than once; read once' });
        continue;
      }
      stdinRead = true;
      bytes = await readStreamCapped(opts.stdin ?? process.stdin, '-', fileLimits, readErrors);
    } else {
      bytes = await readCapped(file, fileLimits, readErrors);
    }
    if (!bytes) continue;
    fileCount++;
    const decoded = decodeBytes(bytes, file);
    // Loops, not push(...xs): a file may hold more objects than a call may take arguments.
    for (const e of decoded.errors) readErrors.push(e);
    // A file's text is let go once parsed and read again only if a field position is asked for
    // (a report). Not for stdin (it cannot be read twice), nor when the Ingress texts are kept:
    // they are slices of the file text, which then stays alive anyway.
    const reload = file === '-' || opts.keepTexts !== false ? undefined : reader(file);
    const parsed = parseTextWithLimits(decoded.text, file, parseLimits, add, reload);
    for (const e of parsed.errors) readErrors.push(e);
    documents += parsed.documents;
  }
  const set = normalizer.finish();
  set.stats.files = fileCount;
  set.stats.documents = documents;
  for (const e of set.errors) readErrors.push(e);
  set.errors = sortErrors(readErrors, files);
  return set;
}

/** Reads a file's text again. A function of its own: a closure made in readInputs would keep its whole scope. */
function reader(file: string): () => string {
  return () => decodeBytes(readFileSync(file), file).text;
}

/** Errors in input order: by file (as read), then line, then column; ties keep their order. */
function sortErrors(errors: InputError[], files: string[]): InputError[] {
  const rank = new Map<string, number>();
  files.forEach((f, i) => {
    if (!rank.has(f)) rank.set(f, i);
  });
  const r = (f: string): number => rank.get(f) ?? -1;
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => r(a.e.source.file) - r(b.e.source.file) || a.e.source.line - b.e.source.line || (a.e.source.column ?? 0) - (b.e.source.column ?? 0) || a.i - b.i)
    .map((x) => x.e);
}
