/** The audit: build the report once from a ConvertResult, render it in the requested format. */
import type { ConvertResult } from '../engine/types.js';
import type { AuditReport } from './model.js';
import { renderHtml } from './render/html.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { renderSarif, sarifLog } from './render/sarif.js';
import { jsonPieces } from '../emit/json-pieces.js';
import { renderText } from './render/text.js';
import { ingressTexts } from './texts.js';

export { buildAudit, type AuditInput } from './build.js';
export type { AuditReport, Verdict } from './model.js';

export const AUDIT_FORMATS = ['text', 'md', 'json', 'html', 'sarif'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface RenderContext {
  /** Needed by the HTML view (generated Istio YAML per Ingress). */
  result: ConvertResult;
  /** Original source text per Ingress id, when the reader kept it. */
  texts?: ReadonlyMap<string, string>;
  color: boolean;
  /** SARIF paths are made relative to it. */
  baseDir?: string;
}

export function renderAudit(report: AuditReport, format: AuditFormat, ctx: RenderContext): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: ctx.color });
    case 'md':
      return renderMarkdown(report);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { baseDir: ctx.baseDir });
    case 'html':
      return renderHtml(report, { texts: ingressTexts(report, ctx.result, ctx.texts) });
  }
}

/**
 * `renderAudit`'s text in pieces, to be written piece by piece: JSON and SARIF are laid out member by
 * member (an audit of 10k Ingresses is ≈ 100 MB of JSON; V8's strings end at ≈ 512 MiB).
 */
export function renderAuditPieces(report: AuditReport, format: AuditFormat, ctx: RenderContext): Iterable<string> {
  if (format === 'json') return jsonPieces(report);
  if (format === 'sarif') return jsonPieces(sarifLog(report, { baseDir: ctx.baseDir }));
  return [renderAudit(report, format, ctx)];
}

/** True when any Ingress reaches the verdict (or worse). */
export function gateReached(report: AuditReport, failOn: 'none' | 'review' | 'blocked'): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'blocked') return report.summary.verdicts.blocked > 0;
  return report.summary.verdicts.blocked + report.summary.verdicts.review > 0;
}
