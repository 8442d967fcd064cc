/**
 * Validates Istio resources against the compact schema generated from the pinned CRDs
 * (src/istio/generated/schema.json), stricter than the API server in one way: unknown fields are
 * errors wherever the schema is not free-form, because our own output must not carry typos.
 * On top of the schema it checks the CEL rules and Istio validation rules that matter to the
 * converter (durations, redirect codes, route/redirect/directResponse exclusivity, RE2 regexes,
 * lower-case header match keys, Gateway port names and TLS settings).
 *
 * The schema is compiled lazily, once per schema entry; validation allocates only for errors.
 */
import { compileRe2 } from '../semantics/regex.js';
import schemaFile from './generated/schema.json' with { type: 'json' };

/**
 * Compact schema node written to schema.json. JSON-Schema keyword names, plus:
 * preserveUnknownFields (free-form object), intOrString, duration (Go duration string; value is the
 * minimum, from the CEL rule `duration(self) >= duration('1ms')`, or "0s" for Duration fields without
 * that rule), atMostOne (CEL rules of the form `(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1`),
 * keysNonEmpty / keysNoWildcard / noWildcard (CEL rules on label selectors).
 */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | true;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  nullable?: true;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  not?: SchemaNode;
  preserveUnknownFields?: true;
  intOrString?: true;
  duration?: string;
  atMostOne?: string[][];
  keysNonEmpty?: true;
  keysNoWildcard?: true;
  noWildcard?: true;
}

export interface SchemaFile {
  /** apiVersion → kind → key into `schemas` (the spec schema). */
  resources: Record<string, Record<string, string>>;
  schemas: Record<string, SchemaNode>;
}

export interface ValidationError {
  /** Field path inside the object, e.g. `spec.http[0].match[0].uri`; map keys as `headers["x-foo"]`. */
  path: string;
  message: string;
}

/** A validation error of one object of a list given to validateAll. */
export interface ObjectValidationError extends ValidationError {
  /** Index of the object in the list. */
  index: number;
  /** `Kind namespace/name` as far as the object has them. */
  object: string;
}

// ---------------------------------------------------------------------------------------------
// Compiled schema

const enum T {
  Any,
  Object,
  Array,
  String,
  Integer,
  Number,
  Boolean,
  IntOrString,
}

interface Compiled {
  type: T;
  nullable: boolean;
  properties?: Map<string, Compiled>;
  required?: readonly string[];
  items?: Compiled;
  /** Map values; `null` = any value. */
  values?: Compiled | null;
  free: boolean;
  enumSet?: ReadonlySet<unknown>;
  enumText?: string;
  min?: number;
  max?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: RegExp;
  format?: string;
  /** Minimum Go duration in nanoseconds when the string must be a duration. */
  durationMinNs?: number;
  durationMinText?: string;
  /** Groups of keys of which at most one may be set (proto oneofs and CEL rules). */
  exclusive?: string[][];
  /** Combinators not of the oneof form, checked generically. */
  oneOf?: Compiled[];
  anyOf?: Compiled[];
  allOf?: Compiled[];
  not?: Compiled;
  keysNonEmpty: boolean;
  keysNoWildcard: boolean;
  noWildcard: boolean;
}

const TYPES: Record<string, T> = {
  object: T.Object,
  array: T.Array,
  string: T.String,
  integer: T.Integer,
  number: T.Number,
  boolean: T.Boolean,
};

/** `oneOf: [{not: {anyOf: [{required: [a]}, ...]}}, {required: [a]}, ...]` is how the CRDs spell a proto oneof: at most one key. */
function oneofKeys(branches: readonly SchemaNode[]): string[] | undefined {
  const keys: string[] = [];
  let sawNone = false;
  for (const b of branches) {
    if (b.not && Object.keys(b).length === 1) {
      const any = b.not.anyOf;
      if (!any || Object.keys(b.not).length !== 1) return undefined;
      sawNone = true;
      continue;
    }
    if (b.required?.length === 1 && Object.keys(b).length === 1) keys.push(b.required[0]!);
    else return undefined;
  }
  return sawNone && keys.length > 0 ? keys : undefined;
}

