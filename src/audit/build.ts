/**
 * Builds the audit report from one conversion (the same ConvertResult `convert` prints) and the
 * rule catalog. Pure: no I/O; every list is sorted by stated keys.
 */
import type { Rule, SupportLevel } from '../../rules/types.js';
import type { Finding, FindingLevel } from '../model/findings.js';
import { FINDING_LEVELS } from '../model/findings.js';
import type { Ingress } from '../model/ingress.js';
import { ingressId } from '../model/ingress.js';
import type { SourceRef } from '../model/source.js';
import type { ConvertResult } from '../engine/types.js';
import { SOURCE_ANNOTATION } from '../engine/naming.js';
import { buildCatalog, classifyKey, controllersOf, isGenericKey, prefixOf, supportOf, type KeyCatalog, type KeyClass } from './catalog.js';
import { buildActions } from './actions.js';
import {
  AUDIT_SCHEMA_VERSION,
  type AnnotationUsage,
  type AuditReport,
  type AuditSummary,
  type Count,
  type ForeignAnnotation,
  type IngressAudit,
  type Inventory,
  type Location,
  type NamespaceCount,
  type Reason,
  type ReportError,
  type ReportFinding,
  type UnknownKey,
  type Verdict,
} from './model.js';
import { cmp, compareReasons, findingVerdict, verdictRank, worstVerdict } from './verdict.js';

export interface AuditInput {
  result: ConvertResult;
  /** The rule catalog (normally `allRules`). */
  rules: readonly Rule[];
  /** Namespace of the gateway (TLS secrets must be copied there). */
  gatewayNamespace: string;
  toolVersion?: string;
}

export function loc(s: SourceRef | { file: string; line: number }): Location {
  return { file: s.file, line: s.line };
}

function zeroLevels(): Record<FindingLevel, number> {
  return { converted: 0, partial: 0, unsupported: 0, ignored: 0, error: 0 };
}

/** Where a finding points: its own source, else the annotation's line, else the Ingress. */
export function findingLocation(f: Finding, ing: Ingress | undefined): Location {
  if (f.source && f.source.line) return loc(f.source);
  const ann = ing?.annotations.find((a) => a.key === f.key);
  if (ann) return loc(ann.source);
  if (f.source) return loc(f.source);
  return { file: f.ingress.file, line: f.ingress.line };
}

export function ingressHosts(ing: Ingress): string[] {
  const hosts = new Set<string>();
  for (const r of ing.rules) if (r.host) hosts.add(r.host);
  for (const t of ing.tls) for (const h of t.hosts) hosts.add(h);
  return [...hosts].sort(cmp);
}

/** Where each generated object is: its position in the output and the Ingresses it names as sources. Built once per audit. */
interface ResourceIndex {
  refs: string[];
  /** `Kind/namespace/name` → position. */
  position: Map<string, number>;
  /** Ingress id → positions of the objects that name it as a source. */
  bySource: Map<string, number[]>;
}

function indexResources(result: ConvertResult): ResourceIndex {
  const refs: string[] = [];
  const position = new Map<string, number>();
  const bySource = new Map<string, number[]>();
  result.resources.forEach((res, i) => {
    const ref = `${res.kind}/${res.metadata.namespace ?? ''}/${res.metadata.name}`;
    refs.push(ref);
    if (!position.has(ref)) position.set(ref, i);
    for (const raw of (res.metadata.annotations?.[SOURCE_ANNOTATION] ?? '').split(',')) {
      const id = raw.trim();
      if (!id) continue;
      const list = bySource.get(id);
      if (!list) bySource.set(id, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return { refs, position, bySource };
}

/** `Kind/namespace/name` of every generated object that names this Ingress as a source or that a finding of it names, in output order. */
function istioRefs(ing: Ingress, index: ResourceIndex, findings: readonly Finding[]): string[] {
  const positions = new Set<number>(index.bySource.get(ingressId(ing)) ?? []);
  const missing = new Set<string>();
  for (const f of findings) {
    for (const r of f.istio) {
      const at = index.position.get(r);
      if (at === undefined) missing.add(r);
      else positions.add(at);
    }
  }
  const out = [...positions].sort((a, b) => a - b).map((i) => index.refs[i]!);
  // Refs a finding names but that are not in the output (should not happen) are still listed.
  return [...out, ...[...missing].sort(cmp)];
}

export function buildAudit(input: AuditInput): AuditReport {
  const { result } = input;
  const cat = buildCatalog(input.rules);
  const byId = new Map<string, Ingress>();
  for (const ing of result.ingresses) byId.set(ingressId(ing), ing);
  const resourceIndex = indexResources(result);

  const findingsOf = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const id = ingressId(f.ingress);
    let list = findingsOf.get(id);
    if (!list) findingsOf.set(id, (list = []));
    list.push(f);
  }

  const classes = new Map<string, KeyClass>();
  const classOf = (key: string): KeyClass => {
    let c = classes.get(key);
    if (!c) classes.set(key, (c = classifyKey(cat, key)));
    return c;
  };

  const errorsOf = new Map<string, ConvertResult['errors'][number][]>();
  for (const e of result.errors) {
    if (e.object === undefined) continue;
    const list = errorsOf.get(e.object);
    if (list) list.push(e);
    else errorsOf.set(e.object, [e]);
  }
  const ingresses: IngressAudit[] = result.ingresses.map((ing) => {
    const id = ingressId(ing);
    return auditIngress(ing, findingsOf.get(id) ?? [], errorsOf.get(`Ingress ${id}`) ?? [], resourceIndex, cat, classOf);
  });
  ingresses.sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));

  const findings: ReportFinding[] = result.findings.map((f) => reportFinding(f, byId.get(ingressId(f.ingress))));
  const errors: ReportError[] = result.errors.map((e) => ({
    location: loc(e.source),
    ...(e.object !== undefined ? { object: e.object } : {}),
    ...(e.field !== undefined ? { field: e.field } : {}),
    message: e.message,
  }));

  const inventory = buildInventory(result, ingresses, cat, classOf);
  const actions = buildActions(result, input.gatewayNamespace, findings);
  const summary = buildSummary(result, ingresses, inventory, errors);

  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    tool: { name: 'ingress2istio', version: input.toolVersion ?? '0.0.0' },
    gatewayNamespace: input.gatewayNamespace,
    summary,
    ingresses,
    inventory,
    actions,
    findings,
    errors,
  };
}

