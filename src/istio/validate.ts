/**
 * Validates Istio resources against the compact schema generated from the pinned CRDs
 * (src/istio/generated/schema.json), stricter than the API server in one way: unknown fields are
 * errors wherever the schema is not free-form, because our own output must not carry typos.
 * On top of the schema it checks the CEL rules and Istio validation rules that matter to the
 * converter (durations, redirect codes, route/redirect/directResponse exclusivity, RE2 regexes,
 * lower-case header match keys, Gateway port names and TLS settings).
 *
 * The schema is compiled lazily, once per schema entry, into an interpreted form (which reports
 * errors with their paths) and a predicate of specialized closures (which only says valid or not and
 * allocates nothing): the predicate runs first, the interpreter only on objects it rejects.
 */
import { re2SyntaxError } from '../semantics/regex.js';
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

// ---------------------------------------------------------------------------------------------
// Fast path: each compiled node also becomes a predicate closure specialized to the node's
// constraints, which answers only "valid or not" (no path, no messages, no allocation). Almost
// every object we validate is valid; for one that is not, the interpreter below (checkNode) walks it
// again and produces the errors. The predicate must agree with "checkNode reports no error"
// exactly (test/istio/validate.test.ts checks both on mutated objects).

type Pred = (value: unknown) => boolean;

const anyValue: Pred = () => true;

