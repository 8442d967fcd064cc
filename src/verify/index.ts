/**
 * `verify`: route every probe through the source-controller model and the Istio model and
 * report each request they route differently, with the finding that explains it, if any.
 */
import type { Finding } from '../model/findings.js';
import type { ControllerId, Ingress } from '../model/ingress.js';
import { ingressId } from '../model/ingress.js';
import type { IstioResource } from '../istio/types.js';
import type { InputSet } from '../read/types.js';
import { IstioModel } from './istio-model.js';
import { generateProbes } from './probes.js';
import type { Outcome, Request } from './request.js';
import { describeOutcome, describeRequest, hostName, normalizeLocation, requestKey, sameOutcome, compareStrings } from './request.js';
import { NginxModel } from './source-nginx.js';

export type { Outcome, Request } from './request.js';

export interface VerifyOptions {
  /** ingress-nginx ConfigMap data (ssl-redirect, http-redirect-code, ...). */
  nginxConfig?: Record<string, string>;
  /** Extra requests (e.g. from `--requests`). */
  requests?: Request[];
  /** Generate probes from the input (default true). */
  probes?: boolean;
  clusterDomain?: string;
}

export interface ExplainingFinding {
  namespace: string;
  name: string;
  key: string;
  level: string;
  message: string;
}

export interface Difference {
  request: Request;
  old: Outcome;
  new: Outcome;
  /** Ingresses involved on the source side. */
  ingresses: string[];
  /** Features involved (`ssl-redirect`, `regex-mode`, `wildcard-host`, ...). */
  features: string[];
  /** Istio objects that produced the new outcome. */
  istio: string[];
  explainedBy: ExplainingFinding[];
}

export interface VerifySummary {
  probes: number;
  equal: number;
  different: number;
  explained: number;
  unexplained: number;
  /** Requests the source model cannot evaluate (host of another controller, unknown regex). */
  skipped: number;
}

export interface VerifyReport {
  summary: VerifySummary;
  differences: Difference[];
  skipped: Array<{ request: Request; reason: string }>;
  notes: string[];
}

/** Controllers with a source model. */
const MODELLED: ReadonlySet<ControllerId> = new Set(['ingress-nginx']);

const EXPLAINING_LEVELS = new Set(['partial', 'unsupported', 'error']);

interface ExplainRule {
  keys?: RegExp;
  tags?: string[];
  /** The finding's message must also say this. */
  message?: RegExp;
  /** Only findings of these levels. */
  levels?: string[];
  /** A matching tag is enough (the message is only checked for key matches). */
  tagSuffices?: boolean;
}

const SSL_KEYS = /(?:^|\/)(?:ssl-redirect|force-ssl-redirect|preserve-trailing-slash|http-redirect-code)$|^spec\.tls\b/;

/**
 * Which findings can explain a difference of each kind. Deliberately narrow: the finding must be
 * about the feature (key or tag) and, for the HTTPS-redirect kinds, say what differs.
 */
const EXPLAIN_RULES: Record<string, ExplainRule> = {
  'https-redirect-trailing-slash': { keys: SSL_KEYS, tags: ['trailing-slash'], message: /slash/i },
  'https-redirect-code': { keys: SSL_KEYS, tags: ['https-redirect'], message: /\b30[1278]\b|code/i },
  'https-redirect-missing': { keys: SSL_KEYS, tags: ['https-redirect'], levels: ['unsupported', 'error'] },
  'trailing-slash-redirect': { keys: /\.path(?:Type)?$/, tags: ['trailing-slash'], message: /slash/i, tagSuffices: true },
  'regex-mode': { keys: /(?:^|\/)(?:use-regex|rewrite-target)$/, tags: ['regex-mode'] },
  rewrite: { keys: /(?:^|\/)rewrite-target$/ },
  canary: { keys: /(?:^|\/)canary(?:-[\w-]+)?$/, tags: ['canary'] },
  'app-root': { keys: /(?:^|\/)app-root$/ },
  redirect: { keys: /(?:^|\/)(?:permanent|temporal)-redirect(?:-code)?$/ },
  'default-backend': { keys: /^spec\.(?:defaultBackend|backend)\b|(?:^|\/)default-backend$/, tags: ['default-backend'] },
  'wildcard-host': { keys: /(?:^|\.)host$/, tags: ['wildcard-widening'], message: /wildcard/i, tagSuffices: true },
};

function findingExplains(f: Finding, kind: string): boolean {
  const rule = EXPLAIN_RULES[kind];
  if (!rule) return false;
  const byTag = Boolean(rule.tags && f.tags?.some((t) => rule.tags!.includes(t)));
  const about = Boolean(rule.keys?.test(f.key)) || byTag;
  if (!about) return false;
  if (rule.message && !(byTag && rule.tagSuffices) && !rule.message.test(f.message)) return false;
  if (rule.levels && !rule.levels.includes(f.level)) return false;
  return true;
}

