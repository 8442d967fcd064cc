/**
 * Runs the rules of the owning controller over one Ingress: every annotation goes to the rule that
 * owns its key; keys nobody owns are reported (foreign controller, well-known tooling, or unknown).
 * Consume or report: an owned key left without a finding gets the default finding of its support level.
 */
import type { Rule, RuleContext, FindingInput, KeyMeta, SupportLevel } from '../../rules/types.js';
import { defaultRules, type RuleSet } from '../../rules/registry.js';
import { CATALOG_ORDER, PREFIXES_OUTSIDE_VENDOR } from '../../rules/load.js';
import { levenshtein } from '../util/levenshtein.js';
import type { Finding, FindingLevel, FindingSubject } from '../model/findings.js';
import type { ConfigMapObject, ControllerId, Ingress, Service } from '../model/ingress.js';
import { emptyIntents, type IngressIntents } from '../model/intents.js';
import type { ConvertOptions } from '../model/options.js';

export interface RuleIndex {
  /** key → owning rule, per controller. */
  byController: Map<ControllerId, Map<string, { rule: Rule; meta: KeyMeta }>>;
  /** key → controllers whose catalog has it. */
  owners: Map<string, ControllerId[]>;
  /** Every rule, in catalog order (the order rules run in). */
  order: Rule[];
  /** Per controller, the rules that own at least one of its keys, in catalog order (built once, not per Ingress). */
  orderByController: Map<ControllerId, Rule[]>;
  /** Per controller, keys with `*` wildcards (families such as `<prefix>/backend.*`), tried after exact keys. */
  patterns: Map<ControllerId, Array<{ re: RegExp; rule: Rule; meta: KeyMeta }>>;
  /** Per controller, keys read from the backend Services rather than the Ingress. */
  serviceKeys: Map<ControllerId, Map<string, { rule: Rule; meta: KeyMeta }>>;
}

/** Keys each rule owns, as a set, computed once per rule object (not once per Ingress). */
const ownedKeys = new WeakMap<Rule, ReadonlySet<string>>();
function ownedKeysOf(rule: Rule): ReadonlySet<string> {
  let set = ownedKeys.get(rule);
  if (!set) ownedKeys.set(rule, (set = new Set(rule.meta.keys.map((k) => k.key))));
  return set;
}

const cachedIndex = new WeakMap<RuleSet, RuleIndex>();

