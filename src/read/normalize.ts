/**
 * Raw objects to the normalized model. Checks what the API server would check, reports each
 * problem as a located InputError, and keeps what is still convertible (a bad path is dropped,
 * not the whole Ingress). Nothing here throws for bad input.
 */
import type {
  Annotation,
  Backend,
  ConfigMapObject,
  ControllerId,
  Ingress,
  IngressClass,
  IngressPath,
  IngressRule,
  IngressTLS,
  Ownership,
  PathType,
  Service,
  ServicePort,
} from '../model/ingress.js';
import type { InputError, SourceRef } from '../model/source.js';
import type { Pos } from './locate.js';
import { DEFAULT_CLASS_ANNOTATION, decideOwner, effectiveClassName, ownershipKey } from './ownership.js';
import type { ParsedObject, TemplateHit } from './parse.js';
import type { InputSet, RawObject } from './types.js';
import { hostProblem, pathProblem, placeholderIn, portNameProblem, portNumberProblem, serviceNameProblem, tlsHostProblem, typeName } from './validate.js';

export interface NormalizeOptions {
  ingressClass?: string;
  controller?: ControllerId;
  nginxAnnotationPrefix?: string;
  /** Keep each Ingress's source text in InputSet.texts (default true; only the audit's HTML view shows it). */
  keepTexts?: boolean;
}

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io';
/** The Ingress apiVersions read, as constants (no pooled copy per Ingress). */
function ingressVersion(v: unknown): string | undefined {
  switch (v) {
    case 'networking.k8s.io/v1':
      return 'networking.k8s.io/v1';
    case 'networking.k8s.io/v1beta1':
      return 'networking.k8s.io/v1beta1';
    case 'extensions/v1beta1':
      return 'extensions/v1beta1';
    default:
      return undefined;
  }
}
const PATH_TYPES: readonly PathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];
const YAML11_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `spec.rules.0.http` -> `spec.rules[0].http` (annotation keys are written by the callers). */
function human(dotted: string): string {
  return dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * Copies of the strings the model keeps, one per distinct value. js-yaml returns long scalars as
 * slices of its own flat copy of the document text, so a kept slice would keep that whole copy
 * alive (about 1 KB per Ingress); a kept copy holds only its own characters, and repeated values
 * (namespaces, Services, annotation values, field paths) are shared.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  keep(s: string): string {
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    // V8 shares characters only for strings of 13 or more; `' ' + s` is flattened into a fresh
    // string by slice(), and the slice then points into that fresh string, not the document.
    const copy = s.length < 13 ? s : (' ' + s).slice(1);
    this.pool.set(copy, copy);
    return copy;
  }

  /** Field path of the annotation `key` (a kept key), one string per key. */
  annotationPath(key: string): string {
    let path = this.paths.get(key);
    if (path === undefined) this.paths.set(key, (path = this.keep(`metadata.annotations.${key}`)));
    return path;
  }

  /**
   * A copy of a string that is unique to one object (an Ingress's name, its creation time): the
   * same copy as keep() makes, without a pool entry that would never be shared.
   */
  own(s: string): string {
    return s.length < 13 ? s : (' ' + s).slice(1);
  }

  /** The string, kept, or undefined when the value is not a string. */
  str(v: unknown): string | undefined {
    return typeof v === 'string' ? this.keep(v) : undefined;
  }

  stringMap(v: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isObj(v)) return out;
    for (const [k, x] of Object.entries(v)) {
      const key = this.keep(k);
      if (x === null || x === undefined) out[key] = '';
      else if (typeof x === 'object') out[key] = JSON.stringify(x);
      else out[key] = this.keep(String(x));
    }
    return out;
  }
}

/** Wraps one raw object: positions, error reporting with the object's name, lazy field sources. */
class Located {
  readonly posOf: (path: string) => Pos | undefined;
  readonly templates: TemplateHit[];
  /** Lines that already carry an error naming a template (not reported twice). */
  private templateLinesSet: Set<number> | undefined;
  /** What LazySources keep: enough to locate a field, not the raw object. */
  private locatorCache: FileLocator | undefined;

  constructor(
    readonly raw: RawObject,
    public object: string | undefined,
    private readonly errors: InputError[],
    readonly strings: StringPool,
  ) {
    const p = raw as Partial<ParsedObject>;
    this.posOf =
      p.posOf ??
      ((path: string) => {
        const line = raw.lineOf?.(path);
        return line ? { line, column: 0 } : undefined;
      });
    this.templates = p.templates ?? [];
  }

  get file(): string {
    return this.raw.source.file;
  }

  /** Position of a field, or of its nearest located ancestor, or of the object. */
  nearest(path: string): Pos {
    return nearestPos({ posOf: this.posOf, start: { line: this.raw.source.line, column: this.raw.source.column ?? 0 } }, path);
  }

