/**
 * Shared pieces of the ingress-nginx rules: key metadata builders, value parsers that follow
 * ingress-nginx's own parsing (Go strconv), the Ingress scope (hosts, paths, backends) and the
 * builders of the few Istio objects the rules create themselves.
 */
import { createHash } from 'node:crypto';
import type { FindingInput, KeyMeta, KeyStatus, Rule, RuleContext, SupportLevel } from '../types.js';
import type { FindingLevel } from '../../src/model/findings.js';
import type { IngressPath, ServiceBackend } from '../../src/model/ingress.js';
import type { AuthorizationPolicySpec, EnvoyFilterSpec, IstioResource, ObjectMeta } from '../../src/istio/types.js';

export const PREFIX = 'nginx.ingress.kubernetes.io/';
export const DOCS = 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/';

/** Full key of an ingress-nginx annotation. */
export function k(name: string): string {
  let full = fullKeys.get(name);
  if (full === undefined) fullKeys.set(name, (full = name.includes('/') ? name : `${PREFIX}${name}`));
  return full;
}
/** Full keys by name: rules ask for the same few dozen keys for every Ingress. */
const fullKeys = new Map<string, string>();

export interface KeyOpts {
  status?: KeyStatus;
  removedIn?: string;
  /** Anchor in the annotations page, or a full URL. */
  docs?: string;
}