/** Index of a rule set (built once per set); without an argument, of the default set (rules/registry.ts). */
export function ruleIndex(set?: RuleSet): RuleIndex {
  const ruleSet = set ?? defaultRules();
  const cached = cachedIndex.get(ruleSet);
  if (cached) return cached;
  const byController = new Map<ControllerId, Map<string, { rule: Rule; meta: KeyMeta }>>();
  const owners = new Map<string, ControllerId[]>();
  const patterns = new Map<ControllerId, Array<{ re: RegExp; rule: Rule; meta: KeyMeta }>>();
  const serviceKeys = new Map<ControllerId, Map<string, { rule: Rule; meta: KeyMeta }>>();
  for (const [controller, rules] of Object.entries(ruleSet) as Array<[ControllerId, readonly Rule[]]>) {
    const m = new Map<string, { rule: Rule; meta: KeyMeta }>();
    const pats: Array<{ re: RegExp; rule: Rule; meta: KeyMeta }> = [];
    const svc = new Map<string, { rule: Rule; meta: KeyMeta }>();
    patterns.set(controller, pats);
    serviceKeys.set(controller, svc);
    for (const rule of rules) {
      for (const km of rule.meta.keys) {
        if (km.on === 'service') {
          if (!svc.has(km.key)) svc.set(km.key, { rule, meta: km });
        }
        if (km.key.includes('*')) {
          const re = new RegExp(`^${km.key.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
          pats.push({ re, rule, meta: km });
        }
        if (!m.has(km.key)) m.set(km.key, { rule, meta: km });
        const list = owners.get(km.key) ?? [];
        if (!list.includes(controller)) list.push(controller);
        owners.set(km.key, list);
      }
    }
    byController.set(controller, m);
  }
  const order = Object.values(ruleSet).flat() as Rule[];
  const orderByController = new Map<ControllerId, Rule[]>();
  for (const [controller, m] of byController) {
    const mine = new Set<Rule>();
    for (const { rule } of m.values()) mine.add(rule);
    orderByController.set(controller, [...new Set(order)].filter((r) => mine.has(r)));
  }
  const index: RuleIndex = { byController, owners, order, orderByController, patterns, serviceKeys };
  cachedIndex.set(ruleSet, index);
  return index;
}

/** Rules per controller; the engine uses the default set (every rule) unless it is given one. */
export type { RuleSet };

/** Annotation prefixes of each controller, to name the owner of a foreign key. */
const VENDOR_PREFIXES: Array<[RegExp, ControllerId, string]> = [
  [/^nginx\.ingress\.kubernetes\.io\//, 'ingress-nginx', 'ingress-nginx'],
  [/^nginx\.(org|com)\//, 'nginx-inc', 'NGINX Inc'],
  [/^(projectcontour\.io|contour\.heptio\.com)\//, 'contour', 'Contour'],
  [/^haproxy\.org\//, 'haproxytech', 'HAProxy Technologies'],
  [/^haproxy-ingress\.github\.io\//, 'haproxy-ingress', 'HAProxy Ingress'],
];

/** Keys written by tools around the Ingress, not by its controller: nothing to convert. */
const TOOLING: Array<[RegExp, string]> = [
  [/^kubectl\.kubernetes\.io\/last-applied-configuration$/, 'kubectl bookkeeping; not part of the routing'],
  [/^kubernetes\.io\/ingress\.class$/, 'class selection; used to decide the owning controller, nothing to convert'],
  [/^ingressclass\.kubernetes\.io\//, 'class selection; nothing to convert'],
  [/^cert-manager\.io\/|^acme\.cert-manager\.io\//, 'cert-manager reads this from the Ingress; with Istio create a cert-manager Certificate in the gateway namespace instead (see the secret actions)'],
  [/^meta\.helm\.sh\/|^helm\.sh\//, 'Helm bookkeeping; not part of the routing'],
  [/^argocd\.argoproj\.io\/|^argocd-image-updater\./, 'Argo CD bookkeeping; not part of the routing'],
  [/^external-dns\.alpha\.kubernetes\.io\//, 'external-dns reads this from the Ingress; configure external-dns with its istio-gateway or istio-virtualservice source instead'],
  [/^field\.cattle\.io\//, 'Rancher bookkeeping; not part of the routing'],
  [/^deployment\.kubernetes\.io\//, 'Kubernetes bookkeeping; not part of the routing'],
];

const FOREIGN_PREFIXES: Array<[RegExp, string]> = [
  [/^alb\.ingress\.kubernetes\.io\//, 'AWS Load Balancer Controller'],
  [/^appgw\.ingress\.kubernetes\.io\//, 'Azure Application Gateway'],
  [/^(networking\.gke\.io|ingress\.gcp\.kubernetes\.io|cloud\.google\.com)\//, 'GKE Ingress'],
  [/^kubernetes\.io\/ingress\.(global-static-ip-name|allow-http|regional-static-ip-name)$/, 'GKE Ingress'],
  [/^traefik\.ingress\.kubernetes\.io\//, 'Traefik'],
  [/^konghq\.com\//, 'Kong'],
  [/^ingress\.kubernetes\.io\//, 'a legacy controller prefix (haproxy-ingress, NGINX Inc or very old ingress-nginx)'],
];

/**
 * The controllers whose rules a conversion of these Ingresses needs: the owners', and those whose
 * catalog may hold a key an Ingress carries without a vendor prefix (unownedFinding names them:
 * "key of …"). Loading only these (rules/load.ts) gives the same findings as loading every rule.
 */
export function rulesNeededFor(ingresses: readonly Ingress[]): ControllerId[] {
  const need = new Set<ControllerId>();
  const seen = new Set<string>();
  for (const ing of ingresses) {
    need.add(ing.owner.controller);
    for (const a of ing.annotations) {
      if (seen.has(a.key)) continue;
      seen.add(a.key);
      if (VENDOR_PREFIXES.some(([re]) => re.test(a.key)) || TOOLING.some(([re]) => re.test(a.key))) continue;
      const slash = a.key.indexOf('/');
      const prefix = slash < 0 ? '' : a.key.slice(0, slash + 1);
      for (const c of CATALOG_ORDER) if (PREFIXES_OUTSIDE_VENDOR[c]?.includes(prefix)) need.add(c);
    }
  }
  return CATALOG_ORDER.filter((c) => need.has(c));
}

/** Closest known key of a controller, for typo suggestions (within a third of the key's length). */
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(key, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const name = key.slice(key.indexOf('/') + 1);
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function defaultLevel(support: SupportLevel): FindingLevel {
  switch (support) {
    case 'full':
      return 'converted';
    case 'partial':
      return 'partial';
    case 'none':
      return 'unsupported';
    default:
      return 'ignored';
  }
}

/** Every finding of an Ingress shares one subject object (findings never modify it). */
const subjects = new WeakMap<Ingress, FindingSubject>();

export function findingSubject(ing: Ingress): FindingSubject {
  let s = subjects.get(ing);
  if (!s) subjects.set(ing, (s = { namespace: ing.namespace, name: ing.name, file: ing.source.file, line: ing.source.line }));
  return s;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Build the context one rule sees for one Ingress. Exported for the RuleTester. */
export function createRuleContext(
  rule: Rule,
  ingress: Ingress,
  options: ConvertOptions,
  services: (ns: string, name: string) => Service | undefined,
  intents: IngressIntents,
  sink: (f: Finding) => void,
  configMaps: (ns: string, name: string) => ConfigMapObject | undefined = () => undefined,
): RuleContext {
  return new Context(rule, ingress, options, services, intents, sink, configMaps);
}

/**
 * One object per rule run with its methods on the prototype (no closures per run); the owned keys
 * present on the Ingress are computed only when a rule asks for them.
 */
class Context implements RuleContext {
  private present: readonly string[] | undefined;
  constructor(
    private readonly rule: Rule,
    readonly ingress: Ingress,
    readonly options: ConvertOptions,
    private readonly services: (ns: string, name: string) => Service | undefined,
    readonly intents: IngressIntents,
    private readonly sink: (f: Finding) => void,
    private readonly configMaps: (ns: string, name: string) => ConfigMapObject | undefined,
  ) {}

  service(namespace: string, name: string): Service | undefined {
    return this.services(namespace, name);
  }

  configMap(namespace: string, name: string): ConfigMapObject | undefined {
    return this.configMaps(namespace, name);
  }

  private annotationOf(key: string) {
    for (const a of this.ingress.annotations) if (a.key === key) return a;
    return undefined;
  }

  get(key: string): string | undefined {
    return this.annotationOf(key)?.value;
  }

  has(key: string): boolean {
    return this.annotationOf(key) !== undefined;
  }

  get presentKeys(): readonly string[] {
    if (!this.present) {
      const owned = ownedKeysOf(this.rule);
      const keys: string[] = [];
      for (const a of this.ingress.annotations) if (owned.has(a.key)) keys.push(a.key);
      this.present = keys;
    }
    return this.present;
  }

  report(f: FindingInput): void {
    const a = this.annotationOf(f.key);
    // Property order as it always was: ingress, key, level, message, advice?, istio, rule, source, tags?, data?
    // Tags are in the literal rather than added afterwards (that would give each finding a separate
    // property array).
    const subject = findingSubject(this.ingress);
    const istio = f.istio ? [...f.istio] : [];
    const source = a?.source ?? this.ingress.source;
    const rule = this.rule.meta.id;
    const tags = f.tags?.length ? [...f.tags] : undefined;
    const out: Finding = f.advice
      ? tags
        ? { ingress: subject, key: f.key, level: f.level, message: f.message, advice: f.advice, istio, rule, source, tags }
        : { ingress: subject, key: f.key, level: f.level, message: f.message, advice: f.advice, istio, rule, source }
      : tags
        ? { ingress: subject, key: f.key, level: f.level, message: f.message, istio, rule, source, tags }
        : { ingress: subject, key: f.key, level: f.level, message: f.message, istio, rule, source };
    if (f.data) out.data = { ...f.data };
    this.sink(out);
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    const t = v.trim();
    if (TRUE.has(t)) return true;
    if (FALSE.has(t)) return false;
    this.report({ key, level: 'error', message: `"${v}" is not a boolean; the controller ignores the annotation`, advice: 'Use "true" or "false".' });
    return undefined;
  }

  int(key: string, min?: number, max?: number): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    const t = v.trim();
    if (!/^[-+]?\d+$/.test(t)) {
      this.report({ key, level: 'error', message: `"${v}" is not an integer; the controller ignores the annotation` });
      return undefined;
    }
    const n = Number(t);
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      this.report({ key, level: 'error', message: `${n} is out of range (${min ?? '-∞'}..${max ?? '∞'}); the controller ignores the annotation` });
      return undefined;
    }
    return n;
  }
}

export interface RuleRun {
  intents: IngressIntents;
  findings: Finding[];
  /** Number of rule invocations (for the linear-growth regression test). */
  evaluations: number;
}

/** Apply the owning controller's rules to one Ingress and report every annotation. */
export function runRules(
  ingress: Ingress,
  options: ConvertOptions,
  services: (ns: string, name: string) => Service | undefined,
  ruleSet?: RuleSet,
  configMaps?: (ns: string, name: string) => ConfigMapObject | undefined,
): RuleRun {
  const index = ruleIndex(ruleSet);
  const intents = emptyIntents();
  const findings: Finding[] = [];
  const sink = (f: Finding) => findings.push(f);
  const controller = ingress.owner.controller;
  const own = index.byController.get(controller);
  let evaluations = 0;

  // Group present annotations by owning rule; report the rest.
  const byRule = new Map<Rule, KeyMeta[]>();
  const pats = index.patterns.get(controller) ?? [];
  const lookup = (key: string) => {
    const exact = own?.get(key);
    if (exact && !exact.meta.key.includes('*')) return exact;
    for (const p of pats) if (p.re.test(key)) return { rule: p.rule, meta: { ...p.meta, key } };
    return undefined;
  };
  for (const a of ingress.annotations) {
    const hit = lookup(a.key);
    if (hit && hit.meta.on === 'service') {
      findings.push({
        ingress: findingSubject(ingress),
        key: a.key,
        level: 'ignored',
        message: 'the controller reads this key from the backend Service, not from the Ingress; here it had no effect',
        advice: 'Move it to the Service if it was meant to apply.',
        istio: [],
        rule: hit.rule.meta.id,
        source: a.source,
      });
      continue;
    }
    if (hit) {
      const list = byRule.get(hit.rule) ?? [];
      list.push(hit.meta);
      byRule.set(hit.rule, list);
      continue;
    }
    findings.push(unownedFinding(ingress, a.key, index, a.source));
  }

  // Rules that read annotations of the backend Services (Contour, HAProxy) run when one of the
  // Ingress's Services carries one of their keys; those keys must get a finding too.
  const svcKeys = index.serviceKeys.get(controller);
  const serviceKeysOf = new Map<Rule, KeyMeta[]>();
  if (svcKeys?.size) {
    const seenSvc = new Set<string>();
    const backends = [...ingress.rules.flatMap((r) => r.paths.map((p) => p.backend)), ...(ingress.defaultBackend ? [ingress.defaultBackend] : [])];
    for (const b of backends) {
      if (b.kind !== 'service' || seenSvc.has(b.service)) continue;
      seenSvc.add(b.service);
      const svc = services(ingress.namespace, b.service);
      for (const key of Object.keys(svc?.annotations ?? {}).sort()) {
        const hit = svcKeys.get(key) ?? pats.find((p) => p.meta.on === 'service' && p.re.test(key));
        if (!hit) continue;
        const list = serviceKeysOf.get(hit.rule) ?? [];
        if (!list.some((k) => k.key === key)) list.push({ ...hit.meta, key });
        serviceKeysOf.set(hit.rule, list);
        if (!byRule.has(hit.rule)) byRule.set(hit.rule, []);
      }
    }
  }

  // Rules run in catalog order (deterministic), each once.
  for (const rule of index.orderByController.get(controller) ?? []) {
    const keys = byRule.get(rule);
    if (!keys) continue;
    evaluations++;
    const before = findings.length;
    const ctx = createRuleContext(rule, ingress, options, services, intents, sink, configMaps);
    try {
      rule.create(ctx);
    } catch (err) {
      findings.push({
        ingress: findingSubject(ingress),
        key: (keys[0] ?? serviceKeysOf.get(rule)?.[0])?.key ?? rule.meta.id,
        level: 'error',
        message: `internal error in rule ${rule.meta.id}: ${err instanceof Error ? err.message : String(err)} (please report this bug); the annotations of this rule were not converted`,
        istio: [],
        rule: rule.meta.id,
        source: ingress.source,
      });
    }
    const after = findings.length;
    const reported = (key: string) => {
      for (let i = before; i < after; i++) if (findings[i]!.key === key) return true;
      return false;
    };
    const svcOwned = serviceKeysOf.get(rule);
    for (const km of svcOwned?.length ? [...keys, ...svcOwned] : keys) {
      if (reported(km.key)) continue;
      const level = km.status === 'removed' ? 'ignored' : defaultLevel(km.support);
      const a = ingress.annotations.find((x) => x.key === km.key);
      findings.push({
        ingress: findingSubject(ingress),
        key: km.key,
        level,
        message: defaultMessage(km, level),
        advice: km.advice,
        istio: [],
        rule: rule.meta.id,
        source: a?.source ?? ingress.source,
      });
    }
  }
  return { intents, findings, evaluations };
}

/** The default finding's message of a key (the same text for every Ingress: built once per key). */
const defaultMessages = new WeakMap<KeyMeta, string>();
function defaultMessage(km: KeyMeta, level: FindingLevel): string {
  let m = defaultMessages.get(km);
  if (m === undefined) {
    m =
      km.status === 'removed'
        ? `removed${km.removedIn ? ` in ${km.removedIn}` : ''}; it had no effect on the live controller`
        : `${level === 'converted' ? 'converted to' : level === 'ignored' ? 'not applicable to Istio; nearest target' : 'Istio target'} ${km.istio}`;
    defaultMessages.set(km, m);
  }
  return m;
}

function unownedFinding(ingress: Ingress, key: string, index: RuleIndex, source: Finding['source']): Finding {
  const base = { ingress: findingSubject(ingress), key, istio: [] as string[], rule: 'core', source };
  for (const [re, why] of TOOLING) {
    if (re.test(key)) return { ...base, level: 'ignored', message: why };
  }
  const owner = ingress.owner.controller;
  const ownedByOthers = (index.owners.get(key) ?? []).filter((c) => c !== owner);
  const vendor = VENDOR_PREFIXES.find(([re]) => re.test(key));
  if (owner === 'haproxytech' && (!vendor || vendor[1] !== owner)) {
    // haproxytech up to 3.1 stripped any `prefix/` and read the rest as its own key.
    const name = key.slice(key.indexOf('/') + 1);
    const own = index.byController.get('haproxytech');
    const match = own && [...own.keys()].find((k) => k.slice(k.indexOf('/') + 1) === name);
    if (match) {
      return {
        ...base,
        level: 'partial',
        message: `haproxytech up to 3.1 stripped any prefix and applied this as ${match}; 3.2 and later ignore it. Not converted: the conversion follows 3.2`,
        advice: `If the controller ran 3.1 or older, rename it to ${match} so it is converted.`,
        tags: ['version-dependent', 'behaviour-change'],
        data: { suggestion: match },
      };
    }
  }
  if (vendor && vendor[1] !== owner) {
    return {
      ...base,
      level: 'ignored',
      message: `annotation of ${vendor[2]}, but this Ingress is owned by ${owner} (${ingress.owner.reason}); ${vendor[2]} never applied it`,
      advice: `If ${vendor[2]} really serves this Ingress, run again with --controller ${vendor[1]}.`,
      tags: ['foreign-controller'],
    };
  }
  if (ownedByOthers.length && !vendor) {
    return {
      ...base,
      level: 'ignored',
      message: `key of ${ownedByOthers.join(', ')}, but this Ingress is owned by ${owner} (${ingress.owner.reason})`,
      advice: `If another controller serves this Ingress, run again with --controller.`,
      tags: ['foreign-controller'],
    };
  }
  if (vendor && vendor[1] === owner) {
    const known = index.byController.get(owner);
    const guess = known ? closestKey(key, known.keys()) : undefined;
    return {
      ...base,
      level: 'unsupported',
      message: `unknown ${vendor[2]} annotation${guess ? `; did you mean ${guess}?` : ''}; the controller ignores unknown keys, so it had no effect`,
      advice: guess ? `Check the spelling: ${guess}.` : 'Remove it, or check the controller documentation.',
      tags: ['unknown-annotation'],
      ...(guess ? { data: { suggestion: guess } } : {}),
    };
  }
  const foreign = FOREIGN_PREFIXES.find(([re]) => re.test(key));
  if (foreign) {
    return {
      ...base,
      level: 'unsupported',
      message: `annotation of ${foreign[1]}; ingress2istio does not interpret it`,
      advice: 'Check what it did and configure the Istio equivalent by hand.',
      tags: ['foreign-controller'],
    };
  }
  return {
    ...base,
    level: 'unsupported',
    message: 'unknown annotation; ingress2istio does not know what it does, so it was not converted',
    advice: 'Check which tool reads it; if it changed routing, configure the Istio equivalent by hand.',
    tags: ['unknown-annotation'],
  };
}