/** What differs, when the outcomes say it precisely (HTTPS redirects); every kind needs an explanation. */
function differenceKinds(old: Outcome, neu: Outcome, req: Request): string[] {
  const a = isHttpsRedirect(old, req);
  const b = isHttpsRedirect(neu, req);
  if (a !== b) return ['https-redirect-missing'];
  if (!a || old.type !== 'redirect' || neu.type !== 'redirect') return [];
  const kinds: string[] = [];
  if (old.code !== neu.code) kinds.push('https-redirect-code');
  const strip = (l: string) => normalizeLocation(l).replace(/\/(\?|$)/, '$1');
  const la = normalizeLocation(old.location);
  const lb = normalizeLocation(neu.location);
  if (la !== lb) kinds.push(strip(la) === strip(lb) ? 'https-redirect-trailing-slash' : 'https-redirect-missing');
  return kinds;
}

function wildcardCovers(pattern: string, host: string, oneLabel: boolean): boolean {
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix) || host.length <= suffix.length) return false;
  const label = host.slice(0, -suffix.length);
  return oneLabel ? /^[\w-]+$/.test(label) : true;
}

export function verify(input: InputSet, istio: IstioResource[], findings: Finding[], options: VerifyOptions = {}): VerifyReport {
  const modelled: Ingress[] = [];
  const unmodelled: Ingress[] = [];
  for (const ing of input.ingresses) {
    // The engine converts every Ingress it is given; those of other controllers cannot be checked.
    if (MODELLED.has(ing.owner.controller)) modelled.push(ing);
    else unmodelled.push(ing);
  }
  const nginx = new NginxModel({ ingresses: modelled, services: input.services, ...(options.nginxConfig ? { configMap: options.nginxConfig } : {}) });
  const mesh = new IstioModel(istio, input.services, options.clusterDomain ? { clusterDomain: options.clusterDomain } : {});

  const notes: string[] = [];
  for (const p of nginx.problems) notes.push(`${p.ingress || 'catch-all'}: ${p.message}`);
  for (const p of mesh.problems) notes.push(p);
  if (unmodelled.length) {
    const byController = new Map<string, number>();
    for (const ing of unmodelled) byController.set(ing.owner.controller, (byController.get(ing.owner.controller) ?? 0) + 1);
    for (const [c, n] of [...byController].sort(([a], [b]) => compareStrings(a, b)))
      notes.push(`${n} Ingress(es) of controller ${c} are not verified: verify has no routing model for ${c} yet; their hosts are skipped`);
  }

  const unmodelledHosts = new Set<string>();
  let unmodelledCatchAll = false;
  for (const ing of unmodelled) {
    if (ing.defaultBackend) unmodelledCatchAll = true;
    for (const r of ing.rules) {
      if (r.host) unmodelledHosts.add(r.host.toLowerCase());
      else unmodelledCatchAll = true;
    }
  }
  const modelledHosts = new Set(modelled.flatMap((i) => i.rules.map((r) => r.host?.toLowerCase()).filter((h): h is string => Boolean(h))));
  const skipReason = (req: Request): string | undefined => {
    const h = hostName(req.host);
    for (const u of unmodelledHosts) if (u === h || wildcardCovers(u, h, false)) return `host ${h} is served by an Ingress of a controller verify does not model`;
    const known = [...modelledHosts].some((m) => m === h || wildcardCovers(m, h, true));
    if (!known && unmodelledCatchAll) return 'the catch-all server has Ingresses of a controller verify does not model';
    return undefined;
  };

  const requests = new Map<string, Request>();
  if (options.probes !== false && modelled.some((i) => i.rules.length > 0 || i.defaultBackend)) for (const r of generateProbes(modelled, { hasTls: (h) => nginx.hasCertificateFor(h) })) requests.set(requestKey(r), r);
  for (const r of options.requests ?? []) if (!requests.has(requestKey(r))) requests.set(requestKey(r), r);

  const byHost = new Map<string, Ingress[]>();
  for (const ing of modelled)
    for (const r of ing.rules) {
      const h = (r.host ?? '_').toLowerCase();
      const list = byHost.get(h) ?? [];
      if (!list.includes(ing)) list.push(ing);
      byHost.set(h, list);
    }

  const findingsByIngress = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!EXPLAINING_LEVELS.has(f.level)) continue;
    const id = `${f.ingress.namespace}/${f.ingress.name}`;
    const list = findingsByIngress.get(id) ?? [];
    list.push(f);
    findingsByIngress.set(id, list);
  }

  const summary: VerifySummary = { probes: 0, equal: 0, different: 0, explained: 0, unexplained: 0, skipped: 0 };
  const differences: Difference[] = [];
  const skipped: VerifyReport['skipped'] = [];
  const ordered = [...requests.values()].sort((a, b) => compareStrings(requestKey(a), requestKey(b)));
  for (const req of ordered) {
    summary.probes++;
    const skip = skipReason(req);
    if (skip) {
      summary.skipped++;
      skipped.push({ request: req, reason: skip });
      continue;
    }
    const old = nginx.evaluate(req);
    if (old.outcome.type === 'unknown') {
      summary.skipped++;
      skipped.push({ request: req, reason: old.outcome.reason });
      continue;
    }
    const neu = mesh.evaluate(req);
    // Nothing listens (no Gateway server for the port) where nginx had nothing to serve either.
    const bothEmpty = old.outcome.type === 'no-route' && neu.outcome.type === 'refused' && /^no Gateway server on port \d+$/.test(neu.outcome.reason);
    if (bothEmpty || sameOutcome(old.outcome, neu.outcome)) {
      summary.equal++;
      continue;
    }
    summary.different++;
    const host = hostName(req.host);
    const features = new Set(old.features);
    const ingresses = new Set(old.ingresses);
    for (const ing of byHost.get(host) ?? []) ingresses.add(ingressId(ing));
    if (features.has('catch-all')) for (const ing of byHost.get('_') ?? []) ingresses.add(ingressId(ing));
    // Envoy's suffix wildcard also accepts deeper names: those Ingresses are involved too.
    for (const [h, list] of byHost)
      if (wildcardCovers(h, host, false) && !wildcardCovers(h, host, true)) {
        features.add('wildcard-host');
        for (const ing of list) ingresses.add(ingressId(ing));
      }
    const kinds = differenceKinds(old.outcome, neu.outcome, req);
    const candidates: Finding[] = [];
    for (const id of [...ingresses].sort()) candidates.push(...(findingsByIngress.get(id) ?? []));
    const explaining = new Set<Finding>();
    let explained: boolean;
    if (kinds.length > 0) {
      // Each precise kind needs its own finding.
      explained = kinds.every((k) => {
        const hit = candidates.filter((f) => findingExplains(f, k));
        hit.forEach((f) => explaining.add(f));
        return hit.length > 0;
      });
    } else {
      for (const f of candidates) if ([...features].some((feat) => findingExplains(f, feat))) explaining.add(f);
      explained = explaining.size > 0;
    }
    for (const k of kinds) features.add(k);
    const explainedBy: ExplainingFinding[] = explained
      ? [...explaining].map((f) => ({ namespace: f.ingress.namespace, name: f.ingress.name, key: f.key, level: f.level, message: f.message }))
      : [];
    if (explainedBy.length) summary.explained++;
    else summary.unexplained++;
    differences.push({
      request: req,
      old: old.outcome,
      new: neu.outcome,
      ingresses: [...ingresses].sort(),
      features: [...features].sort(),
      istio: neu.objects,
      explainedBy,
    });
  }
  return { summary, differences, skipped, notes };
}