function reportFinding(f: Finding, ing: Ingress | undefined): ReportFinding {
  const out: ReportFinding = {
    ingress: ingressId(f.ingress),
    key: f.key,
    level: f.level,
    message: f.message,
    rule: f.rule,
    tags: [...(f.tags ?? [])].sort(cmp),
    istio: [...f.istio],
    location: findingLocation(f, ing),
  };
  if (f.advice) out.advice = f.advice;
  if (f.data && Object.keys(f.data).length) out.data = sortedRecord(f.data);
  return out;
}

export function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort(cmp)) out[k] = r[k]!;
  return out;
}

/** An unknown key counts against an Ingress only when its owner would have read that prefix (or owner unknown). */
function unknownKeyConcerns(cat: KeyCatalog, key: string, cls: KeyClass, owner: string): boolean {
  if (cls.status !== 'unknown') return false;
  if (owner === 'unknown') return true;
  const p = prefixOf(key);
  if (p && cat.prefixes.get(p)?.has(owner)) return true;
  return cls.suggestion !== undefined && controllersOf(cat, cls.suggestion).includes(owner);
}

function auditIngress(
  ing: Ingress,
  findings: readonly Finding[],
  errors: ConvertResult['errors'],
  resourceIndex: ResourceIndex,
  cat: KeyCatalog,
  classOf: (key: string) => KeyClass,
): IngressAudit {
  const id = ingressId(ing);
  const reasons: Reason[] = [];
  const counts = zeroLevels();
  const blockingKeys = new Set<string>();
  for (const f of findings) {
    counts[f.level]++;
    const verdict = findingVerdict(f);
    if (verdict === 'ready') continue;
    blockingKeys.add(f.key);
    const r: Reason = {
      key: f.key,
      kind: 'finding',
      verdict,
      level: f.level,
      tags: [...(f.tags ?? [])].sort(cmp),
      message: f.message,
      rule: f.rule,
      location: findingLocation(f, ing),
    };
    if (f.advice) r.advice = f.advice;
    reasons.push(r);
  }
  const owner = ing.owner.controller;
  for (const a of ing.annotations) {
    const cls = classOf(a.key);
    if (cls.status !== 'unknown' || blockingKeys.has(a.key) || !unknownKeyConcerns(cat, a.key, cls, owner)) continue;
    const hint = cls.suggestion ? `; did you mean ${cls.suggestion}?` : '';
    reasons.push({
      key: a.key,
      kind: 'unknown-key',
      verdict: 'review',
      tags: ['unknown-key'],
      message: `unknown annotation key: not in the catalog of any controller ingress2istio knows${hint}`,
      advice: cls.suggestion
        ? `If ${cls.suggestion} was meant, fix the key: the controller ignores the misspelled one today, and so does the conversion.`
        : 'Check the key against the controller documentation; it has no effect today and is not converted.',
      location: loc(a.source),
    });
  }
  for (const e of errors) {
    reasons.push({
      key: e.field ?? '(object)',
      kind: 'input-error',
      verdict: 'blocked',
      level: 'error',
      tags: [],
      message: e.message,
      location: loc(e.source),
    });
  }
  reasons.sort(compareReasons);
  const className = ing.owner.className ?? ing.ingressClassName;
  return {
    id,
    namespace: ing.namespace,
    name: ing.name,
    location: loc(ing.source),
    ...(className !== undefined ? { className } : {}),
    controller: owner,
    ownerReason: ing.owner.reason,
    hosts: ingressHosts(ing),
    verdict: worstVerdict(reasons),
    reasons,
    annotations: ing.annotations.map((a) => a.key).sort(cmp),
    istio: istioRefs(ing, resourceIndex, findings),
    findings: counts,
  };
}