/** The predicate of a node, built once per node (nodes are shared only within one compiled schema). */
function predicate(c: Compiled): Pred {
  // Generic combinators (no CRD spec schema uses them beyond oneof groups): ask the interpreter.
  if (c.oneOf || c.anyOf || c.allOf || c.not) {
    return (value) => {
      const scratch = new Ctx([]);
      checkNode(c, value, scratch);
      return scratch.errors.length === 0;
    };
  }
  const nullable = c.nullable;
  const enumSet = c.enumSet;
  let typed: Pred;
  switch (c.type) {
    case T.Object: {
      const obj = objectPredicate(c);
      typed = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && obj(v as Record<string, unknown>);
      break;
    }
    case T.Array:
      typed = arrayPredicate(c);
      break;
    case T.String:
      typed = stringPredicate(c);
      break;
    case T.Integer: {
      const min = c.min ?? -Infinity;
      const max = c.max ?? Infinity;
      typed = (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
      break;
    }
    case T.Number: {
      const min = c.min ?? -Infinity;
      const max = c.max ?? Infinity;
      typed = (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
      break;
    }
    case T.Boolean:
      typed = (v) => typeof v === 'boolean';
      break;
    case T.IntOrString:
      typed = (v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
      break;
    case T.Any:
      if (c.properties || c.values !== undefined) {
        const obj = objectPredicate(c);
        typed = (v) => typeof v !== 'object' || v === null || Array.isArray(v) || obj(v as Record<string, unknown>);
      } else typed = anyValue;
      break;
  }
  if (enumSet) {
    const inner = typed;
    typed = (v) => inner(v) && enumSet.has(v);
  }
  if (nullable) {
    const inner = typed;
    return (v) => v === null || inner(v);
  }
  if (c.type === T.Any) {
    const inner = typed;
    return (v) => v !== null && inner(v);
  }
  // Every other type test already rejects null.
  return typed;
}

function objectPredicate(c: Compiled): (obj: Record<string, unknown>) => boolean {
  const props = new Map<string, Pred>();
  if (c.properties) for (const [k, sub] of c.properties) props.set(k, predicate(sub));
  const hasValues = c.values !== undefined;
  const values = c.values ? predicate(c.values) : undefined;
  const free = c.free;
  const keysNonEmpty = c.keysNonEmpty;
  const keysNoWildcard = c.keysNoWildcard;
  const required = c.required ?? [];
  const minProperties = c.minProperties ?? 0;
  const maxProperties = c.maxProperties ?? Infinity;
  const exclusive = c.exclusive ?? [];
  return (obj) => {
    let count = 0;
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined) continue;
      count++;
      const sub = props.get(key);
      if (sub !== undefined) {
        if (!sub(v)) return false;
      } else if (hasValues) {
        if (keysNonEmpty && key.length === 0) return false;
        if (keysNoWildcard && key.includes('*')) return false;
        if (values !== undefined && !values(v)) return false;
      } else if (!free) {
        return false;
      }
    }
    for (let i = 0; i < required.length; i++) if (obj[required[i]!] === undefined) return false;
    if (count < minProperties || count > maxProperties) return false;
    for (let g = 0; g < exclusive.length; g++) {
      const group = exclusive[g]!;
      let set = 0;
      for (let i = 0; i < group.length; i++) if (obj[group[i]!] !== undefined) set++;
      if (set > 1) return false;
    }
    return true;
  };
}

function arrayPredicate(c: Compiled): Pred {
  const minItems = c.minItems ?? 0;
  const maxItems = c.maxItems ?? Infinity;
  const items = c.items ? predicate(c.items) : undefined;
  return (v) => {
    if (!Array.isArray(v) || v.length < minItems || v.length > maxItems) return false;
    if (items !== undefined) for (let i = 0; i < v.length; i++) if (!items(v[i])) return false;
    return true;
  };
}

function stringPredicate(c: Compiled): Pred {
  const { minLength, maxLength, pattern, noWildcard, durationMinNs } = c;
  const base64 = c.format === 'byte';
  if (minLength === undefined && maxLength === undefined && !pattern && !noWildcard && !base64) {
    if (durationMinNs === undefined) return (v) => typeof v === 'string';
    return (v) => {
      if (typeof v !== 'string') return false;
      const ns = parseGoDuration(v);
      return ns !== undefined && ns >= durationMinNs;
    };
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    if (minLength !== undefined && v.length < minLength) return false;
    if (maxLength !== undefined && v.length > maxLength) return false;
    if (pattern && !pattern.test(v)) return false;
    if (noWildcard && v.includes('*')) return false;
    if (base64 && !BASE64_RE.test(v)) return false;
    if (durationMinNs !== undefined) {
      const ns = parseGoDuration(v);
      if (ns === undefined || ns < durationMinNs) return false;
    }
    return true;
  };
}

const SCHEMA = schemaFile as unknown as SchemaFile;
const compiled = new Map<string, { node: Compiled; valid: Pred }>();

/** Work counters for the no-per-object-compilation regression test (test/perf). */
export const validatorStats = { schemaCompilations: 0, regexCompilations: 0 };

function specSchema(apiVersion: string, kind: string): { node: Compiled; valid: Pred } | undefined {
  const id = SCHEMA.resources[apiVersion]?.[kind];
  if (id === undefined) return undefined;
  let c = compiled.get(id);
  if (!c) {
    const node = compile(SCHEMA.schemas[id]!);
    c = { node, valid: predicate(node) };
    validatorStats.schemaCompilations++;
    compiled.set(id, c);
  }
  return c;
}

/**
 * The two schema walks of a spec, for the test that they agree: the fast predicate and the
 * interpreter's errors. Not for other use.
 */
export const schemaWalksForTesting = {
  fast(apiVersion: string, kind: string, spec: unknown): boolean {
    return specSchema(apiVersion, kind)!.valid(spec);
  },
  errors(apiVersion: string, kind: string, spec: unknown): ValidationError[] {
    const ctx = new Ctx([]);
    checkNode(specSchema(apiVersion, kind)!.node, spec, ctx);
    return ctx.errors;
  },
};

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

const MAX_DURATION_NS = 9223372036854775807;

/**
 * Nanoseconds of a Go duration string (`1.5s`, `300ms`, `1h2m`), or undefined when it does not parse.
 * The grammar: `[-+]?(0|(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)`; each part's number is read
 * with `Number()` (exactly, by digits, when it is a short integer) and multiplied by its unit.
 */
export function parseGoDuration(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const first = text.charCodeAt(0);
  const negative = first === 45; /* - */
  if (negative || first === 43 /* + */) i = 1;
  if (i >= n) return undefined;
  if (i === n - 1 && text.charCodeAt(i) === 48 /* 0 */) return negative ? -0 : 0;
  let ns = 0;
  while (i < n) {
    const start = i;
    let whole = 0;
    let c = text.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    const wholeDigits = i - start;
    let fraction = false;
    if (c === 46 /* . */) {
      fraction = true;
      const dot = i;
      c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57) c = text.charCodeAt(++i);
      if (wholeDigits === 0 && i === dot + 1) return undefined;
    } else if (wholeDigits === 0) return undefined;
    const numberEnd = i;
    let unit: number;
    const next = text.charCodeAt(i + 1);
    if (c === 110 /* n */ && next === 115) (unit = 1), (i += 2);
    else if ((c === 117 /* u */ || c === 0xb5 /* µ */ || c === 0x3bc) /* μ */ && next === 115) (unit = 1e3), (i += 2);
    else if (c === 109 /* m */) {
      if (next === 115 /* s */) (unit = 1e6), (i += 2);
      else (unit = 60e9), (i += 1);
    } else if (c === 115 /* s */) (unit = 1e9), (i += 1);
    else if (c === 104 /* h */) (unit = 3600e9), (i += 1);
    else return undefined;
    const value = fraction || wholeDigits > 15 ? Number(text.slice(start, numberEnd)) : whole;
    ns += value * unit;
  }
  if (ns > MAX_DURATION_NS) return undefined;
  return negative ? -ns : ns;
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
  let schema: { node: Compiled; valid: Pred } | undefined;
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
    if (!schema.valid(spec)) checkNode(schema.node, spec, ctx);
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

/**
 * `fn` on each object of `list`, with `field[i]` on the path. `fn` gets the context too, so the hot
 * paths pass a top-level function and allocate no closure per call.
 */
function eachObject(list: unknown, ctx: Ctx, field: string, fn: (item: Record<string, unknown>, ctx: Ctx) => void): void {
  if (!Array.isArray(list)) return;
  ctx.path.push(field);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item)) continue;
    ctx.path.push(i);
    fn(item, ctx);
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
const MATCH_MAP_FIELDS = ['headers', 'withoutHeaders', 'queryParams'] as const;
const REDIRECT_TARGETS = ['uri', 'authority', 'scheme', 'port', 'derivePort'] as const;