export function key(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta {
  const m: KeyMeta = { key: k(name), support, istio, advice };
  if (opts.status) m.status = opts.status;
  if (opts.removedIn) m.removedIn = opts.removedIn;
  if (opts.docs !== undefined) m.docs = /^https?:\/\//.test(opts.docs) ? opts.docs : `${DOCS}#${opts.docs}`;
  return m;
}

// ---------------------------------------------------------------------------------------------
// Reporting

export interface ReportOpts {
  advice?: string;
  tags?: string[];
  data?: Record<string, string>;
  istio?: string[];
}

export function report(ctx: RuleContext, name: string, level: FindingLevel, message: string, opts: ReportOpts = {}): void {
  const f: FindingInput = { key: k(name), level, message };
  if (opts.advice) f.advice = opts.advice;
  if (opts.tags?.length) f.tags = sortedTags(opts.tags); // ctx.report copies it
  if (opts.data) f.data = opts.data;
  if (opts.istio?.length) f.istio = opts.istio;
  ctx.report(f);
}

/** The tags in sort order: the list itself when it already is (call sites mostly write them sorted). */
function sortedTags(tags: string[]): string[] {
  for (let i = 1; i < tags.length; i++) if (tags[i - 1]! > tags[i]!) return [...tags].sort();
  return tags;
}

/** Report every present key of `names` as ignored with the same reason (companion missing, overridden…). */
export function ignoreAll(ctx: RuleContext, names: readonly string[], reason: string, opts: ReportOpts = {}): void {
  for (const n of names) if (ctx.has(k(n))) report(ctx, n, 'ignored', reason, opts);
}

/** Truncated, single-line rendering of a value for messages. */
export function show(v: string, max = 80): string {
  const one = v.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

// ---------------------------------------------------------------------------------------------
// Values, parsed as ingress-nginx parses them

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go strconv.ParseBool (no trimming, like ingress-nginx's parser.GetBoolAnnotation). */
export function goBool(v: string): boolean | undefined {
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/** Go strconv.Atoi. */
export function goInt(v: string): number | undefined {
  if (!/^[+-]?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Read a bool annotation. Absent → undefined. Invalid → `error` finding naming the fallback the
 * controller uses, and the fallback is returned.
 */
export function readBool(ctx: RuleContext, name: string, fallback: boolean): boolean | undefined {
  const v = ctx.get(k(name));
  if (v === undefined) return undefined;
  const b = goBool(v);
  if (b !== undefined) return b;
  report(ctx, name, 'error', `"${show(v)}" is not a boolean (Go strconv.ParseBool); ingress-nginx ignores it and uses the default (${fallback})`, {
    advice: 'Use "true" or "false".',
  });
  return fallback;
}

/** Read an int annotation; invalid → `error` finding and undefined (the caller applies the default). */
export function readInt(ctx: RuleContext, name: string, defaultText: string, min?: number): number | undefined {
  const v = ctx.get(k(name));
  if (v === undefined) return undefined;
  const n = goInt(v);
  if (n === undefined || (min !== undefined && n < min)) {
    report(ctx, name, 'error', `"${show(v)}" is not ${min !== undefined && n !== undefined ? `an integer ≥ ${min}` : 'an integer'}; ingress-nginx ignores it and uses the default (${defaultText})`, {
      advice: 'Use a plain integer.',
    });
    return undefined;
  }
  return n;
}

/** Split a comma-separated list, trimming blanks, dropping empty items. */
export function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** nginx size (`10`, `8k`, `1m`, `1g`) in bytes; undefined when invalid. */
export function nginxSize(v: string): number | undefined {
  const m = /^(\d+)([bkmgBKMG]?)$/.exec(v.trim());
  if (!m) return undefined;
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase()]!;
  return Number(m[1]) * mult;
}

/** Parse an IPv4/IPv6 address or CIDR like Go net.ParseCIDR/ParseIP; returns the canonical text. */
export function parseCidr(s: string): string | undefined {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || ip === undefined) return undefined;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const isV6 = !v4 && /^[0-9a-fA-F:.]+$/.test(ip) && ip.includes(':') && validV6(ip);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return undefined;
  } else if (!isV6) return undefined;
  if (bits === undefined) return ip;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > (v4 ? 32 : 128)) return undefined;
  return `${ip}/${Number(bits)}`;
}

function validV6(ip: string): boolean {
  const dbl = ip.split('::');
  if (dbl.length > 2) return false;
  const groups = ip.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4tail = last.includes('.');
  if (v4tail && !/^(\d{1,3}\.){3}\d{1,3}$/.test(last)) return false;
  const hexGroups = v4tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (v4tail ? 2 : 0);
  return dbl.length === 2 ? count < 8 : count === 8;
}

/** A comma-separated CIDR list; invalid entries are returned separately. */
export function cidrList(v: string): { cidrs: string[]; invalid: string[] } {
  const cidrs: string[] = [];
  const invalid: string[] = [];
  for (const item of list(v)) {
    const c = parseCidr(item);
    if (c) cidrs.push(c);
    else invalid.push(item);
  }
  return { cidrs, invalid };
}

// ---------------------------------------------------------------------------------------------
// Ingress scope

/** Hosts of the Ingress rules, sorted; `undefined` member stands for a rule without host. */
export function ingressHosts(ctx: RuleContext): string[] {
  const hosts = new Set<string>();
  for (const r of ctx.ingress.rules) if (r.host) hosts.add(r.host);
  return [...hosts].sort();
}

export function hasCatchAll(ctx: RuleContext): boolean {
  return ctx.ingress.rules.some((r) => !r.host) || (ctx.ingress.rules.length === 0 && ctx.ingress.defaultBackend !== undefined);
}

/** All paths of the Ingress (a new array). */
export function ingressPaths(ctx: RuleContext): IngressPath[] {
  const out: IngressPath[] = [];
  for (const r of ctx.ingress.rules) for (const p of r.paths) out.push(p);
  return out;
}

export interface BackendRef {
  service: string;
  port?: number;
  /** The Service port as written (number or name), for messages. */
  portText: string;
  /** True when the port name could not be resolved through the Service. */
  unresolved?: boolean;
}

/** Service backends of the Ingress (paths and default backend), unique, sorted by service then port. */
export function serviceBackends(ctx: RuleContext): BackendRef[] {
  const seen = new Map<string, BackendRef>();
  const all: ServiceBackend[] = [];
  for (const p of ingressPaths(ctx)) if (p.backend.kind === 'service') all.push(p.backend);
  if (ctx.ingress.defaultBackend?.kind === 'service') all.push(ctx.ingress.defaultBackend);
  for (const b of all) {
    let port = b.port.number;
    let unresolved = false;
    if (port === undefined && b.port.name !== undefined) {
      const svc = ctx.service(ctx.ingress.namespace, b.service);
      port = svc?.ports.find((p) => p.name === b.port.name)?.port;
      unresolved = port === undefined;
    }
    const portText = b.port.number !== undefined ? String(b.port.number) : (b.port.name ?? '');
    const id = `${b.service}\u0000${port ?? portText}`;
    if (!seen.has(id)) seen.set(id, { service: b.service, ...(port !== undefined ? { port } : {}), portText, ...(unresolved ? { unresolved } : {}) });
  }
  return [...seen.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : (a.port ?? 0) - (b.port ?? 0)));
}

export function backendList(b: BackendRef[]): string {
  return b.map((x) => (x.portText ? `${x.service}:${x.portText}` : x.service)).join(', ');
}

/** True when the Ingress switches its host to nginx regex mode itself (use-regex or rewrite-target). */
export function selfRegexMode(ctx: RuleContext): boolean {
  if (goBool(ctx.get(k('use-regex')) ?? '') === true) return true;
  const t = ctx.get(k('rewrite-target'));
  return t !== undefined && t !== '' && ingressPaths(ctx).some((p) => p.path !== t);
}

const CANARY = `${PREFIX}canary`;
const SSL_PASSTHROUGH = `${PREFIX}ssl-passthrough`;

export function isCanary(ctx: RuleContext): boolean {
  return goBool(ctx.get(CANARY) ?? '') === true;
}

// ---------------------------------------------------------------------------------------------
// Objects the rules create

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const SOURCE_ANNOTATION = 'ingress2istio.io/source';

/**
 * DNS-1123 name (≤ 63 chars) for an object made for one Ingress. Namespace and name are both in
 * it, separated so that `a-b/c` and `a/b-c` never collide (a hash is appended whenever the plain
 * join would be ambiguous, lossy or too long).
 */
export function objectName(ctx: RuleContext, purpose: string): string {
  const { namespace, name } = ctx.ingress;
  const raw = `${namespace}-${name}-${purpose}`;
  const clean = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const ambiguous = namespace.includes('-') || clean !== raw;
  if (!ambiguous && clean.length <= 63) return clean;
  const hash = createHash('sha256').update(`${namespace}/${name}/${purpose}`).digest('hex').slice(0, 8);
  return `${clean.slice(0, 63 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

export function objectMeta(ctx: RuleContext, name: string): ObjectMeta {
  return {
    name,
    namespace: ctx.options.gatewayNamespace,
    labels: { [MANAGED_BY_LABEL]: 'ingress2istio' },
    annotations: { [SOURCE_ANNOTATION]: `${ctx.ingress.namespace}/${ctx.ingress.name}` },
  };
}

export function securityApiVersion(ctx: RuleContext): string {
  return ctx.options.apiVersion === 'v1' ? 'security.istio.io/v1' : 'security.istio.io/v1beta1';
}

export function authorizationPolicy(ctx: RuleContext, purpose: string, spec: AuthorizationPolicySpec): IstioResource<'AuthorizationPolicy', AuthorizationPolicySpec> {
  return {
    apiVersion: securityApiVersion(ctx),
    kind: 'AuthorizationPolicy',
    metadata: objectMeta(ctx, objectName(ctx, purpose)),
    spec: { selector: { matchLabels: { ...ctx.options.gatewaySelector } }, ...spec },
  };
}

export function envoyFilter(ctx: RuleContext, name: string, spec: Omit<EnvoyFilterSpec, 'workloadSelector'>): IstioResource<'EnvoyFilter', EnvoyFilterSpec> {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: objectMeta(ctx, name),
    spec: { workloadSelector: { labels: { ...ctx.options.gatewaySelector } }, ...spec },
  };
}

export function refOf(r: IstioResource): string {
  return `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`;
}

/**
 * AuthorizationPolicy `to` scope of the Ingress: one entry per host with the paths nginx routes to
 * this Ingress. Paths are widened to the whole host when they cannot be expressed (regex mode):
 * for DENY and CUSTOM policies wider means stricter, never a bypass. What cannot be scoped without
 * covering every host of the shared gateway (a catch-all `/` rule, the default backend) is left
 * out and listed in `uncovered`: a policy on every host would lock out the other applications.
 */
export interface AuthzScope {
  to: Array<{ operation: { hosts?: string[]; paths?: string[] } }>;
  widened: string[];
  uncovered: string[];
}

export function authzScope(ctx: RuleContext): AuthzScope {
  const widened: string[] = [];
  const uncovered: string[] = [];
  const regex = selfRegexMode(ctx);
  if (regex) widened.push('the paths are nginx regexes (use-regex/rewrite-target), which AuthorizationPolicy paths cannot express, so the whole host is covered');
  if (ctx.ingress.defaultBackend) uncovered.push('the default backend (nginx catch-all server) is not covered: a policy for it would apply to every host of the gateway');
  // Group by host ('' = rule without host).
  const byHost = new Map<string, Set<string> | 'all'>();
  for (const r of ctx.ingress.rules) {
    const host = r.host ?? '';
    let cur = byHost.get(host) ?? new Set<string>();
    if (r.paths.length === 0) cur = 'all';
    for (const p of r.paths) {
      if (cur === 'all') break;
      if (regex || p.path === '/') {
        cur = 'all';
        break;
      }
      if (p.pathType === 'Exact') cur.add(p.path);
      else {
        const base = p.path.replace(/\/+$/, '');
        cur.add(base === '' ? '/' : base);
        cur.add(`${base}/*`);
      }
    }
    byHost.set(host, cur);
  }
  const to: AuthzScope['to'] = [];
  for (const host of [...byHost.keys()].sort()) {
    const paths = byHost.get(host)!;
    if (host === '') {
      if (paths === 'all') uncovered.push('the rule without host (nginx catch-all server) matches every path: a policy for it would apply to every host of the gateway');
      else {
        to.push({ operation: { paths: [...paths].sort() } });
        widened.push(`the rule without host is nginx's catch-all (only hosts no other server claims); the policy covers ${[...paths].sort().join(' ')} on every host of the gateway`);
      }
      continue;
    }
    const op: { hosts: string[]; paths?: string[] } = { hosts: [host, `${host}:*`] };
    if (paths !== 'all') op.paths = [...paths].sort();
    to.push({ operation: op });
  }
  return { to, widened, uncovered };
}

// ---------------------------------------------------------------------------------------------
// Rule definition

export interface NginxRuleDef extends Rule {
  /** Rules whose keys still apply on a canary Ingress (load-balance, upstream-hash-by, affinity). */
  appliesToCanary?: boolean;
  /** Rules whose keys still mean something on an ssl-passthrough Ingress (passthrough itself, class, removed). */
  appliesToPassthrough?: boolean;
}

/**
 * Define an ingress-nginx rule. On a canary Ingress nginx ignores every annotation except the
 * canary, load-balance, upstream-hash-by and affinity ones, and ssl-passthrough invalidates every
 * other annotation; this wrapper reports both for the rules concerned so that no rule repeats it.
 */
export function defineNginxRule(def: NginxRuleDef): Rule {
  const { appliesToCanary, appliesToPassthrough, ...rule } = def;
  return {
    meta: rule.meta,
    create(ctx) {
      // (ingressHosts(ctx).length > 0 without building the list.)
      if (!appliesToPassthrough && goBool(ctx.get(SSL_PASSTHROUGH) ?? '') === true && ctx.ingress.rules.some((r) => r.host)) {
        for (const key of ctx.presentKeys) {
          ctx.report({
            key,
            level: 'ignored',
            message: 'no effect: ssl-passthrough hands the TLS connection to the backend at layer 4, which invalidates every other annotation of the Ingress (ingress-nginx docs)',
          });
        }
        return;
      }
      if (!appliesToCanary && isCanary(ctx)) {
        for (const key of ctx.presentKeys) {
          ctx.report({
            key,
            level: 'ignored',
            message: 'ignored on a canary Ingress: nginx takes location settings from the primary Ingress (only canary-*, load-balance, upstream-hash-by and affinity annotations apply)',
            advice: 'Move the setting to the primary Ingress if it is wanted.',
          });
        }
        return;
      }
      rule.create(ctx);
    },
  };
}
