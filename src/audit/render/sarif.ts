/**
 * SARIF 2.1.0, so code scanning (GitHub, GitLab) shows each finding on the manifest's file and line.
 * One result per finding that needs a person (converted findings are left out), per unknown key,
 * and per input error. ruleId is the annotation key or field path.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { FindingLevel } from '../../model/findings.js';
import type { AuditReport, Location } from '../model.js';
import { findingVerdict } from '../verdict.js';
import { cmp } from '../verdict.js';

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** blocked → error, review → warning, ignored → note; converted findings that need nothing are not results. */
export function sarifLevel(level: FindingLevel, tags: string[]): SarifLevel | undefined {
  const v = findingVerdict({ level, tags });
  if (v === 'blocked') return 'error';
  if (v === 'review') return 'warning';
  if (level === 'ignored') return 'note';
  return undefined;
}

export interface SarifOptions {
  /** Paths are made relative to this folder (the repository root in CI). */
  baseDir?: string;
}

/** A relative URI with `/` separators and every segment percent-encoded; undefined for stdin or cluster input. */
export function artifactUri(file: string, baseDir?: string): string | undefined {
  if (!file || file === '-' || file.startsWith('cluster:')) return undefined;
  let p = file;
  if (baseDir && isAbsolute(p)) {
    const rel = relative(baseDir, p);
    if (!rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  const abs = isAbsolute(p);
  const segments = p.split(sep).join('/').split('/').map((s) => encodeURIComponent(s));
  return abs ? `file://${segments.join('/')}` : segments.join('/');
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<Record<string, unknown>>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

export function renderSarif(report: AuditReport, opts: SarifOptions = {}): string {
  return JSON.stringify(sarifLog(report, opts), null, 2) + '\n';
}

/** The SARIF log object (`renderSarif` prints it; the CLI writes it in pieces). */
export function sarifLog(report: AuditReport, opts: SarifOptions = {}): Record<string, unknown> {
  const ruleIds: string[] = [];
  const ruleInfo = new Map<string, { text: string; level: SarifLevel }>();
  const pending: Array<Omit<SarifResult, 'ruleIndex'>> = [];

  const location = (l: Location, ingress: string, key: string): Array<Record<string, unknown>> => {
    const logical = ingress ? [{ name: key, fullyQualifiedName: `Ingress/${ingress}/${key}`, kind: 'member' }] : undefined;
    const uri = artifactUri(l.file, opts.baseDir);
    const loc: Record<string, unknown> = {};
    if (uri !== undefined) {
      const physical: Record<string, unknown> = { artifactLocation: { uri } };
      if (l.line > 0) physical.region = { startLine: l.line };
      loc.physicalLocation = physical;
    }
    if (logical) loc.logicalLocations = logical;
    return Object.keys(loc).length ? [loc] : [];
  };
  const add = (ruleId: string, level: SarifLevel, text: string, l: Location, ingress: string, properties: Record<string, unknown>, describe: string) => {
    if (!ruleInfo.has(ruleId)) ruleInfo.set(ruleId, { text: describe, level });
    pending.push({
      ruleId,
      level,
      message: { text },
      locations: location(l, ingress, ruleId),
      partialFingerprints: { ingressKey: `${ingress}#${ruleId}#${text}` },
      properties,
    });
  };

  for (const f of report.findings) {
    const level = sarifLevel(f.level, f.tags);
    if (!level) continue;
    const text = `${f.ingress}: ${f.message}${f.advice ? ` Advice: ${f.advice}` : ''}`;
    add(f.key, level, text, f.location, f.ingress, { ingress: f.ingress, findingLevel: f.level, tags: f.tags, rule: f.rule, istio: f.istio }, `Annotation or field ${f.key}`);
  }
  for (const k of report.inventory.unknownKeys) {
    for (const l of k.locations) {
      const hint = k.suggestion ? ` Did you mean ${k.suggestion}?` : '';
      add(k.key, 'warning', `${l.ingress}: unknown annotation key ${k.key}.${hint}`, l, l.ingress, { ingress: l.ingress, unknownKey: true, ...(k.suggestion ? { suggestion: k.suggestion } : {}) }, `Unknown annotation key ${k.key}`);
    }
  }
  for (const e of report.errors) {
    const ruleId = e.field ?? 'input-error';
    add(ruleId, 'error', `${e.object ? `${e.object}: ` : ''}${e.message}`, e.location, '', { inputError: true, ...(e.object ? { object: e.object } : {}) }, 'Input error');
  }

  for (const id of [...ruleInfo.keys()].sort(cmp)) ruleIds.push(id);
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => ({
    id,
    name: id,
    shortDescription: { text: ruleInfo.get(id)!.text },
    defaultConfiguration: { level: ruleInfo.get(id)!.level },
  }));
  const results: SarifResult[] = pending.map((r) => ({ ...r, ruleIndex: index.get(r.ruleId)! }));

  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { verdicts: report.summary.verdicts, schemaVersion: report.schemaVersion },
      },
    ],
  };
  return sarif;
}