// The VirtualService walk runs for every route of the output: top-level functions and plain loops,
// no closures or arrays built per route (they were a good part of the validator's time and garbage).

function checkVirtualService(spec: Record<string, unknown>, ctx: Ctx): void {
  eachObject(spec.http, ctx, 'http', checkHttpRoute);
  eachObject(spec.tls, ctx, 'tls', checkL4Route);
  eachObject(spec.tcp, ctx, 'tcp', checkL4Route);
}

function checkL4Route(route: Record<string, unknown>, ctx: Ctx): void {
  checkRouteDestinations(route.route, 'route', ctx);
}

function checkHttpRoute(route: Record<string, unknown>, ctx: Ctx): void {
  const hasRoute = Array.isArray(route.route) && route.route.length > 0;
  const hasRedirect = route.redirect !== undefined && route.redirect !== null;
  const hasDirect = route.directResponse !== undefined && route.directResponse !== null;
  const hasDelegate = route.delegate !== undefined && route.delegate !== null;
  const actions = +hasRoute + +hasRedirect + +hasDirect + +hasDelegate;
  if (actions > 1) {
    const found = [hasRoute && 'route', hasRedirect && 'redirect', hasDirect && 'directResponse', hasDelegate && 'delegate'].filter(Boolean);
    ctx.error(`only one of route, redirect, directResponse, delegate may be set; found ${found.join(', ')}`);
  }
  if (actions === 0) ctx.error('one of route, redirect, directResponse or delegate is required');
  const rewrite = route.rewrite;
  if (isObject(rewrite) && (hasRedirect || hasDirect)) ctx.error('rewrite cannot be combined with redirect or directResponse', 'rewrite');

  const redirect = route.redirect;
  if (isObject(redirect)) {
    ctx.path.push('redirect');
    const code = redirect.redirectCode;
    if (code !== undefined && typeof code === 'number' && !REDIRECT_CODES.has(code)) {
      ctx.error(`must be one of 301, 302, 303, 307, 308; got ${code}`, 'redirectCode');
    }
    let target = false;
    for (const k of REDIRECT_TARGETS) if (redirect[k] !== undefined && redirect[k] !== '') target = true;
    if (!target) ctx.error('must set at least one of uri, authority, scheme, port, derivePort');
    ctx.path.pop();
  }

  if (isObject(rewrite)) {
    ctx.path.push('rewrite');
    if (rewrite.uri !== undefined && rewrite.uriRegexRewrite !== undefined) ctx.error('only one of uri, uriRegexRewrite may be set; found uri, uriRegexRewrite');
    const rr = rewrite.uriRegexRewrite;
    if (isObject(rr)) checkRegexAt(rr.match, ctx, 'uriRegexRewrite', 'match');
    ctx.path.pop();
  }

  eachObject(route.match, ctx, 'match', checkMatch);

  const cors = route.corsPolicy;
  if (isObject(cors) && Array.isArray(cors.allowOrigins)) {
    const origins = cors.allowOrigins;
    ctx.path.push('corsPolicy', 'allowOrigins');
    for (let i = 0; i < origins.length; i++) {
      const sm = origins[i];
      if (isObject(sm)) checkRegexAt(sm.regex, ctx, i, 'regex');
    }
    ctx.path.pop();
    ctx.path.pop();
  }

  checkRouteDestinations(route.route, 'route', ctx);
  const mirror = route.mirror;
  if (isObject(mirror)) checkDestinationPort(mirror, ctx, 'mirror');
  checkRouteDestinations(route.mirrors, 'mirrors', ctx);
}

