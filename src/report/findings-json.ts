/** The `--report FILE` document: summary plus every finding, in the engine's stable order. */
import type { ConvertResult } from '../engine/types.js';
import { formatSource } from '../model/source.js';

export const REPORT_SCHEMA_VERSION = 1;

export function findingsReport(result: ConvertResult) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    summary: {
      ...result.summary,
      documents: result.stats.documents,
      skipped: result.stats.skipped,
      filtered: result.stats.filtered,
    },
    findings: result.findings.map((f) => ({
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
    })),
    errors: result.errors.map((e) => ({
      file: e.source.file,
      line: e.source.line,
      ...(e.source.column ? { column: e.source.column } : {}),
      ...(e.object ? { object: e.object } : {}),
      ...(e.field ? { field: e.field } : {}),
      message: e.message,
      location: formatSource(e.source),
    })),
  };
}

export function findingsReportText(result: ConvertResult): string {
  return `${JSON.stringify(findingsReport(result), null, 2)}\n`;
}
