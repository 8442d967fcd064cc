/**
 * Minimal RuleContext for the vendor rule tests, until the shared RuleTester (rules/testing/) is there.
 * Builds a normalized Ingress from a compact description and runs one rule on it.
 */
import type { ControllerId, Ingress, IngressPath, PathType, Service } from '../../src/model/ingress.js';
import { emptyIntents, type IngressIntents } from '../../src/model/intents.js';
import { defaultOptions, type ConvertOptions } from '../../src/model/options.js';
import type { FindingInput, Rule, RuleContext } from '../../rules/types.js';
import { keyMatches } from '../../rules/common/meta.js';

const src = { file: 'test.yaml', line: 1 };

export interface IngressSpec {
  name?: string;
  namespace?: string;
  controller?: ControllerId;
  annotations?: Record<string, string>;
  /** host → paths (`/p` = Prefix, `=/p` = Exact, `~/p` = ImplementationSpecific); service defaults to `svc:80`. */
  rules?: Array<{ host?: string; paths: Array<string | { path: string; type?: PathType; service?: string; port?: number | string }> }>;
  tls?: Array<{ hosts: string[]; secretName?: string }>;
  creationTimestamp?: string;
}

export function ingress(spec: IngressSpec = {}): Ingress {
  const toPath = (x: string | { path: string; type?: PathType; service?: string; port?: number | string }): IngressPath => {
    const o = typeof x === 'string' ? { path: x } : x;
    let path = o.path;
    let pathType: PathType = o.type ?? 'Prefix';
    if (typeof x === 'string' && path.startsWith('=')) [path, pathType] = [path.slice(1), 'Exact'];
    else if (typeof x === 'string' && path.startsWith('~')) [path, pathType] = [path.slice(1), 'ImplementationSpecific'];
    const port = o.port ?? 80;
    return { path, pathType, pathTypeExplicit: true, backend: { kind: 'service', service: o.service ?? 'svc', port: typeof port === 'number' ? { number: port } : { name: port }, source: src }, source: src };
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    namespace: spec.namespace ?? 'default',
    name: spec.name ?? 'web',
    creationTimestamp: spec.creationTimestamp,
    annotations: Object.entries(spec.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value, source: src })),
    labels: {},
    rules: (spec.rules ?? [{ host: 'example.com', paths: ['/'] }]).map((r) => ({ host: r.host, paths: r.paths.map(toPath), source: src })),
    tls: (spec.tls ?? []).map((t) => ({ ...t, source: src })),
    owner: { controller: spec.controller ?? 'other', reason: 'test' },
    source: src,
    order: 0,
  };
}

export function service(name: string, annotations: Record<string, string>, ports: Array<{ name?: string; port: number }> = [{ name: 'http', port: 80 }], namespace = 'default'): Service {
  return { namespace, name, ports, annotations, source: src };
}

export interface RunResult {
  findings: FindingInput[];
  intents: IngressIntents;
  /** Finding of one key (the only one; fails the lookup when there are several). */
  finding(key: string): FindingInput | undefined;
}

export function run(rule: Rule, ing: Ingress, opts: { options?: Partial<ConvertOptions>; services?: Service[] } = {}): RunResult {
  const findings: FindingInput[] = [];
  const intents = emptyIntents();
  const options = defaultOptions(opts.options);
  const ann = new Map(ing.annotations.map((a) => [a.key, a.value]));
  const owned = rule.meta.keys.map((k) => k.key);
  const presentKeys = ing.annotations.map((a) => a.key).filter((k) => owned.some((o) => keyMatches(o, k))).sort();
  const ctx: RuleContext = {
    ingress: ing,
    options,
    service: (ns, name) => opts.services?.find((s) => s.namespace === ns && s.name === name),
    get: (k) => ann.get(k),
    has: (k) => ann.has(k),
    presentKeys,
    report: (f) => findings.push(f),
    intents,
    bool(k) {
      const v = ann.get(k);
      if (v === undefined) return undefined;
      if (v === 'true') return true;
      if (v === 'false') return false;
      findings.push({ key: k, level: 'error', message: `not a boolean: ${JSON.stringify(v)}` });
      return undefined;
    },
    int(k, min, max) {
      const v = ann.get(k);
      if (v === undefined) return undefined;
      const n = /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (Number.isNaN(n) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
        findings.push({ key: k, level: 'error', message: `not an integer in range: ${JSON.stringify(v)}` });
        return undefined;
      }
      return n;
    },
  };
  rule.create(ctx);
  return {
    findings,
    intents,
    finding(key) {
      const fs = findings.filter((f) => f.key === key);
      if (fs.length > 1) throw new Error(`${fs.length} findings for ${key}: ${fs.map((f) => f.message).join(' | ')}`);
      return fs[0];
    },
  };
}
