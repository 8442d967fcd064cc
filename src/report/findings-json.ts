/** The `--report FILE` document: summary plus every finding, in the engine's stable order. */
import type { ConvertResult } from '../engine/types.js';
import { nodeText } from '../emit/json-pieces.js';
import { inPieces } from '../emit/print.js';
import { formatSource } from '../model/source.js';

export const REPORT_SCHEMA_VERSION = 1;

type Finding = ConvertResult['findings'][number];
type InputError = ConvertResult['errors'][number];

function summaryOf(result: ConvertResult) {
  return {
    ...result.summary,
    documents: result.stats.documents,
    skipped: result.stats.skipped,
    filtered: result.stats.filtered,
  };
}

function findingEntry(f: Finding) {
  return {
    ingress: f.ingress,
    key: f.key,
    level: f.level,
    message: f.message,
    ...(f.advice ? { advice: f.advice } : {}),
    istio: f.istio,
    rule: f.rule,
    ...(f.source ? { line: f.source.line } : {}),
    ...(f.tags ? { tags: f.tags } : {}),
    ...(f.data ? { data: f.data } : {}),
  };
}

function errorEntry(e: InputError) {
  return {
    file: e.source.file,
    line: e.source.line,
    ...(e.source.column ? { column: e.source.column } : {}),
    ...(e.object ? { object: e.object } : {}),
    ...(e.field ? { field: e.field } : {}),
    message: e.message,
    location: formatSource(e.source),
  };
}

export function findingsReport(result: ConvertResult) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    summary: summaryOf(result),
    findings: result.findings.map(findingEntry),
    errors: result.errors.map(errorEntry),
  };
}

export function findingsReportText(result: ConvertResult): string {
  return [...findingsReportChunks(result)].join('');
}

/** A list member of the report, as `JSON.stringify` lays it out at depth 2, in pieces. */
function* listText<T>(name: string, items: readonly T[], entry: (x: T) => unknown, last: boolean): Generator<string> {
  const end = last ? '\n' : ',\n';
  if (items.length === 0) {
    yield `  "${name}": []${end}`;
    return;
  }
  yield `  "${name}": [\n`;
  for (let i = 0; i < items.length; i++) yield `    ${nodeText(entry(items[i]!), 2)}${i + 1 < items.length ? ',' : ''}\n`;
  yield `  ]${end}`;
}

/**
 * The report text (`findingsReportText`) in pieces of about 64 KiB, finding by finding: neither
 * the whole text nor a second list of all findings ever exists (at 100k Ingresses the text is
 * about 500 MB, close to V8's largest string).
 */
export function findingsReportChunks(result: ConvertResult): Generator<string> {
  return inPieces(
    (function* (): Generator<string> {
      yield `{\n  "schemaVersion": ${JSON.stringify(REPORT_SCHEMA_VERSION)},\n`;
      yield `  "summary": ${nodeText(summaryOf(result), 1)},\n`;
      yield* listText('findings', result.findings, findingEntry, false);
      yield* listText('errors', result.errors, errorEntry, true);
      yield '}\n';
    })(),
  );
}