function countBy(items: Iterable<string>): Count[] {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].map(([name, ingresses]) => ({ name, ingresses })).sort((a, b) => cmp(a.name, b.name));
}

export const NO_CLASS = '(none)';

function buildInventory(result: ConvertResult, audits: IngressAudit[], cat: KeyCatalog, classOf: (key: string) => KeyClass): Inventory {
  const ns = new Map<string, NamespaceCount>();
  for (const a of audits) {
    let c = ns.get(a.namespace);
    if (!c) ns.set(a.namespace, (c = { name: a.namespace, ingresses: 0, ready: 0, review: 0, blocked: 0 }));
    c.ingresses++;
    c[a.verdict]++;
  }
  const namespaces = [...ns.values()].sort((a, b) => cmp(a.name, b.name));
  const classes = countBy(audits.map((a) => a.className ?? NO_CLASS));
  const controllers = countBy(audits.map((a) => a.controller));

  const usage = new Map<string, AnnotationUsage>();
  const unknown = new Map<string, UnknownKey>();
  const foreign: ForeignAnnotation[] = [];
  for (const ing of result.ingresses) {
    const id = ingressId(ing);
    const owner = ing.owner.controller;
    for (const a of ing.annotations) {
      const cls = classOf(a.key);
      let u = usage.get(a.key);
      if (!u) {
        u = { key: a.key, count: 0, status: cls.status, controllers: controllersOf(cat, a.key), ingresses: [], levels: {} };
        if (cls.status === 'unknown' && cls.suggestion) u.suggestion = cls.suggestion;
        usage.set(a.key, u);
      }
      u.count++;
      u.ingresses.push(id);
      // Support for the owner's entry when the owner knows the key; the first usage decides otherwise.
      const s = supportOf(cat, a.key, owner);
      if (s && (u.support === undefined || cat.keys.get(a.key)?.support.has(owner))) u.support = s;
      if (cls.status === 'unknown') {
        let k = unknown.get(a.key);
        if (!k) {
          k = { key: a.key, locations: [] };
          if (cls.suggestion) {
            k.suggestion = cls.suggestion;
            k.distance = cls.distance!;
          }
          unknown.set(a.key, k);
        }
        k.locations.push({ ingress: id, ...loc(a.source) });
      }
      if (owner !== 'unknown' && !isGenericKey(a.key)) {
        const keyControllers = controllersOf(cat, a.key);
        if (keyControllers.length && !keyControllers.includes(owner)) {
          foreign.push({ key: a.key, keyControllers, ingress: id, owner, location: loc(a.source) });
        }
      }
    }
  }
  for (const f of result.findings) {
    const u = usage.get(f.key);
    if (u) u.levels[f.level] = (u.levels[f.level] ?? 0) + 1;
  }
  const annotations = [...usage.values()].sort((a, b) => cmp(a.key, b.key));
  for (const u of annotations) {
    u.ingresses.sort(cmp);
    u.levels = orderedLevels(u.levels);
  }
  const unknownKeys = [...unknown.values()].sort((a, b) => cmp(a.key, b.key));
  for (const k of unknownKeys) k.locations.sort((a, b) => cmp(a.ingress, b.ingress) || cmp(a.file, b.file) || a.line - b.line);
  foreign.sort((a, b) => cmp(a.ingress, b.ingress) || cmp(a.key, b.key));
  return { namespaces, classes, controllers, annotations, unknownKeys, foreignAnnotations: foreign };
}

function orderedLevels(l: Partial<Record<FindingLevel, number>>): Partial<Record<FindingLevel, number>> {
  const out: Partial<Record<FindingLevel, number>> = {};
  for (const level of FINDING_LEVELS) if (l[level]) out[level] = l[level];
  return out;
}

function buildSummary(result: ConvertResult, audits: IngressAudit[], inv: Inventory, errors: ReportError[]): AuditSummary {
  const verdicts: Record<Verdict, number> = { blocked: 0, review: 0, ready: 0 };
  for (const a of audits) verdicts[a.verdict]++;
  const findings = zeroLevels();
  for (const f of result.findings) findings[f.level]++;
  const support: Record<SupportLevel | 'unknown' | 'other', number> = { full: 0, partial: 0, none: 0, 'not-applicable': 0, unknown: 0, other: 0 };
  for (const u of inv.annotations) {
    if (u.status === 'known' && u.support) support[u.support]++;
    else if (u.status === 'unknown') support.unknown++;
    else support.other++;
  }
  const istioResources: Record<string, number> = {};
  const kinds = new Map<string, number>();
  for (const r of result.resources) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  for (const k of [...kinds.keys()].sort(cmp)) istioResources[k] = kinds.get(k)!;
  return {
    ingresses: audits.length,
    namespaces: inv.namespaces.length,
    verdicts,
    findings,
    annotationKeys: inv.annotations.length,
    support,
    unknownKeys: inv.unknownKeys.length,
    foreignAnnotations: inv.foreignAnnotations.length,
    errors: errors.length,
    istioResources,
  };
}
