/** Where an object, field or error came from. Every finding and error carries one. */
export interface SourceRef {
  /** File path as given on the command line (or `-` for stdin, `cluster:<ctx>/<ns>/<name>` for live objects). */
  file: string;
  /** 1-based line of the object (or field) in that file; 0 when unknown. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
}

/** A problem with the input: reported, never thrown. */
export interface InputError {
  source: SourceRef;
  /** `kind ns/name` of the object, when known. */
  object?: string;
  /** Dotted field path inside the object, when the error is about one field. */
  field?: string;
  message: string;
}

export function formatSource(s: SourceRef): string {
  if (!s.line) return s.file;
  return s.column ? `${s.file}:${s.line}:${s.column}` : `${s.file}:${s.line}`;
}

export function formatInputError(e: InputError): string {
  const subject = [e.object, e.field ? `(${e.field})` : ''].filter(Boolean).join(' ');
  return subject ? `${formatSource(e.source)}: ${subject}: ${e.message}` : `${formatSource(e.source)}: ${e.message}`;
}