  sourceAt(pos: Pos): SourceRef {
    return pos.column ? { file: this.file, line: pos.line, column: pos.column } : { file: this.file, line: pos.line };
  }

  /**
   * A SourceRef whose line/column are computed on first read (see LazySource). `path` must be a
   * string the model may keep: one of the shared field paths below, or a kept one.
   */
  lazySource(path: string): SourceRef {
    this.locatorCache ??= { file: this.file, locator: (this.raw as Partial<ParsedObject>).locator ?? { posOf: this.posOf, start: { line: this.raw.source.line, column: this.raw.source.column ?? 0 } } };
    return new LazySource(this.locatorCache, path);
  }

  error(path: string, message: string, field = path ? human(path) : undefined): void {
    const pos = this.nearest(path);
    if (message.includes('unrendered Helm template')) (this.templateLinesSet ??= new Set()).add(pos.line);
    this.errors.push({ source: this.sourceAt(pos), ...(this.object ? { object: this.object } : {}), ...(field ? { field } : {}), message });
  }

  /** Error for a value of the wrong type; names a template when the field's line holds one. */
  typeError(path: string, expected: string, value: unknown, consequence: string, field?: string): void {
    const pos = this.nearest(path);
    const t = this.templates.find((h) => h.line === pos.line);
    if (t) this.error(path, `unrendered Helm template ${t.text}: render the chart first (helm template); ${consequence}`, field);
    else this.error(path, `${expected}, got ${typeName(value)}; ${consequence}`, field);
  }

  /** Templates the field checks did not already name. */
  reportLeftoverTemplates(): void {
    for (const t of this.templates) {
      const seen = (this.templateLinesSet ??= new Set());
      if (seen.has(t.line)) continue;
      seen.add(t.line);
      this.errors.push({
        source: { file: this.file, line: t.line, column: t.column },
        ...(this.object ? { object: this.object } : {}),
        message: `unrendered Helm template ${t.text}: render the chart first (helm template)`,
      });
    }
  }
}

/**
 * A SourceRef whose line and column are located on first read: locating a field scans the object's
 * text, which a run pays only for the fields a message or report actually shows. `line`/`column`
 * are prototype getters (fast to create), so read them by name; `toJSON` gives the plain form.
 */
export class LazySource implements SourceRef {
  /**
   * The object's locator until the first read, then the position found. Two fields in all: at 100k
   * Ingresses there are about a million of these.
   */
  private at: FileLocator | (Pos & { file: string });

  constructor(
    at: FileLocator,
    private readonly path: string,
  ) {
    this.at = at;
  }

  get file(): string {
    return this.at.file;
  }

  private resolve(): Pos {
    const at = this.at;
    if ('locator' in at) {
      const pos = nearestPos(at.locator, this.path);
      const found: Pos & { file: string } = { file: at.file, line: pos.line, column: pos.column };
      return (this.at = found);
    }
    return at;
  }

  get line(): number {
    return this.resolve().line;
  }

  get column(): number | undefined {
    return this.resolve().column || undefined;
  }

  toJSON(): SourceRef {
    const column = this.column;
    return column ? { file: this.file, line: this.line, column } : { file: this.file, line: this.line };
  }
}

/** What the LazySources of one object share: its file and how to locate its fields. */
interface FileLocator {
  file: string;
  locator: Locator;
}

interface Locator {
  posOf: (path: string) => Pos | undefined;
  start: Pos;
}