function compile(node: SchemaNode): Compiled {
  const c: Compiled = {
    type: node.intOrString ? T.IntOrString : node.type ? (TYPES[node.type] ?? T.Any) : T.Any,
    nullable: node.nullable === true,
    free: node.preserveUnknownFields === true,
    keysNonEmpty: node.keysNonEmpty === true,
    keysNoWildcard: node.keysNoWildcard === true,
    noWildcard: node.noWildcard === true,
  };
  if (node.properties) {
    c.properties = new Map();
    for (const [k, v] of Object.entries(node.properties)) c.properties.set(k, compile(v));
  }
  if (node.required) c.required = node.required;
  if (node.items) c.items = compile(node.items);
  if (node.additionalProperties !== undefined) c.values = node.additionalProperties === true ? null : compile(node.additionalProperties);
  if (node.enum) {
    c.enumSet = new Set(node.enum);
    c.enumText = node.enum.map((e) => String(e)).join(', ');
  }
  if (node.minimum !== undefined) c.min = node.minimum;
  if (node.maximum !== undefined) c.max = node.maximum;
  if (node.format === 'int32') {
    c.min = Math.max(c.min ?? -2147483648, -2147483648);
    c.max = Math.min(c.max ?? 2147483647, 2147483647);
  }
  if (node.format !== undefined) c.format = node.format;
  for (const k of ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'] as const) {
    if (node[k] !== undefined) c[k] = node[k];
  }
  if (node.pattern !== undefined) c.pattern = new RegExp(node.pattern, 'u');
  if (node.duration !== undefined) {
    c.durationMinNs = parseGoDuration(node.duration) ?? 0;
    c.durationMinText = node.duration;
  }
  const exclusive: string[][] = [];
  for (const group of node.atMostOne ?? []) exclusive.push(group);
  const addCombinator = (kind: 'oneOf' | 'allOf', branches: readonly SchemaNode[]): void => {
    if (kind === 'oneOf') {
      const keys = oneofKeys(branches);
      if (keys) exclusive.push(keys);
      else (c.oneOf ??= []).push(...branches.map(compile));
      return;
    }
    for (const b of branches) {
      if (b.oneOf && Object.keys(b).length === 1) addCombinator('oneOf', b.oneOf);
      else (c.allOf ??= []).push(compile(b));
    }
  };
  if (node.oneOf) addCombinator('oneOf', node.oneOf);
  if (node.allOf) addCombinator('allOf', node.allOf);
  if (node.anyOf) c.anyOf = node.anyOf.map(compile);
  if (node.not) c.not = compile(node.not);
  if (exclusive.length) {
    // The same group may be spelled twice (the Gateway TLS CEL rules repeat one pair); report it once.
    const seen = new Set<string>();
    c.exclusive = exclusive.filter((g) => {
      const key = [...g].sort().join('\0');
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }
  return c;
}

const SCHEMA = schemaFile as unknown as SchemaFile;
const compiled = new Map<string, Compiled>();

/** Work counters for the no-per-object-compilation regression test (test/perf). */
export const validatorStats = { schemaCompilations: 0, regexCompilations: 0 };

function specSchema(apiVersion: string, kind: string): Compiled | undefined {
  const id = SCHEMA.resources[apiVersion]?.[kind];
  if (id === undefined) return undefined;
  let c = compiled.get(id);
  if (!c) {
    c = compile(SCHEMA.schemas[id]!);
    validatorStats.schemaCompilations++;
    compiled.set(id, c);
  }
  return c;
}

/** apiVersion → kinds the schema knows, e.g. `networking.istio.io/v1` → [DestinationRule, Gateway, ...]. */
export function knownResources(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [apiVersion, kinds] of Object.entries(SCHEMA.resources)) out[apiVersion] = Object.keys(kinds).sort();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paths: a stack of segments, turned into text only when an error is reported.

class MapKey {
  constructor(readonly key: string) {}
}
type Segment = string | number | MapKey;

class Ctx {
  readonly path: Segment[] = [];
  constructor(readonly errors: ValidationError[]) {}
  error(message: string, ...extra: Segment[]): void {
    this.errors.push({ path: formatPath(extra.length ? [...this.path, ...extra] : this.path), message });
  }
}

function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (s instanceof MapKey) out += `[${JSON.stringify(s.key)}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Go durations (time.ParseDuration, which CEL's duration() uses)

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION_RE = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const DURATION_PART_RE = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const MAX_DURATION_NS = 9223372036854775807;

/** Nanoseconds of a Go duration string (`1.5s`, `300ms`, `1h2m`), or undefined when it does not parse. */
export function parseGoDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let ns = 0;
  for (const m of text.matchAll(DURATION_PART_RE)) ns += Number(m[1]) * UNIT_NS[m[2]!]!;
  if (ns > MAX_DURATION_NS) return undefined;
  return text.startsWith('-') ? -ns : ns;
}

// ---------------------------------------------------------------------------------------------
// Schema walk

function checkNode(c: Compiled, value: unknown, ctx: Ctx): void {
  if (value === null) {
    if (!c.nullable) ctx.error('must not be null');
    return;
  }
  switch (c.type) {
    case T.Object:
      if (!isObject(value)) return ctx.error(`must be an object, got ${describe(value)}`);
      checkObject(c, value, ctx);
      break;
    case T.Array:
      if (!Array.isArray(value)) return ctx.error(`must be an array, got ${describe(value)}`);
      checkArray(c, value, ctx);
      break;
    case T.String:
      if (typeof value !== 'string') return ctx.error(`must be a string, got ${describe(value)}`);
      checkString(c, value, ctx);
      break;
    case T.Integer:
      if (typeof value !== 'number' || !Number.isInteger(value)) return ctx.error(`must be an integer, got ${JSON.stringify(value) ?? describe(value)}`);
      checkNumber(c, value, ctx);
      break;
    case T.Number:
      if (typeof value !== 'number' || !Number.isFinite(value)) return ctx.error(`must be a number, got ${describe(value)}`);
      checkNumber(c, value, ctx);
      break;
    case T.Boolean:
      if (typeof value !== 'boolean') return ctx.error(`must be a boolean, got ${describe(value)}`);
      break;
    case T.IntOrString:
      if (typeof value === 'string') break;
      if (typeof value !== 'number' || !Number.isInteger(value)) return ctx.error(`must be an integer or a string, got ${describe(value)}`);
      break;
    case T.Any:
      if (isObject(value) && (c.properties || c.values !== undefined)) checkObject(c, value, ctx);
      break;
  }
  if (c.enumSet && !c.enumSet.has(value)) ctx.error(`must be one of ${c.enumText}; got ${JSON.stringify(value)}`);
  if (c.oneOf || c.anyOf || c.allOf || c.not) checkCombinators(c, value, ctx);
}

function checkObject(c: Compiled, obj: Record<string, unknown>, ctx: Ctx): void {
  const props = c.properties;
  let count = 0;
  for (const key in obj) {
    const v = obj[key];
    if (v === undefined) continue;
    count++;
    const sub = props?.get(key);
    if (sub) {
      ctx.path.push(key);
      checkNode(sub, v, ctx);
      ctx.path.pop();
    } else if (c.values !== undefined) {
      if (c.keysNonEmpty && key.length === 0) ctx.error('key must not be empty', new MapKey(key));
      if (c.keysNoWildcard && key.includes('*')) ctx.error('key must not contain "*"', new MapKey(key));
      if (c.values) {
        ctx.path.push(new MapKey(key));
        checkNode(c.values, v, ctx);
        ctx.path.pop();
      }
    } else if (!c.free) {
      ctx.error('unknown field', key);
    }
  }
  if (c.required) for (const key of c.required) if (obj[key] === undefined) ctx.error('required field is missing', key);
  if (c.minProperties !== undefined && count < c.minProperties) ctx.error(`must have at least ${c.minProperties} entries`);
  if (c.maxProperties !== undefined && count > c.maxProperties) ctx.error(`must have at most ${c.maxProperties} entries`);
  if (c.exclusive) {
    for (const group of c.exclusive) {
      let set: string[] | undefined;
      for (const key of group) if (obj[key] !== undefined) (set ??= []).push(key);
      if (set && set.length > 1) ctx.error(`only one of ${group.join(', ')} may be set; found ${set.join(', ')}`);
    }
  }
}

function checkArray(c: Compiled, arr: unknown[], ctx: Ctx): void {
  if (c.minItems !== undefined && arr.length < c.minItems) ctx.error(`must have at least ${c.minItems} items`);
  if (c.maxItems !== undefined && arr.length > c.maxItems) ctx.error(`must have at most ${c.maxItems} items`);
  const items = c.items;
  if (!items) return;
  for (let i = 0; i < arr.length; i++) {
    ctx.path.push(i);
    checkNode(items, arr[i], ctx);
    ctx.path.pop();
  }
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkString(c: Compiled, s: string, ctx: Ctx): void {
  if (c.minLength !== undefined && s.length < c.minLength) ctx.error(`must be at least ${c.minLength} characters long`);
  if (c.maxLength !== undefined && s.length > c.maxLength) {
    ctx.error(c.maxLength === 0 ? 'must be empty' : `must be at most ${c.maxLength} characters long`);
  }
  if (c.pattern && !c.pattern.test(s)) ctx.error(`must match ${c.pattern.source}`);
  if (c.noWildcard && s.includes('*')) ctx.error('must not contain "*"');
  if (c.format === 'byte' && !BASE64_RE.test(s)) ctx.error('must be base64');
  if (c.durationMinNs !== undefined) {
    const ns = parseGoDuration(s);
    if (ns === undefined) ctx.error(`must be a duration such as 1.5s, 300ms or 1h2m; got ${JSON.stringify(s)}`);
    else if (ns < c.durationMinNs) ctx.error(`must be a duration of at least ${c.durationMinText}; got ${JSON.stringify(s)}`);
  }
}

function checkNumber(c: Compiled, n: number, ctx: Ctx): void {
  if (c.min !== undefined && n < c.min) ctx.error(`must be at least ${c.min}; got ${n}`);
  if (c.max !== undefined && n > c.max) ctx.error(`must be at most ${c.max}; got ${n}`);
}

/** Generic combinators (the CRDs use none in spec schemas beyond oneof groups, but keep the semantics). */
function checkCombinators(c: Compiled, value: unknown, ctx: Ctx): void {
  const passes = (sub: Compiled): boolean => {
    const scratch = new Ctx([]);
    checkNode(sub, value, scratch);
    return scratch.errors.length === 0;
  };
  if (c.allOf) for (const sub of c.allOf) checkNode(sub, value, ctx);
  if (c.anyOf && !c.anyOf.some(passes)) ctx.error('must match at least one of the allowed forms');
  if (c.oneOf && c.oneOf.filter(passes).length !== 1) ctx.error('must match exactly one of the allowed forms');
  if (c.not && passes(c.not)) ctx.error('must not match the excluded form');
}

// ---------------------------------------------------------------------------------------------
// Object envelope

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
const OBJECT_META = new Set([
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
]);
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkMetadata(meta: unknown, ctx: Ctx): void {
  if (meta === undefined) return ctx.error('required field is missing', 'metadata');
  if (!isObject(meta)) return ctx.error(`must be an object, got ${describe(meta)}`, 'metadata');
  for (const key in meta) if (meta[key] !== undefined && !OBJECT_META.has(key)) ctx.error('unknown field', 'metadata', key);
  const { name, namespace } = meta;
  if (name === undefined) ctx.error('required field is missing', 'metadata', 'name');
  else if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    ctx.error(`must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters); got ${JSON.stringify(name)}`, 'metadata', 'name');
  }
  if (namespace === undefined) ctx.error('required field is missing', 'metadata', 'namespace');
  else if (typeof namespace !== 'string' || namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    ctx.error(`must be a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters); got ${JSON.stringify(namespace)}`, 'metadata', 'namespace');
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      ctx.error(`must be an object, got ${describe(map)}`, 'metadata', field);
      continue;
    }
    for (const key in map) if (typeof map[key] !== 'string') ctx.error('must be a string', 'metadata', field, new MapKey(key));
  }
}

/** Validates one Istio resource; returns its errors (empty when valid). */
export function validateResource(obj: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const ctx = new Ctx(errors);
  if (!isObject(obj)) {
    ctx.error(`must be an object, got ${describe(obj)}`);
    return errors;
  }
  for (const key in obj) if (obj[key] !== undefined && !TOP_LEVEL.has(key)) ctx.error('unknown field', key);
  const { apiVersion, kind } = obj;
  let schema: Compiled | undefined;
  if (typeof apiVersion !== 'string') ctx.error(apiVersion === undefined ? 'required field is missing' : 'must be a string', 'apiVersion');
  if (typeof kind !== 'string') ctx.error(kind === undefined ? 'required field is missing' : 'must be a string', 'kind');
  if (typeof apiVersion === 'string' && typeof kind === 'string') {
    schema = specSchema(apiVersion, kind);
    if (!schema) {
      if (!SCHEMA.resources[apiVersion]) ctx.error(`unknown apiVersion ${JSON.stringify(apiVersion)}`, 'apiVersion');
      else ctx.error(`unknown kind ${JSON.stringify(kind)} for ${apiVersion}`, 'kind');
    }
  }
  checkMetadata(obj.metadata, ctx);
  const spec = obj.spec;
  if (spec === undefined) ctx.error('required field is missing', 'spec');
  else if (schema) {
    ctx.path.push('spec');
    checkNode(schema, spec, ctx);
    if (isObject(spec)) checkSemantics(kind as string, spec, ctx);
    ctx.path.pop();
  }
  return errors;
}

/** Validates a list of resources; errors carry the index and `Kind namespace/name` of their object. */
export function validateAll(objs: readonly unknown[]): ObjectValidationError[] {
  const out: ObjectValidationError[] = [];
  for (let index = 0; index < objs.length; index++) {
    const obj = objs[index];
    const errors = validateResource(obj);
    if (errors.length === 0) continue;
    const object = describeObject(obj);
    for (const e of errors) out.push({ index, object, path: e.path, message: e.message });
  }
  return out;
}

function describeObject(obj: unknown): string {
  if (!isObject(obj)) return `#${describe(obj)}`;
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const kind = typeof obj.kind === 'string' ? obj.kind : '?';
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '?';
  const name = typeof meta.name === 'string' ? meta.name : '?';
  return `${kind} ${ns}/${name}`;
}