function checkMatch(match: Record<string, unknown>, ctx: Ctx): void {
  for (const field of STRING_MATCH_FIELDS) {
    const sm = match[field];
    if (isObject(sm)) checkRegexAt(sm.regex, ctx, field, 'regex');
  }
  for (const field of MATCH_MAP_FIELDS) {
    const map = match[field];
    if (!isObject(map)) continue;
    for (const key in map) {
      if (field !== 'queryParams') {
        if (key.length === 0) ctx.error('header name must not be empty', field, new MapKey(key));
        else if (key !== key.toLowerCase()) ctx.error('header name must be lower-case', field, new MapKey(key));
      }
      const sm = map[key];
      if (isObject(sm)) {
        const problem = regexProblem(sm.regex);
        if (problem !== undefined) ctx.error(problem, field, new MapKey(key), 'regex');
      }
    }
  }
}

/** `list[i].destination.port.number` of route destinations or mirrors. */
function checkRouteDestinations(list: unknown, field: string, ctx: Ctx): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const rd = list[i];
    if (!isObject(rd)) continue;
    const d = rd.destination;
    if (isObject(d) && isObject(d.port) && badPortNumber(d.port.number)) ctx.error(portNumberError(d.port.number), field, i, 'destination', 'port', 'number');
  }
}

/** Istio's ValidatePort: a port number set on a server or destination must be 1..65535 (the CRD allows any uint32). */
function badPortNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && (n < 1 || n > 65535);
}

const portNumberError = (n: number): string => `port number must be in 1..65535; got ${n}`;

function checkDestinationPort(destination: Record<string, unknown>, ctx: Ctx, field: string): void {
  if (isObject(destination.port) && badPortNumber(destination.port.number)) ctx.error(portNumberError(destination.port.number), field, 'port', 'number');
}

const MAX_REGEX_LENGTH = 1024;
const regexCache = new Map<string, string | null>();

/** Why an RE2 pattern (Envoy safe_regex) is not acceptable: empty, over 1024 characters, does not compile; undefined when it is fine or not a string. */
function regexProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  if (pattern.length === 0) return 'regex must not be empty';
  if (pattern.length > MAX_REGEX_LENGTH) return `regex must be at most ${MAX_REGEX_LENGTH} characters long; has ${pattern.length}`;
  let problem = regexCache.get(pattern);
  if (problem === undefined) {
    validatorStats.regexCompilations++;
    // The engine's caches: most emitted regexes were checked or compiled already while converting.
    problem = re2SyntaxError(pattern) ?? null;
    if (regexCache.size >= 10_000) regexCache.clear();
    regexCache.set(pattern, problem);
  }
  return problem === null ? undefined : `not a valid RE2 regex: ${problem}`;
}

/** Checks the pattern at `field.sub` below the current path. */
function checkRegexAt(pattern: unknown, ctx: Ctx, field: Segment, sub: Segment): void {
  const problem = regexProblem(pattern);
  if (problem !== undefined) ctx.error(problem, field, sub);
}

/** Protocols Istio's protocol.Parse accepts (case-insensitive). */
const PROTOCOLS = new Set(['HTTP', 'HTTPS', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB', 'TCP', 'UDP', 'TLS', 'MONGO', 'REDIS', 'MYSQL']);
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);

function checkGateway(spec: Record<string, unknown>, ctx: Ctx): void {
  const portNames = new Map<string, number>();
  eachObject(spec.servers, ctx, 'servers', (server) => {
    const index = ctx.path[ctx.path.length - 1] as number;
    const port = isObject(server.port) ? server.port : undefined;
    if (port && badPortNumber(port.number)) ctx.error(portNumberError(port.number), 'port', 'number');
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