function isHttpsRedirect(o: Outcome, req: Request): boolean {
  if (o.type !== 'redirect' || req.scheme !== 'http') return false;
  const loc = normalizeLocation(o.location);
  return loc.startsWith(`https://${hostName(req.host)}/`) || loc === `https://${hostName(req.host)}`;
}

export function formatVerifyText(report: VerifyReport, opts: { showExplained?: boolean } = {}): string {
  const s = report.summary;
  const lines: string[] = [];
  lines.push(
    `verify: ${s.probes} requests, ${s.equal} equal, ${s.different} different (${s.explained} explained by a finding, ${s.unexplained} unexplained), ${s.skipped} skipped`,
  );
  for (const n of report.notes) lines.push(`note: ${n}`);
  const shown = report.differences.filter((d) => opts.showExplained !== false || d.explainedBy.length === 0);
  for (const d of shown) {
    lines.push('');
    lines.push(`${d.explainedBy.length ? 'EXPLAINED' : 'DIFFERENT'}  ${describeRequest(d.request)}${d.request.origin && d.request.origin !== 'probe' ? `  (${d.request.origin})` : ''}`);
    lines.push(`  ingress-nginx: ${describeOutcome(d.old)}`);
    lines.push(`  istio:         ${describeOutcome(d.new)}${d.istio.length ? `  [${d.istio.join(', ')}]` : ''}`);
    if (d.ingresses.length) lines.push(`  ingresses:     ${d.ingresses.join(', ')}`);
    for (const f of d.explainedBy) lines.push(`  explained by:  ${f.namespace}/${f.name} ${f.key} (${f.level}): ${f.message}`);
  }
  if (report.skipped.length) {
    lines.push('');
    const reasons = new Map<string, number>();
    for (const sk of report.skipped) reasons.set(sk.reason, (reasons.get(sk.reason) ?? 0) + 1);
    for (const [r, n] of [...reasons].sort(([a], [b]) => compareStrings(a, b))) lines.push(`skipped ${n}: ${r}`);
  }
  return `${lines.join('\n')}\n`;
}