// ---------------------------------------------------------------------------------------------
// Rules beyond the schema (CEL rules and Istio's own validation that the schema cannot express).
// Each check tolerates wrongly typed values: the schema walk has reported those already.

function checkSemantics(kind: string, spec: Record<string, unknown>, ctx: Ctx): void {
  switch (kind) {
    case 'VirtualService':
      return checkVirtualService(spec, ctx);
    case 'Gateway':
      return checkGateway(spec, ctx);
    case 'AuthorizationPolicy':
      return checkAuthorizationPolicy(spec, ctx);
    case 'EnvoyFilter':
      return checkEnvoyFilter(spec, ctx);
  }
}

function eachObject(list: unknown, ctx: Ctx, field: string, fn: (item: Record<string, unknown>) => void): void {
  if (!Array.isArray(list)) return;
  ctx.path.push(field);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item)) continue;
    ctx.path.push(i);
    fn(item);
    ctx.path.pop();
  }
  ctx.path.pop();
}

function within(ctx: Ctx, field: string, value: unknown, fn: (v: Record<string, unknown>) => void): void {
  if (!isObject(value)) return;
  ctx.path.push(field);
  fn(value);
  ctx.path.pop();
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const STRING_MATCH_FIELDS = ['uri', 'scheme', 'method', 'authority'] as const;
const HEADER_MAP_FIELDS = ['headers', 'withoutHeaders'] as const;

function checkVirtualService(spec: Record<string, unknown>, ctx: Ctx): void {
  eachObject(spec.http, ctx, 'http', (route) => {
    const actions: string[] = [];
    if (Array.isArray(route.route) && route.route.length > 0) actions.push('route');
    for (const k of ['redirect', 'directResponse', 'delegate'] as const) if (route[k] !== undefined && route[k] !== null) actions.push(k);
    if (actions.length > 1) ctx.error(`only one of route, redirect, directResponse, delegate may be set; found ${actions.join(', ')}`);
    if (actions.length === 0) ctx.error('one of route, redirect, directResponse or delegate is required');
    if (isObject(route.rewrite) && (actions.includes('redirect') || actions.includes('directResponse'))) {
      ctx.error('rewrite cannot be combined with redirect or directResponse', 'rewrite');
    }

    within(ctx, 'redirect', route.redirect, (redirect) => {
      const code = redirect.redirectCode;
      if (code !== undefined && typeof code === 'number' && !REDIRECT_CODES.has(code)) {
        ctx.error(`must be one of 301, 302, 303, 307, 308; got ${code}`, 'redirectCode');
      }
      if (['uri', 'authority', 'scheme', 'port', 'derivePort'].every((k) => redirect[k] === undefined || redirect[k] === '')) {
        ctx.error('must set at least one of uri, authority, scheme, port, derivePort');
      }
    });

    within(ctx, 'rewrite', route.rewrite, (rewrite) => {
      if (rewrite.uri !== undefined && rewrite.uriRegexRewrite !== undefined) ctx.error('only one of uri, uriRegexRewrite may be set; found uri, uriRegexRewrite');
      within(ctx, 'uriRegexRewrite', rewrite.uriRegexRewrite, (rr) => checkRegex(rr.match, 'match', ctx));
    });

    eachObject(route.match, ctx, 'match', (match) => {
      for (const field of STRING_MATCH_FIELDS) within(ctx, field, match[field], (sm) => checkRegex(sm.regex, 'regex', ctx));
      for (const field of [...HEADER_MAP_FIELDS, 'queryParams'] as const) {
        const map = match[field];
        if (!isObject(map)) continue;
        ctx.path.push(field);
        for (const key in map) {
          const mk = new MapKey(key);
          if (field !== 'queryParams') {
            if (key.length === 0) ctx.error('header name must not be empty', mk);
            else if (key !== key.toLowerCase()) ctx.error('header name must be lower-case', mk);
          }
          const sm = map[key];
          if (isObject(sm)) {
            ctx.path.push(mk);
            checkRegex(sm.regex, 'regex', ctx);
            ctx.path.pop();
          }
        }
        ctx.path.pop();
      }
    });

    within(ctx, 'corsPolicy', route.corsPolicy, (cors) => {
      eachObject(cors.allowOrigins, ctx, 'allowOrigins', (sm) => checkRegex(sm.regex, 'regex', ctx));
    });

    eachObject(route.route, ctx, 'route', (rd) => within(ctx, 'destination', rd.destination, (d) => checkDestinationPort(d, ctx)));
    within(ctx, 'mirror', route.mirror, (d) => checkDestinationPort(d, ctx));
    eachObject(route.mirrors, ctx, 'mirrors', (m) => within(ctx, 'destination', m.destination, (d) => checkDestinationPort(d, ctx)));
  });
  for (const field of ['tls', 'tcp'] as const) {
    eachObject(spec[field], ctx, field, (r) => {
      eachObject(r.route, ctx, 'route', (rd) => within(ctx, 'destination', rd.destination, (d) => checkDestinationPort(d, ctx)));
    });
  }
}

/** Istio's ValidatePort: a port number set on a server or destination must be 1..65535 (the CRD allows any uint32). */
function checkPortNumber(n: unknown, ctx: Ctx, ...at: Segment[]): void {
  if (typeof n === 'number' && Number.isInteger(n) && (n < 1 || n > 65535)) ctx.error(`port number must be in 1..65535; got ${n}`, ...at);
}

function checkDestinationPort(destination: Record<string, unknown>, ctx: Ctx): void {
  if (isObject(destination.port)) checkPortNumber(destination.port.number, ctx, 'port', 'number');
}

const MAX_REGEX_LENGTH = 1024;
const regexCache = new Map<string, string | null>();

/** Checks an RE2 pattern (Envoy safe_regex): non-empty, at most 1024 characters, compiles. */
function checkRegex(pattern: unknown, field: string, ctx: Ctx): void {
  if (typeof pattern !== 'string') return;
  if (pattern.length === 0) return ctx.error('regex must not be empty', field);
  if (pattern.length > MAX_REGEX_LENGTH) return ctx.error(`regex must be at most ${MAX_REGEX_LENGTH} characters long; has ${pattern.length}`, field);
  let problem = regexCache.get(pattern);
  if (problem === undefined) {
    validatorStats.regexCompilations++;
    // The engine's compile cache: most emitted regexes were compiled already while converting.
    const r = compileRe2(pattern);
    problem = typeof r === 'string' ? r : null;
    if (regexCache.size >= 10_000) regexCache.clear();
    regexCache.set(pattern, problem);
  }
  if (problem !== null) ctx.error(`not a valid RE2 regex: ${problem}`, field);
}

/** Protocols Istio's protocol.Parse accepts (case-insensitive). */
const PROTOCOLS = new Set(['HTTP', 'HTTPS', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB', 'TCP', 'UDP', 'TLS', 'MONGO', 'REDIS', 'MYSQL']);
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);

function checkGateway(spec: Record<string, unknown>, ctx: Ctx): void {
  const portNames = new Map<string, number>();
  eachObject(spec.servers, ctx, 'servers', (server) => {
    const index = ctx.path[ctx.path.length - 1] as number;
    const port = isObject(server.port) ? server.port : undefined;
    if (port) checkPortNumber(port.number, ctx, 'port', 'number');
    if (port && typeof port.name === 'string') {
      const first = portNames.get(port.name);
      if (first === undefined) portNames.set(port.name, index);
      else ctx.error(`duplicate port name ${JSON.stringify(port.name)}, first used by spec.servers[${first}]`, 'port', 'name');
    }
    const protocol = port && typeof port.protocol === 'string' ? port.protocol.toUpperCase() : undefined;
    if (protocol === undefined) return;
    if (!PROTOCOLS.has(protocol)) return ctx.error(`unsupported protocol ${JSON.stringify(port!.protocol)}`, 'port', 'protocol');
    const tls = server.tls;
    if (protocol === 'HTTPS' || protocol === 'TLS') {
      if (!isObject(tls)) ctx.error(`required for protocol ${protocol}`, 'tls');
    } else if (isObject(tls)) {
      // Istio allows TLS settings on a plain HTTP server only as an httpsRedirect holder: passthrough mode, no certificates.
      const passthrough = tls.mode === undefined || tls.mode === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH';
      const certs = ['caCertificates', 'privateKey', 'serverCertificate'].some((k) => tls[k] !== undefined && tls[k] !== '');
      if (!HTTP_PROTOCOLS.has(protocol)) ctx.error(`not allowed for protocol ${protocol}`, 'tls');
      else if (!passthrough || certs) ctx.error(`not allowed for plain-text protocol ${protocol} (only httpsRedirect)`, 'tls');
    }
  });
}

function checkAuthorizationPolicy(spec: Record<string, unknown>, ctx: Ctx): void {
  const custom = spec.action === 'CUSTOM';
  if (custom && spec.provider === undefined) ctx.error('required when action is CUSTOM', 'provider');
  if (!custom && spec.provider !== undefined) ctx.error('only allowed when action is CUSTOM', 'provider');
}

function checkEnvoyFilter(spec: Record<string, unknown>, ctx: Ctx): void {
  eachObject(spec.configPatches, ctx, 'configPatches', (patch) => {
    within(ctx, 'match', patch.match, (match) => {
      // CEL: waypoint is set exactly when context is WAYPOINT.
      const waypointContext = match.context === 'WAYPOINT';
      if (waypointContext && match.waypoint === undefined) ctx.error('required when context is WAYPOINT', 'waypoint');
      if (!waypointContext && match.waypoint !== undefined) ctx.error('only allowed when context is WAYPOINT', 'waypoint');
    });
  });
}