/** Position of a field, or of its nearest located ancestor, or of the object. */
function nearestPos(loc: Locator, path: string): Pos {
  let p = path;
  while (p !== '') {
    const pos = loc.posOf(p);
    if (pos) return pos;
    const dot = p.lastIndexOf('.');
    if (dot < 0) break;
    p = p.slice(0, dot);
  }
  return loc.start;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `uniqueName`: the name is not pooled (Ingress names are unique; Service names are shared with backends). */
function meta(obj: Obj, strings: StringPool, uniqueName = false): { name?: string; namespace: string; md: Obj } {
  const md = isObj(obj.metadata) ? obj.metadata : {};
  const ns = strings.str(md.namespace);
  const name = typeof md.name !== 'string' ? undefined : uniqueName ? strings.own(md.name) : strings.keep(md.name);
  return { name, namespace: ns ? ns : 'default', md };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Build the normalized input set from raw objects of any source. */
export function normalizeObjects(objects: RawObject[], opts: NormalizeOptions = {}): InputSet {
  const n = new Normalizer(opts);
  for (const raw of objects) n.add(raw);
  return n.finish();
}

interface PendingIngress {
  ing: Ingress;
  annotations: Map<string, string>;
  /** This Ingress's errors, kept apart until the class filter has decided whether it counts. */
  errors: InputError[];
  text?: string;
}

/**
 * Normalizes objects one at a time, so a reader can hand each parsed document over at once and
 * let the raw tree die young (cheap for the garbage collector). Ownership and the class filter
 * need every IngressClass of the input, so they are settled in finish().
 */
export class Normalizer {
  private readonly errors: InputError[] = [];
  private readonly kinds: Record<string, number> = {};
  private skipped = 0;
  private readonly seen = new Map<string, SourceRef>();
  private readonly classes = new Map<string, IngressClass>();
  private readonly services: Service[] = [];
  private readonly configMaps: ConfigMapObject[] = [];
  private readonly pending: PendingIngress[] = [];
  private readonly strings = new StringPool();

  constructor(private readonly opts: NormalizeOptions = {}) {}

  add(raw: RawObject): void {
    const errors = this.errors;
    const obj = raw.obj;
    const kind = obj.kind;
    if (typeof kind !== 'string' || kind === '') {
      const loc = new Located(raw, undefined, errors, this.strings);
      const { name, namespace } = meta(obj, this.strings);
      loc.object = name ? `object ${namespace}/${name}` : undefined;
      loc.error('kind', kind === undefined || kind === '' ? 'document has no kind; skipped' : `kind must be a string, got ${typeName(kind)}; skipped`, 'kind');
      return;
    }
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
    if (kind !== 'Ingress' && kind !== 'IngressClass' && kind !== 'Service' && kind !== 'ConfigMap') {
      this.skipped++;
      return;
    }
    const { name, namespace } = meta(obj, this.strings, kind === 'Ingress');
    const clusterScoped = kind === 'IngressClass';
    const ingErrors: InputError[] = kind === 'Ingress' ? [] : errors;
    const loc = new Located(raw, kind, ingErrors, this.strings);
    if (name === undefined || name === '') {
      loc.error('metadata.name', `${kind} has no metadata.name (or it is empty); skipped`, 'metadata.name');
      this.flush(ingErrors);
      return;
    }
    const id = clusterScoped ? name : `${namespace}/${name}`;
    loc.object = `${kind} ${id}`;
    if (!clusterScoped && (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
      const t = placeholderIn(namespace);
      loc.error(
        'metadata.namespace',
        `${t ? `${t}: ` : ''}namespace ${JSON.stringify(namespace)} is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63 characters); the API server rejects it, so the ${kind} is skipped`,
        'metadata.namespace',
      );
      this.flush(ingErrors);
      return;
    }
    const nameProblem = placeholderIn(name);
    if (nameProblem) loc.error('metadata.name', `${nameProblem}; read as is`);
    const key = `${kind}/${clusterScoped ? '' : namespace}/${name}`;
    const first = this.seen.get(key);
    if (first) {
      loc.error('', `duplicate ${kind} ${id} (first at ${first.file}:${first.line}); this one is ignored`);
      this.flush(ingErrors);
      return;
    }
    this.seen.set(key, raw.source);

    if (kind === 'Ingress') {
      const apiVersion = ingressVersion(obj.apiVersion);
      if (!apiVersion) {
        loc.error('apiVersion', `unsupported apiVersion ${JSON.stringify(obj.apiVersion ?? null)} for Ingress (expected networking.k8s.io/v1, networking.k8s.io/v1beta1 or extensions/v1beta1); skipped`, 'apiVersion');
        this.flush(ingErrors);
        return;
      }
      const annMap = new Map<string, string>();
      const annotations = readAnnotations(loc, this.opts.nginxAnnotationPrefix, annMap);
      const spec = isObj(obj.spec) ? obj.spec : undefined;
      let ingressClassName = spec ? this.strings.str(spec.ingressClassName) : undefined;
      if (spec && spec.ingressClassName !== undefined && spec.ingressClassName !== null && (ingressClassName === undefined || ingressClassName === '')) {
        loc.error('spec.ingressClassName', `spec.ingressClassName must be a non-empty string, got ${typeName(spec.ingressClassName)}; read as unset`);
        ingressClassName = undefined;
      }
      const ing = normalizeIngress(loc, name, namespace, apiVersion, annotations, ingressClassName, 0);
      loc.reportLeftoverTemplates();
      this.pending.push({ ing, annotations: annMap, errors: ingErrors, text: this.opts.keepTexts === false ? undefined : raw.text });
    } else if (kind === 'IngressClass') {
      const c = normalizeIngressClass(loc, name);
      if (c) this.classes.set(name, c);
    } else if (kind === 'Service') {
      this.services.push(normalizeService(loc, name, namespace));
    } else {
      this.configMaps.push({ namespace, name, data: this.strings.stringMap(obj.data), source: raw.source });
    }
  }

  private flush(errs: InputError[]): void {
    if (errs !== this.errors) for (const e of errs) this.errors.push(e);
  }

  finish(): InputSet {
    const { opts, classes } = this;
    const ingresses: Ingress[] = [];
    const texts = opts.keepTexts === false ? undefined : new Map<string, string>();
    let filtered = 0;
    // Ingresses that look the same to decideOwner share one Ownership (frozen: never modified).
    const owners = new Map<string, Ownership>();
    for (const p of this.pending) {
      const ownInput = { ingressClassName: p.ing.ingressClassName, annotations: p.annotations };
      if (opts.ingressClass !== undefined && effectiveClassName(ownInput, classes) !== opts.ingressClass) {
        filtered++;
        continue;
      }
      const ownKey = ownershipKey(ownInput);
      let owner = owners.get(ownKey);
      if (!owner) owners.set(ownKey, (owner = Object.freeze(decideOwner(ownInput, classes, opts.controller))));
      p.ing.owner = owner;
      p.ing.order = ingresses.length;
      ingresses.push(p.ing);
      this.flush(p.errors);
      if (texts && p.text !== undefined) texts.set(`${p.ing.namespace}/${p.ing.name}`, p.text);
    }
    return {
      ingresses,
      ingressClasses: [...classes.values()],
      services: this.services,
      configMaps: this.configMaps,
      errors: this.errors,
      stats: { files: 0, documents: 0, kinds: this.kinds, skipped: this.skipped, filtered },
      ...(texts ? { texts } : {}),
    };
  }
}

function normalizeIngressClass(loc: Located, name: string): IngressClass | undefined {
  const obj = loc.raw.obj;
  const spec = isObj(obj.spec) ? obj.spec : {};
  const controller = loc.strings.str(spec.controller);
  if (!controller) {
    loc.error('spec.controller', `IngressClass has no spec.controller; read as ""`);
  }
  const ann = isObj((obj.metadata as Obj | undefined)?.annotations) ? ((obj.metadata as Obj).annotations as Obj) : {};
  const def = ann[DEFAULT_CLASS_ANNOTATION];
  const c: IngressClass = { name, controller: controller ?? '', isDefault: def === 'true' || def === true, source: loc.raw.source };
  if (isObj(spec.parameters)) {
    const p = spec.parameters;
    const s = loc.strings;
    const kind = s.str(p.kind);
    const pname = s.str(p.name);
    if (kind && pname) {
      c.parameters = { kind, name: pname };
      if (str(p.apiGroup)) c.parameters.apiGroup = s.str(p.apiGroup);
      if (str(p.namespace)) c.parameters.namespace = s.str(p.namespace);
      if (str(p.scope)) c.parameters.scope = s.str(p.scope);
    }
  }
  return c;
}

function normalizeService(loc: Located, name: string, namespace: string): Service {
  const obj = loc.raw.obj;
  const spec = isObj(obj.spec) ? obj.spec : {};
  const ports: ServicePort[] = [];
  if (Array.isArray(spec.ports)) {
    spec.ports.forEach((p, i) => {
      const path = `spec.ports.${i}`;
      if (!isObj(p)) {
        loc.error(path, `Service port must be a mapping, got ${typeName(p)}; skipped`);
        return;
      }
      const bad = portNumberProblem(p.port, 'port');
      if (bad) {
        loc.error(`${path}.port`, `${bad}; Service port skipped`);
        return;
      }
      const sp: ServicePort = { port: p.port as number };
      const s = loc.strings;
      if (str(p.name)) sp.name = s.str(p.name);
      if (typeof p.targetPort === 'number') sp.targetPort = p.targetPort;
      else if (typeof p.targetPort === 'string') sp.targetPort = s.keep(p.targetPort);
      if (str(p.protocol)) sp.protocol = s.str(p.protocol);
      if (str(p.appProtocol)) sp.appProtocol = s.str(p.appProtocol);
      ports.push(sp);
    });
  }
  const md = isObj(obj.metadata) ? obj.metadata : {};
  return { namespace, name, ports, annotations: loc.strings.stringMap(md.annotations), source: loc.raw.source };
}

function annotationField(key: string): string {
  return `metadata.annotations[${JSON.stringify(key)}]`;
}

/** Annotations sorted by key; `values` receives key -> value. */
function readAnnotations(loc: Located, customPrefix: string | undefined, values: Map<string, string>): Annotation[] {
  const md = isObj(loc.raw.obj.metadata) ? loc.raw.obj.metadata : {};
  const raw = md.annotations;
  if (raw === undefined || raw === null) return [];
  if (!isObj(raw)) {
    loc.typeError('metadata.annotations', 'metadata.annotations must be a mapping', raw, 'annotations ignored');
    return [];
  }
  const lineText = (loc.raw as Partial<ParsedObject>).lineText;
  const rename = customPrefix && customPrefix !== NGINX_PREFIX ? `${customPrefix.replace(/\/+$/, '')}/` : undefined;
  const byKey = new Map<string, Annotation>();
  const out: Annotation[] = [];
  const strings = loc.strings;
  for (const rawKey of Object.keys(raw)) {
    const v = raw[rawKey];
    const key = strings.keep(rawKey);
    const path = strings.annotationPath(key);
    let value: string;
    if (typeof v === 'string') {
      value = v;
      if (lineText && YAML11_BOOLS.has(v)) {
        const pos = loc.posOf(path);
        // Only a plain (unquoted) scalar is a boolean to a YAML 1.1 reader.
        if (pos && new RegExp(`:[ \\t]+${v}[ \\t]*(#.*)?$`).test(lineText(pos.line))) {
          loc.error(path, `unquoted ${v} is a boolean to kubectl (YAML 1.1) and the API server rejects non-string annotation values; quote it. Read as the string ${JSON.stringify(v)}`, annotationField(key));
        }
      }
    } else if (v === null || v === undefined) {
      value = '';
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      value = String(v);
      loc.error(path, `annotation value must be a string, got ${typeName(v)}: the API server rejects it; quote it. Read as ${JSON.stringify(value)}`, annotationField(key));
    } else {
      loc.typeError(path, 'annotation value must be a string', v, 'annotation ignored', annotationField(key));
      continue;
    }
    if (value.includes('{{')) {
      const ph = placeholderIn(value);
      if (ph) loc.error(path, ph, annotationField(key));
    }
    const outKey = rename && key.startsWith(rename) ? strings.keep(`${NGINX_PREFIX}/${key.slice(rename.length)}`) : key;
    value = strings.keep(value);
    if (!rename) {
      // Keys of one mapping are unique: no collisions to settle.
      out.push({ key: outKey, value, source: loc.lazySource(path) });
      continue;
    }
    const existing = byKey.get(outKey);
    if (existing) {
      // Only possible with a custom prefix: `<custom>/x` and `nginx.ingress.kubernetes.io/x` both present.
      const keepRenamed = rename !== undefined && key.startsWith(rename);
      const customKey = `${rename}${outKey.slice(NGINX_PREFIX.length + 1)}`;
      loc.error(path, `${customKey} and ${outKey} both set; ingress-nginx with --annotations-prefix ${customPrefix} reads only ${rename}*: ${outKey} ignored`, annotationField(key));
      if (!keepRenamed) continue;
    }
    byKey.set(outKey, { key: outKey, value, source: loc.lazySource(path) });
  }
  for (const a of byKey.values()) out.push(a);
  out.sort((a, b) => cmp(a.key, b.key));
  for (const a of out) values.set(a.key, a.value);
  return out;
}

/**
 * Field paths of list entries (`spec.rules.0`, `spec.rules.0.http.paths.1`, ...) are the same in
 * every Ingress: built once per position and shared, since lazy sources keep them. Building and
 * pooling a fresh string per field was a good part of the normalizer's time. Positions past
 * SHARED_POSITIONS are built and pooled per object.
 */
const SHARED_POSITIONS = 64;
const sharedRulePaths: string[] = [];
const sharedTlsPaths: string[] = [];
interface PathFieldPaths {
  path: string;
  backend: string;
}
const sharedPathPaths: PathFieldPaths[][] = [];
const DEFAULT_BACKEND_PATHS = { backend: 'spec.backend', defaultBackend: 'spec.defaultBackend' } as const;

function listEntryPath(shared: string[], list: string, i: number, strings: StringPool): string {
  if (i >= SHARED_POSITIONS) return strings.keep(`${list}.${i}`);
  return (shared[i] ??= `${list}.${i}`);
}

function pathFieldPaths(i: number, j: number, rulePath: string, strings: StringPool): PathFieldPaths {
  const row = i < SHARED_POSITIONS && j < SHARED_POSITIONS ? (sharedPathPaths[i] ??= []) : undefined;
  const hit = row?.[j];
  if (hit) return hit;
  const path = `${rulePath}.http.paths.${j}`;
  const made = { path: strings.keep(path), backend: strings.keep(`${path}.backend`) };
  if (row) row[j] = made;
  return made;
}

function normalizeIngress(loc: Located, name: string, namespace: string, apiVersion: string, annotations: Annotation[], ingressClassName: string | undefined, order: number): Ingress {
  const obj = loc.raw.obj;
  const legacy = apiVersion !== 'networking.k8s.io/v1';
  const md = isObj(obj.metadata) ? obj.metadata : {};
  const ing: Ingress = {
    apiVersion,
    namespace,
    name,
    annotations,
    labels: loc.strings.stringMap(md.labels),
    rules: [],
    tls: [],
    owner: { controller: 'unknown', reason: '' },
    source: loc.raw.source,
    order,
  };
  const ts = md.creationTimestamp;
  if (typeof ts === 'string' && ts) ing.creationTimestamp = loc.strings.own(ts);
  if (ingressClassName) ing.ingressClassName = ingressClassName;

  const spec = obj.spec;
  if (spec === undefined || spec === null) {
    loc.error('spec', 'Ingress has no spec: it routes nothing', 'spec');
    return ing;
  }
  if (!isObj(spec)) {
    loc.typeError('spec', 'spec must be a mapping', spec, 'it routes nothing');
    return ing;
  }

  // Default backend: v1 `defaultBackend`, legacy `backend`.
  const dbKey = legacy ? (spec.backend !== undefined ? 'backend' : 'defaultBackend') : spec.defaultBackend !== undefined ? 'defaultBackend' : 'backend';
  const db = spec[dbKey];
  if (db !== undefined && db !== null) {
    if (!legacy && dbKey === 'backend') loc.error('spec.backend', 'spec.backend is the networking.k8s.io/v1beta1 name; networking.k8s.io/v1 calls it spec.defaultBackend. Read as the default backend');
    const b = readBackend(loc, DEFAULT_BACKEND_PATHS[dbKey], db, legacy, 'default backend dropped');
    if (b) ing.defaultBackend = b;
  }

  const rules = spec.rules;
  if (rules !== undefined && rules !== null) {
    if (!Array.isArray(rules)) loc.typeError('spec.rules', 'spec.rules must be a list', rules, 'rules ignored');
    else {
      for (let i = 0; i < rules.length; i++) {
        const rule = readRule(loc, i, rules[i], legacy);
        if (rule) ing.rules.push(rule);
      }
    }
  }
  const hadRules = Array.isArray(rules) && rules.length > 0;
  if (!hadRules && (db === undefined || db === null)) {
    loc.error('spec', 'Ingress has neither rules nor a defaultBackend: it routes nothing', 'spec');
  }

  const tls = spec.tls;
  if (tls !== undefined && tls !== null) {
    if (!Array.isArray(tls)) loc.typeError('spec.tls', 'spec.tls must be a list', tls, 'TLS ignored');
    else {
      for (let k = 0; k < tls.length; k++) {
        const entry = readTls(loc, listEntryPath(sharedTlsPaths, 'spec.tls', k, loc.strings), tls[k]);
        if (entry) ing.tls.push(entry);
      }
    }
  }
  return ing;
}

function readRule(loc: Located, i: number, r: unknown, legacy: boolean): IngressRule | undefined {
  const path = listEntryPath(sharedRulePaths, 'spec.rules', i, loc.strings);
  if (!isObj(r)) {
    loc.typeError(path, 'rule must be a mapping', r, 'rule dropped');
    return undefined;
  }
  const rule: IngressRule = { paths: [], source: loc.lazySource(path) };
  const host = r.host;
  if (host !== undefined && host !== null && host !== '') {
    if (typeof host !== 'string') {
      loc.typeError(`${path}.host`, 'host must be a string', host, 'rule dropped');
      return undefined;
    }
    const bad = hostProblem(host);
    if (bad) {
      loc.error(`${path}.host`, `${bad}; rule dropped`);
      return undefined;
    }
    rule.host = loc.strings.keep(host);
  }
  const http = r.http;
  if (http === undefined || http === null) return rule; // host only (e.g. an NGINX Inc mergeable master)
  if (!isObj(http)) {
    loc.typeError(`${path}.http`, 'http must be a mapping', http, 'rule has no paths');
    return rule;
  }
  const paths = http.paths;
  if (!Array.isArray(paths) || paths.length === 0) {
    if (Array.isArray(paths) || paths === undefined || paths === null) loc.error(`${path}.http`, 'http.paths is empty: the API server requires at least one path; rule has no paths');
    else loc.typeError(`${path}.http.paths`, 'http.paths must be a list', paths, 'rule has no paths');
    return rule;
  }
  for (let j = 0; j < paths.length; j++) {
    const ip = readPath(loc, pathFieldPaths(i, j, path, loc.strings), paths[j], legacy);
    if (ip) rule.paths.push(ip);
  }
  return rule;
}

function readPath(loc: Located, fields: PathFieldPaths, p: unknown, legacy: boolean): IngressPath | undefined {
  const path = fields.path;
  if (!isObj(p)) {
    loc.typeError(path, 'path entry must be a mapping', p, 'path dropped');
    return undefined;
  }
  let pathType: PathType = 'ImplementationSpecific';
  let explicit = false;
  const pt = p.pathType;
  if (pt === undefined || pt === null) {
    if (!legacy) loc.error(path, 'pathType is required in networking.k8s.io/v1 (the API server rejects this Ingress); read as ImplementationSpecific', `${human(path)}.pathType`);
  } else if (typeof pt !== 'string') {
    loc.typeError(`${path}.pathType`, 'pathType must be a string', pt, 'path dropped');
    return undefined;
  } else if (pt === '') {
    loc.error(`${path}.pathType`, 'pathType is empty (the API server rejects it); read as if unset (ImplementationSpecific)');
  } else if (pt === 'Exact' || pt === 'Prefix' || pt === 'ImplementationSpecific') {
    // The constant, not `pt`: a long scalar is a slice of the document text, which it would keep.
    pathType = pt === 'Exact' ? 'Exact' : pt === 'Prefix' ? 'Prefix' : 'ImplementationSpecific';
    explicit = true;
  } else {
    const near = PATH_TYPES.find((t) => t.toLowerCase() === pt.toLowerCase());
    loc.error(`${path}.pathType`, `unknown pathType ${JSON.stringify(pt)}${near ? ` (did you mean ${near}?)` : ''}: must be Exact, Prefix or ImplementationSpecific; path dropped`);
    return undefined;
  }

  let value = '/';
  const raw = p.path;
  if (raw === undefined || raw === null || raw === '') {
    if (pathType === 'Exact' || pathType === 'Prefix') {
      loc.error(raw === undefined ? path : `${path}.path`, `path is required with pathType ${pathType}; path dropped`, `${human(path)}.path`);
      return undefined;
    }
  } else if (typeof raw !== 'string') {
    loc.typeError(`${path}.path`, 'path must be a string', raw, 'path dropped');
    return undefined;
  } else {
    const bad = pathProblem(raw, pathType);
    if (bad) {
      loc.error(`${path}.path`, `${bad}; path dropped`);
      return undefined;
    }
    value = loc.strings.keep(raw);
  }

  const b = p.backend;
  if (b === undefined || b === null) {
    loc.error(b === undefined ? path : `${path}.backend`, 'path has no backend; path dropped', `${human(path)}.backend`);
    return undefined;
  }
  const backend = readBackend(loc, fields.backend, b, legacy, 'path dropped');
  if (!backend) return undefined;
  return { path: value, pathType, pathTypeExplicit: explicit, backend, source: loc.lazySource(path) };
}

/** `path` is the backend's field path, shared or kept (backend sources keep it). */
function readBackend(loc: Located, path: string, b: unknown, legacy: boolean, consequence: string): Backend | undefined {
  if (!isObj(b)) {
    loc.typeError(path, 'backend must be a mapping', b, consequence);
    return undefined;
  }
  const hasLegacy = b.serviceName !== undefined || b.servicePort !== undefined;
  const hasService = b.service !== undefined && b.service !== null;
  const hasResource = b.resource !== undefined && b.resource !== null;
  if ((hasLegacy || hasService) && hasResource) {
    loc.error(path, `backend sets both a service and a resource; ${consequence}`);
    return undefined;
  }
  if (hasResource) return readResource(loc, path, b.resource, consequence);
  if (hasLegacy && hasService) {
    loc.error(path, `backend sets both serviceName/servicePort and service; ${consequence}`);
    return undefined;
  }
  if (hasLegacy) {
    if (!legacy) loc.error(path, 'serviceName/servicePort are networking.k8s.io/v1beta1 fields; networking.k8s.io/v1 uses service.name and service.port. Read as written');
    return readLegacyService(loc, path, b, consequence);
  }
  if (hasService) {
    if (legacy) loc.error(`${path}.service`, 'service.name/service.port are networking.k8s.io/v1 fields; v1beta1 uses serviceName/servicePort. Read as written');
    return readService(loc, path, b.service, consequence);
  }
  loc.error(path, `backend has neither a service nor a resource; ${consequence}`);
  return undefined;
}

/** `parent` and `field` make the field path, built only for an error. */
function checkServiceName(loc: Located, parent: string, field: string, name: unknown, consequence: string): string | undefined {
  if (typeof name === 'string' && name !== '') {
    const bad = serviceNameProblem(name);
    if (!bad) return loc.strings.keep(name);
    loc.error(`${parent}.${field}`, `${bad}; ${consequence}`);
    return undefined;
  }
  const path = `${parent}.${field}`;
  if (name === undefined || name === null || name === '') {
    loc.error(path, `backend service name is missing or empty; ${consequence}`);
    return undefined;
  }
  if (typeof name !== 'string') {
    loc.typeError(path, 'service name must be a string', name, consequence);
    return undefined;
  }
  return undefined;
}

function readLegacyService(loc: Located, path: string, b: Obj, consequence: string): Backend | undefined {
  const service = checkServiceName(loc, path, 'serviceName', b.serviceName, consequence);
  if (service === undefined) return undefined;
  const sp = b.servicePort;
  const src = loc.lazySource(path);
  if (sp === undefined || sp === null || sp === '') {
    loc.error(`${path}.servicePort`, `servicePort is missing; kept without a port`);
    return { kind: 'service', service, port: {}, source: src };
  }
  if (typeof sp === 'string') {
    // IntOrString: a string is a port name, even when it is all digits.
    const bad = portNameProblem(sp);
    if (bad) {
      loc.error(`${path}.servicePort`, `${bad}; ${consequence}`);
      return undefined;
    }
    return { kind: 'service', service, port: { name: loc.strings.keep(sp) }, source: src };
  }
  const bad = portNumberProblem(sp, 'servicePort');
  if (bad) {
    loc.error(`${path}.servicePort`, `${bad}; ${consequence}`);
    return undefined;
  }
  return { kind: 'service', service, port: { number: sp as number }, source: src };
}

function readService(loc: Located, backendPath: string, s: unknown, consequence: string): Backend | undefined {
  const path = `${backendPath}.service`;
  if (!isObj(s)) {
    loc.typeError(path, 'service must be a mapping', s, consequence);
    return undefined;
  }
  const service = checkServiceName(loc, path, 'name', s.name, consequence);
  if (service === undefined) return undefined;
  const src = loc.lazySource(backendPath);
  const port = s.port;
  if (port === undefined || port === null) {
    loc.error(`${path}.port`, 'service.port is required (port.number or port.name); kept without a port', `${human(path)}.port`);
    return { kind: 'service', service, port: {}, source: src };
  }
  if (!isObj(port)) {
    loc.typeError(`${path}.port`, 'service.port must be a mapping with number or name', port, consequence);
    return undefined;
  }
  const hasNum = port.number !== undefined && port.number !== null;
  const hasName = port.name !== undefined && port.name !== null && port.name !== '';
  if (hasNum && hasName) {
    loc.error(`${path}.port`, `service.port sets both number and name; ${consequence}`);
    return undefined;
  }
  if (hasName) {
    if (typeof port.name !== 'string') {
      loc.typeError(`${path}.port.name`, 'port.name must be a string', port.name, consequence);
      return undefined;
    }
    const bad = portNameProblem(port.name);
    if (bad) {
      loc.error(`${path}.port.name`, `${bad}; ${consequence}`);
      return undefined;
    }
    return { kind: 'service', service, port: { name: loc.strings.keep(port.name) }, source: src };
  }
  if (hasNum) {
    const bad = portNumberProblem(port.number, 'port.number');
    if (bad) {
      const t = loc.templates.find((h) => h.line === loc.nearest(`${path}.port.number`).line);
      loc.error(`${path}.port.number`, t ? `unrendered Helm template ${t.text}: render the chart first (helm template); ${consequence}` : `${bad}; ${consequence}`);
      return undefined;
    }
    return { kind: 'service', service, port: { number: port.number as number }, source: src };
  }
  loc.error(`${path}.port`, 'service.port has neither number nor name; kept without a port');
  return { kind: 'service', service, port: {}, source: src };
}

function readResource(loc: Located, backendPath: string, r: unknown, consequence: string): Backend | undefined {
  const path = `${backendPath}.resource`;
  if (!isObj(r)) {
    loc.typeError(path, 'resource must be a mapping', r, consequence);
    return undefined;
  }
  const kind = loc.strings.str(r.kind);
  const name = loc.strings.str(r.name);
  if (!kind || !name) {
    loc.error(path, `resource backend needs kind and name; ${consequence}`);
    return undefined;
  }
  const b: Backend = { kind: 'resource', resourceKind: kind, name, source: loc.lazySource(backendPath) };
  const g = loc.strings.str(r.apiGroup);
  if (g) b.apiGroup = g;
  return b;
}

function readTls(loc: Located, path: string, t: unknown): IngressTLS | undefined {
  if (!isObj(t)) {
    loc.typeError(path, 'tls entry must be a mapping', t, 'TLS entry dropped');
    return undefined;
  }
  const entry: IngressTLS = { hosts: [], source: loc.lazySource(path) };
  const hosts = t.hosts;
  if (Array.isArray(hosts)) {
    for (let i = 0; i < hosts.length; i++) {
      const h: unknown = hosts[i];
      if (typeof h !== 'string' || h === '') {
        loc.typeError(`${path}.hosts.${i}`, 'TLS host must be a non-empty string', h, 'host dropped from the TLS entry');
        continue;
      }
      const bad = tlsHostProblem(h);
      if (bad) {
        loc.error(`${path}.hosts.${i}`, `${bad}; host dropped from the TLS entry`);
        continue;
      }
      entry.hosts.push(loc.strings.keep(h));
    }
  } else if (hosts !== undefined && hosts !== null) {
    loc.typeError(`${path}.hosts`, 'tls hosts must be a list', hosts, 'TLS entry has no hosts');
  }
  const secret = t.secretName;
  if (typeof secret === 'string' && secret !== '') {
    const ph = placeholderIn(secret);
    if (ph) loc.error(`${path}.secretName`, `${ph}; read as written`);
    entry.secretName = loc.strings.keep(secret);
  } else if (secret !== undefined && secret !== null && secret !== '') {
    loc.typeError(`${path}.secretName`, 'secretName must be a string', secret, 'read as unset');
  }
  return entry;
}
