/**
 * Property-based fuzzing of the whole pipeline (read → model → rules → emit), in-process.
 *
 * Cases are (a) mutations of the real corpus (structure: drop/duplicate/retype fields, odd strings;
 * text: truncation, insertion, CRLF, BOM, tabs, concatenation) and (b) Ingress sets generated from
 * scratch (hosts, paths of every type, TLS, default backends, annotations of every controller with
 * random values for the catalog's keys). Each case must hold the invariants in `checkCase`.
 *
 * `npm test` runs a bounded number through test/robustness/fuzz.test.ts; `npm run fuzz` runs many:
 *   npm run fuzz -- --runs 20000 --seed 42 --minutes 10 [--corpus DIR]
 * Every failure is printed with its seed and path, which replay it exactly:
 *   npm run fuzz -- --seed <seed> --path <path>
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allRules } from '../rules/index.js';
import { convert } from '../src/engine/convert.js';
import { print } from '../src/emit/print.js';
import { validateAll } from '../src/istio/validate.js';
import type { ControllerId } from '../src/model/ingress.js';
import { defaultOptions, type ConvertOptions } from '../src/model/options.js';
import type { InputError } from '../src/model/source.js';
import { normalize, parseText } from '../src/read/index.js';
import { decodeBytes } from '../src/read/text.js';
import { findingsReportText } from '../src/report/findings-json.js';
import type { RawObject } from '../src/read/types.js';

// ---------------------------------------------------------------------------------------------
// Cases and the pipeline

export interface FuzzFile {
  name: string;
  /** Text of the file; `bytes`, when set, is what is decoded instead (BOM, invalid UTF-8). */
  text: string;
  bytes?: Uint8Array;
}

export interface FuzzCase {
  /** How the case was made, for the failure report. */
  origin: string;
  files: FuzzFile[];
  options: Partial<ConvertOptions>;
}

export interface CaseOutcome {
  /** Invariant violations, one line each; empty when the case passes. */
  problems: string[];
  /** Short stable text per problem, to group failures of one bug. */
  signatures: string[];
}

/** The conversion step; replaceable so tests can check that the checker catches broken output. */
export type ConvertFn = typeof convert;

function runPipeline(c: FuzzCase, convertFn: ConvertFn = convert) {
  const errors: InputError[] = [];
  const objects: RawObject[] = [];
  for (const f of c.files) {
    let text = f.text;
    if (f.bytes) {
      const decoded = decodeBytes(f.bytes, f.name);
      errors.push(...decoded.errors);
      text = decoded.text;
    }
    const parsed = parseText(text, f.name);
    errors.push(...parsed.errors);
    objects.push(...parsed.objects);
  }
  const options = defaultOptions(c.options);
  const set = normalize(objects, { ...(options.controller ? { controller: options.controller } : {}), ...(options.ingressClass ? { ingressClass: options.ingressClass } : {}) });
  set.errors = [...errors, ...set.errors];
  return convertFn(set, options);
}

/** Replace digits and quoted values so messages of one bug group together. */
function signatureOf(kind: string, text: string): string {
  return `${kind}: ${text
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\[\d+\]/g, '[]')
    .replace(/\.\d+(?=\.|$)/g, '[]')
    .replace(/\d+/g, 'N')
    .slice(0, 160)}`;
}

/** Runs the pipeline twice and checks every invariant. Never throws. */
export function checkCase(c: FuzzCase, convertFn: ConvertFn = convert): CaseOutcome {
  const problems: string[] = [];
  const signatures: string[] = [];
  const fail = (kind: string, message: string, sig = message) => {
    problems.push(`${kind}: ${message}`);
    signatures.push(signatureOf(kind, sig));
  };
  let first: ReturnType<typeof runPipeline>;
  let printed: string;
  try {
    first = runPipeline(c, convertFn);
    printed = print(first.resources, 'yaml');
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const where = (e.stack ?? '').split('\n').find((l) => l.includes('/src/') || l.includes('/rules/')) ?? '';
    fail('exception', `${e.message} ${where.trim()}`, `${e.message.slice(0, 60)} ${where.trim().replace(/:\d+:\d+\)?$/, '')}`);
    return { problems, signatures };
  }

  const names = new Set(c.files.map((f) => f.name));
  for (const e of first.errors) {
    if (!names.has(e.source.file)) fail('error-location', `error names file ${JSON.stringify(e.source.file)}: ${e.message}`);
    else if (!(Number.isInteger(e.source.line) && e.source.line >= 1) && !/more .* not listed/.test(e.message)) {
      fail('error-location', `error without a line (${e.source.file}:${e.source.line}): ${e.message}`, e.message);
    }
    if (typeof e.message !== 'string' || !e.message) fail('error-message', `error without a message at ${e.source.file}:${e.source.line}`);
  }

  // The printed YAML and JSON must read back as the same objects (quoting of odd strings), and the
  // --report document must serialize.
  try {
    const back = jsYaml.loadAll(printed);
    if (JSON.stringify(back) !== JSON.stringify(first.resources)) fail('print', 'printed YAML does not read back as the same objects');
    const json = JSON.parse(print(first.resources, 'json')) as { kind?: string; items?: unknown[] };
    const items = first.resources.length === 1 ? [json] : json.items;
    if (JSON.stringify(items) !== JSON.stringify(first.resources)) fail('print', 'printed JSON does not read back as the same objects');
    JSON.parse(findingsReportText(first));
  } catch (err) {
    fail('print', `output does not read back: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const f of first.findings) {
    if (!f.message || !f.key || !['converted', 'partial', 'unsupported', 'ignored', 'error'].includes(f.level)) fail('finding', `malformed finding ${JSON.stringify(f).slice(0, 200)}`, `malformed finding level=${f.level}`);
  }

  for (const v of validateAll(first.resources)) fail('schema', `${v.object} ${v.path}: ${v.message}`, `${v.object.split(' ')[0]} ${v.path}: ${v.message}`);

  for (const ing of first.ingresses) {
    for (const ann of ing.annotations) {
      const hit = first.findings.some((f) => f.ingress.namespace === ing.namespace && f.ingress.name === ing.name && f.key === ann.key);
      if (!hit) fail('no-finding', `${ing.namespace}/${ing.name} (${ing.owner.controller}) annotation ${ann.key} has no finding`, `${ing.owner.controller} ${ann.key}`);
    }
  }

  try {
    const second = runPipeline(c, convertFn);
    if (print(second.resources, 'yaml') !== printed) fail('nondeterministic', 'two conversions of the same input printed different YAML');
    if (JSON.stringify(second.findings) !== JSON.stringify(first.findings)) fail('nondeterministic', 'two conversions of the same input gave different findings');
  } catch (err) {
    fail('exception', `second run threw: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { problems, signatures };
}

// ---------------------------------------------------------------------------------------------
// Value pools

/** Strings that have broken parsers, templaters, regex builders and printers before. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '\t', '\r', '\r\n', '\n', '\u0000', '\uFEFF', '\u202E', '\u200B', 'ü', '日本語', '😀', 'a\u0301', '\uD800', '\uDFFF',
  '{{ .Values.host }}', '{{- include "x" . }}', '__HOST__', '${HOST}', '$1', '$host$request_uri', '%', '%2F', '%{HOST}', '\\', '\\1',
  '(a+)+$', '.*', '[', ']', '^', '$', '|', '(?<n>x)', '(?=x)', '\\d+', '*', '?', '+', '{', '}', '{1,99999}',
  'null', '~', 'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'False', '0x1F', '0o17', '1e3', '.inf', '-.inf', '.nan', '-', '0', '-1',
  '@', '`', '*alias', '&anchor', '!!binary', '!!python/object', '? x', 'a: b', '# comment', '---', '...', '"', "'", '<script>',
  'lua_code_cache off;', 'proxy_pass http://evil;', 'content_by_lua_block { os.execute("id") }',
];

const LONG = (ch: string, n: number) => ch.repeat(n);

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '-', '.', '/', '(', 'ü'), fc.integer({ min: 60, max: 5000 })).map(([c, n]) => LONG(c, n)) },
);

const HOSTS = [
  'example.com', 'www.example.com', 'a.example.com', 'foo.bar.example.com', '*.example.com', '*.a.example.com', 'a-b.com', 'a.b-com',
  'EXAMPLE.com', 'ex_ample.com', '-bad.com', 'bad-.com', '1.2.3.4', 'xn--bcher-kva.example', 'bücher.example', '*', '*.*.com', 'a..b',
  'host:80', `${'a'.repeat(64)}.com`, `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, '{{ .Values.host }}', '__HOST__', '',
  'localhost', 'example.com.', '.example.com',
];

const PATHS = [
  '/', '/api', '/api/', '/api/v1', '/a/b/', '/.well-known/acme-challenge', '/foo(/|$)(.*)', '/(a+)+$', '/x/(?<name>\\w+)', '/(?=look)',
  '/\\d+', '~ ^/x', '/foo.*', '/a b', '/%2F', 'nolead', '', '/é', '/{id}', '/[a-z]+', '/foo$', '/a|b', '/a//b', '/*', '/api/*', '/$1',
  '/(?i)case', '/a\\', '/\\Q.\\E', '/(?P<x>y)', '/(a)\\1', '/x{2,}', '//',
];

const PATH_TYPES: Array<string | undefined> = ['Prefix', 'Exact', 'ImplementationSpecific', '', undefined, 'Bogus', 'prefix'];

const SERVICES = ['web', 'api', 'web-1', 'a.b', 'Bad_Name', '', 'x'.repeat(64), 'backend'];
const PORTS: Array<number | string> = [80, 443, 8080, 1, 65535, 0, 70000, -1, 'http', 'https', 'grpc', 'HTTP', 'x'.repeat(20), '8080', ''];
const NAMESPACES = ['default', 'team-a', 'team-b', 'a.b', 'Bad_NS', 'x'.repeat(63)];
const NAMES = ['web', 'api', 'web-1', 'a-b-com', 'a.b-com', 'a-b.com', 'x'.repeat(253), 'Bad_Name', 'web.v2'];
const CLASS_NAMES = ['nginx', 'contour', 'haproxy', 'nginx-inc', 'istio', 'alb', 'unknown-class', ''];
const CLASS_CONTROLLERS: Record<string, string> = {
  nginx: 'k8s.io/ingress-nginx',
  contour: 'projectcontour.io/ingress-controller',
  haproxy: 'haproxy.org/ingress-controller',
  'haproxy-ingress': 'haproxy-ingress.github.io/controller',
  'nginx-inc': 'nginx.org/ingress-controller',
  istio: 'istio.io/ingress-controller',
};

/** Values that the catalog's keys take: booleans, numbers, durations, sizes, lists, URLs, regexes. */
export const ANNOTATION_VALUES: readonly string[] = [
  'true', 'false', 'True', '0', '1', '-1', '3', '30', '100', '99999999999', '1.5', '30s', '5m', '1h', '100ms', '2d', '10m', '1k', '8k', '1g',
  '301', '302', '307', '308', '999', 'off', 'on', '*', 'GET, POST', 'X-Foo: bar', 'cookie', 'route', 'header', 'source_ip', '$request_uri',
  '$remote_addr', 'round_robin', 'ewma', 'least_conn', 'roundrobin', 'leastconn', 'random', 'HTTP', 'HTTPS', 'GRPC', 'GRPCS', 'AJP', 'FCGI', 'h2', 'h2c',
  '10.0.0.0/8', '10.0.0.0/8,192.168.0.0/16', '1.2.3.4', '::1/128', '2001:db8::/32', '300.1.1.1/8', '10.0.0.0/33',
  'http://auth.example.com/verify', 'https://auth.example.com/oauth2/auth', 'https://$host/start?rd=$escaped_request_uri', 'ns/secret', 'secret', 'default/basic-auth',
  '/', '/$1', '/$2', '/app', 'https://example.com', 'example.com', 'www.example.com', 'a.example.com,b.example.com', '^/api/(.*)', '(a+)+$',
  'more_set_headers "X: y";', 'proxy_pass http://evil;', 'rewrite ^ /x break;', 'access_by_lua_block { ngx.exit(403) }',
  'weight=10', 'Canary', 'always', 'never', 'Lax', 'Strict', 'none', 'TLSv1.2 TLSv1.3', 'ECDHE-RSA-AES128-GCM-SHA256', 'on_error',
  'error timeout', 'http_502 http_503', '{"a":1}', '[1,2]', 'a=b,c=d', 'ratelimit', 'enabled', '{{ .Values.x }}', '',
];

export const annotationValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ANNOTATION_VALUES) },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 100000 }).map(String) },
);

/** Every annotation key the catalog knows (Ingress ones; Service ones are put on Services). */
export function catalogKeys(): { ingress: string[]; service: string[] } {
  const ingress = new Set<string>();
  const service = new Set<string>();
  for (const r of allRules) for (const k of r.meta.keys) (k.on === 'service' ? service : ingress).add(k.key);
  return { ingress: [...ingress].sort(), service: [...service].sort() };
}

const EXTRA_KEYS = [
  'kubernetes.io/ingress.class', 'projectcontour.io/ingress.class', 'nginx.ingress.kubernetes.io/not-a-real-key', 'example.com/owner',
  'kubectl.kubernetes.io/last-applied-configuration', 'cert-manager.io/cluster-issuer', 'nginx.org/unknown', 'haproxy.org/unknown',
  'haproxy-ingress.github.io/unknown', 'projectcontour.io/unknown', 'ingress.kubernetes.io/rewrite-target', 'alb.ingress.kubernetes.io/scheme',
];

// ---------------------------------------------------------------------------------------------
// (b) Ingress sets from scratch

interface GenPath { path: string | undefined; pathType: string | undefined; service: string; port: number | string; resource: boolean }
interface GenRule { host: string | undefined; paths: GenPath[] }

const genPath: fc.Arbitrary<GenPath> = fc.record({
  path: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: oddString.map((s) => `/${s}`) }),
  pathType: fc.constantFrom(...PATH_TYPES),
  service: fc.constantFrom(...SERVICES),
  port: fc.constantFrom(...PORTS),
  // One path in twenty has a resource backend.
  resource: fc.nat(19).map((n) => n === 0),
});

const genHost: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HOSTS) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.domain() },
  { weight: 1, arbitrary: oddString },
);

const genRule: fc.Arbitrary<GenRule> = fc.record({ host: genHost, paths: fc.array(genPath, { minLength: 0, maxLength: 4 }) });

function backendObj(api: string, service: string, port: number | string, resource: boolean): Record<string, unknown> {
  if (resource) return api === 'networking.k8s.io/v1' ? { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } } : { resource: { kind: 'StorageBucket', name: 'static' } };
  if (api === 'networking.k8s.io/v1') return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
  return { serviceName: service, servicePort: port };
}

export function ingressArbitrary(keys = catalogKeys()): fc.Arbitrary<Record<string, unknown>> {
  const annKey = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...keys.ingress) }, { weight: 1, arbitrary: fc.constantFrom(...EXTRA_KEYS) });
  return fc
    .record({
      api: fc.constantFrom('networking.k8s.io/v1', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'),
      name: fc.constantFrom(...NAMES),
      namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
      className: fc.option(fc.constantFrom(...CLASS_NAMES), { nil: undefined }),
      annotations: fc.dictionary(annKey, annotationValue, { maxKeys: 8 }),
      rules: fc.array(genRule, { maxLength: 4 }),
      defaultBackend: fc.option(fc.record({ service: fc.constantFrom(...SERVICES), port: fc.constantFrom(...PORTS), resource: fc.nat(9).map((n) => n === 0) }), { nil: undefined }),
      tls: fc.array(fc.record({ hosts: fc.option(fc.array(genHost.map((h) => h ?? 'example.com'), { maxLength: 3 }), { nil: undefined }), secretName: fc.option(fc.constantFrom('tls', 'web-tls', '', 'Bad_Secret'), { nil: undefined }) }), { maxLength: 2 }),
      created: fc.option(fc.constantFrom('2020-01-01T00:00:00Z', '2021-06-01T00:00:00Z', '2021-06-01T00:00:00Z', 'not-a-date'), { nil: undefined }),
    })
    .map((g) => {
      const spec: Record<string, unknown> = {};
      if (g.className !== undefined && g.api === 'networking.k8s.io/v1') spec.ingressClassName = g.className;
      if (g.defaultBackend) spec[g.api === 'networking.k8s.io/v1' ? 'defaultBackend' : 'backend'] = backendObj(g.api, g.defaultBackend.service, g.defaultBackend.port, g.defaultBackend.resource);
      if (g.tls.length) spec.tls = g.tls.map((t) => ({ ...(t.hosts ? { hosts: t.hosts } : {}), ...(t.secretName !== undefined ? { secretName: t.secretName } : {}) }));
      if (g.rules.length) {
        spec.rules = g.rules.map((r) => ({
          ...(r.host !== undefined ? { host: r.host } : {}),
          http: {
            paths: r.paths.map((p) => ({
              ...(p.path !== undefined ? { path: p.path } : {}),
              ...(p.pathType !== undefined ? { pathType: p.pathType } : {}),
              backend: backendObj(g.api, p.service, p.port, p.resource),
            })),
          },
        }));
      }
      const metadata: Record<string, unknown> = { name: g.name };
      if (g.namespace !== undefined) metadata.namespace = g.namespace;
      if (g.created !== undefined) metadata.creationTimestamp = g.created;
      if (Object.keys(g.annotations).length) metadata.annotations = g.annotations;
      return { apiVersion: g.api, kind: 'Ingress', metadata, spec };
    });
}

function extraObjectsArbitrary(keys: { service: string[] }): fc.Arbitrary<Record<string, unknown>[]> {
  const ingressClass = fc.record({ name: fc.constantFrom(...CLASS_NAMES.filter(Boolean)), controller: fc.constantFrom(...Object.values(CLASS_CONTROLLERS), 'example.com/other'), isDefault: fc.boolean() }).map((c) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: c.name, ...(c.isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    spec: { controller: c.controller },
  }));
  const serviceAnn = keys.service.length ? fc.dictionary(fc.constantFrom(...keys.service), annotationValue, { maxKeys: 3 }) : fc.constant({});
  const service = fc
    .record({
      name: fc.constantFrom(...SERVICES.filter(Boolean)),
      namespace: fc.constantFrom(...NAMESPACES),
      ports: fc.array(fc.record({ name: fc.option(fc.constantFrom('http', 'https', 'grpc', 'h2c', 'tls'), { nil: undefined }), port: fc.constantFrom(80, 443, 8080, 9000), appProtocol: fc.option(fc.constantFrom('http', 'https', 'h2c', 'kubernetes.io/h2c', 'grpc'), { nil: undefined }) }), { maxLength: 3 }),
      annotations: serviceAnn,
    })
    .map((s) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, namespace: s.namespace, ...(Object.keys(s.annotations).length ? { annotations: s.annotations } : {}) },
      spec: { ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })) },
    }));
  return fc.array(fc.oneof(ingressClass, service), { maxLength: 3 });
}

function serialize(objs: unknown[], asJson: boolean): string {
  if (asJson) return JSON.stringify(objs.length === 1 ? objs[0] : { apiVersion: 'v1', kind: 'List', items: objs }, null, 2);
  return objs.map((o) => `---\n${jsYaml.dump(o, { lineWidth: -1, noRefs: true })}`).join('');
}

const optionsArbitrary: fc.Arbitrary<Partial<ConvertOptions>> = fc.record(
  {
    envoyFilters: fc.boolean(),
    apiVersion: fc.constantFrom('v1', 'v1beta1', 'v1alpha3'),
    controller: fc.constantFrom<ControllerId>('ingress-nginx', 'nginx-inc', 'contour', 'haproxytech', 'haproxy-ingress'),
    // Settings of the ingress-nginx ConfigMap (--nginx-config) that change defaults, valid or not.
    nginxConfig: fc.dictionary(
      fc.constantFrom('ssl-redirect', 'force-ssl-redirect', 'http-redirect-code', 'no-tls-redirect-locations', 'proxy-read-timeout', 'proxy-next-upstream', 'proxy-next-upstream-tries', 'limit-req-status-code', 'allow-snippet-annotations', 'annotations-risk-level', 'allow-cross-namespace-resources', 'global-auth-url', 'whitelist-source-range', 'denylist-source-range', 'proxy-body-size'),
      fc.constantFrom('true', 'false', '0', '3', '301', '308', '429', '999', 'abc', '', '/x,/y', '60', '1m', 'Critical', 'error timeout http_502', 'off', '10.0.0.0/8', 'http://auth.example.com/'),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: [] },
);

export function generatedCaseArbitrary(): fc.Arbitrary<FuzzCase> {
  const keys = catalogKeys();
  return fc
    .record({
      ingresses: fc.array(ingressArbitrary(keys), { minLength: 1, maxLength: 5 }),
      extra: extraObjectsArbitrary(keys),
      asJson: fc.nat(5).map((n) => n === 0),
      options: optionsArbitrary,
    })
    .map((g) => ({
      origin: 'generated',
      files: [{ name: g.asJson ? 'generated.json' : 'generated.yaml', text: serialize([...g.extra, ...g.ingresses], g.asJson) }],
      options: g.options,
    }));
}

// ---------------------------------------------------------------------------------------------
// (a) Mutations of the corpus

export interface CorpusDoc {
  name: string;
  text: string;
  /** Parsed documents, when js-yaml can load the file. */
  docs?: unknown[];
}

export function loadCorpus(dir: string): CorpusDoc[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      let docs: unknown[] | undefined;
      try {
        docs = jsYaml.loadAll(text).filter((d) => d !== null && d !== undefined);
      } catch {
        docs = undefined;
      }
      return { name: f, text, ...(docs ? { docs } : {}) };
    });
}

type StructOp =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'retype'; at: number; value: unknown }
  | { op: 'string'; at: number; value: string }
  | { op: 'addAnnotation'; at: number; key: string; value: string };

type TextOp =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; value: string }
  | { op: 'crlf' }
  | { op: 'bom' }
  | { op: 'tabs'; at: number }
  | { op: 'dupLine'; at: number }
  | { op: 'deleteLine'; at: number }
  | { op: 'invalidUtf8'; at: number }
  | { op: 'concat'; other: number; separator: string };

/** Every container path in a value, depth first, root first (paths of arrays and objects and their members). */
function allPaths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) allPaths((v as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

function applyStructOp(docs: unknown[], op: StructOp): unknown[] {
  const root: unknown[] = structuredClone(docs);
  if (op.op === 'addAnnotation') {
    const ingresses = root.filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && (d as { kind?: unknown }).kind === 'Ingress');
    const target = ingresses[op.at % Math.max(1, ingresses.length)];
    if (!target) return root;
    const md = (target.metadata ??= {}) as Record<string, unknown>;
    if (md && typeof md === 'object') {
      const ann = ((md as Record<string, unknown>).annotations ??= {}) as Record<string, unknown>;
      if (ann && typeof ann === 'object') ann[op.key] = op.value;
    }
    return root;
  }
  const paths = allPaths(root).filter((p) => p.length > 0);
  if (!paths.length) return root;
  const path = paths[op.at % paths.length]!;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1]!;
  switch (op.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      else parent[`${String(key)}`] = [structuredClone(parent[key as string]), structuredClone(parent[key as string])];
      break;
    case 'retype':
      (parent as Record<string | number, unknown>)[key] = op.value;
      break;
    case 'string':
      (parent as Record<string | number, unknown>)[key] = op.value;
      break;
  }
  return root;
}

const retypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.integer({ min: -70000, max: 70000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant([null]),
  fc.constant({ a: 1 }),
  oddString,
);

const structOp: fc.Arbitrary<StructOp> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: retypeValue }),
  fc.record({ op: fc.constant('string' as const), at: fc.nat(), value: oddString }),
);

function textOpArbitrary(corpusSize: number): fc.Arbitrary<TextOp> {
  return fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: oddString }),
    fc.record({ op: fc.constant('crlf' as const) }),
    fc.record({ op: fc.constant('bom' as const) }),
    fc.record({ op: fc.constant('tabs' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('invalidUtf8' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('concat' as const), other: fc.nat(Math.max(0, corpusSize - 1)), separator: fc.constantFrom('\n---\n', '\n', '---\n', '', '\n...\n') }),
  );
}

function lineSplice(text: string, at: number, f: (lines: string[], i: number) => void): string {
  const lines = text.split('\n');
  f(lines, at % lines.length);
  return lines.join('\n');
}

/** Applies text operations; returns the text, plus bytes when an operation needs raw bytes. */
function applyTextOps(text: string, ops: TextOp[], corpus: CorpusDoc[]): { text: string; bytes?: Uint8Array } {
  let t = text;
  let bom = false;
  const badBytes: number[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'truncate':
        t = t.slice(0, op.at % (t.length + 1));
        break;
      case 'insert': {
        const at = op.at % (t.length + 1);
        t = t.slice(0, at) + op.value + t.slice(at);
        break;
      }
      case 'crlf':
        t = t.replace(/\r?\n/g, '\r\n');
        break;
      case 'bom':
        bom = true;
        break;
      case 'tabs':
        t = lineSplice(t, op.at, (l, i) => (l[i] = l[i]!.replace(/^( +)/, (s) => '\t'.repeat(Math.max(1, s.length / 2)))));
        break;
      case 'dupLine':
        t = lineSplice(t, op.at, (l, i) => l.splice(i, 0, l[i]!));
        break;
      case 'deleteLine':
        t = lineSplice(t, op.at, (l, i) => l.splice(i, 1));
        break;
      case 'invalidUtf8':
        badBytes.push(op.at);
        break;
      case 'concat':
        t = t + op.separator + corpus[op.other % corpus.length]!.text;
        break;
    }
  }
  if (!bom && !badBytes.length) return { text: t };
  let bytes = Buffer.from(t, 'utf8');
  for (const at of badBytes) {
    const i = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(i)]);
  }
  if (bom) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  return { text: t, bytes: new Uint8Array(bytes) };
}

export function corpusCaseArbitrary(corpus: CorpusDoc[], keys = catalogKeys()): fc.Arbitrary<FuzzCase> {
  const addAnnotation: fc.Arbitrary<StructOp> = fc.record({ op: fc.constant('addAnnotation' as const), at: fc.nat(), key: fc.constantFrom(...keys.ingress, ...EXTRA_KEYS), value: annotationValue });
  return fc
    .record({
      index: fc.nat(corpus.length - 1),
      struct: fc.array(fc.oneof({ weight: 3, arbitrary: structOp }, { weight: 2, arbitrary: addAnnotation }), { maxLength: 4 }),
      text: fc.array(textOpArbitrary(corpus.length), { maxLength: 3 }),
      asJson: fc.nat(7).map((n) => n === 0),
      options: optionsArbitrary,
    })
    .map((g) => {
      const doc = corpus[g.index]!;
      let text = doc.text;
      if (doc.docs && g.struct.length) {
        let docs = doc.docs;
        for (const op of g.struct) docs = applyStructOp(docs, op);
        text = serialize(docs, g.asJson);
      }
      const out = applyTextOps(text, g.text, corpus);
      const ext = g.asJson && doc.docs && g.struct.length ? 'json' : doc.name.replace(/^.*\./, '');
      const name = `${doc.name.replace(/\.[^.]+$/, '')}.${ext}`;
      return {
        origin: `corpus ${doc.name} struct=${JSON.stringify(g.struct).slice(0, 300)} text=${JSON.stringify(g.text).slice(0, 300)}`,
        files: [{ name, text: out.text, ...(out.bytes ? { bytes: out.bytes } : {}) }],
        options: g.options,
      };
    });
}

/**
 * Several files in one run: objects merge across files (one host from several files, duplicates of
 * one object, IngressClasses defined in another file). Names are made distinct with a folder prefix;
 * with `repeat`, the first file is read a second time under another name.
 */
export function multiFileCaseArbitrary(corpus: CorpusDoc[]): fc.Arbitrary<FuzzCase> {
  const one = corpus.length ? fc.oneof(corpusCaseArbitrary(corpus), generatedCaseArbitrary()) : generatedCaseArbitrary();
  return fc.record({ cases: fc.array(one, { minLength: 2, maxLength: 3 }), repeat: fc.boolean() }).map(({ cases, repeat }) => {
    const files = cases.flatMap((c, i) => c.files.map((f) => ({ ...f, name: `f${i}/${f.name}` })));
    if (repeat) files.push({ ...files[0]!, name: `again/${files[0]!.name}` });
    return { origin: `multi [${cases.map((c) => c.origin.slice(0, 200)).join(' + ')}]${repeat ? ' + first file again' : ''}`, files, options: cases[0]!.options };
  });
}

export function caseArbitrary(corpus: CorpusDoc[]): fc.Arbitrary<FuzzCase> {
  if (!corpus.length) return generatedCaseArbitrary();
  return fc.oneof({ weight: 3, arbitrary: corpusCaseArbitrary(corpus) }, { weight: 3, arbitrary: generatedCaseArbitrary() }, { weight: 1, arbitrary: multiFileCaseArbitrary(corpus) });
}

// ---------------------------------------------------------------------------------------------
// Long runs

interface Args { runs: number; seed: number; minutes: number; corpus: string; path?: string }

function parseArgs(argv: string[]): Args {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const args: Args = { runs: 20000, seed: Date.now() % 2 ** 31, minutes: 10, corpus: resolve(repo, '../shared/corpus/real') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--runs' && v) (args.runs = Number(v)), i++;
    else if (a === '--seed' && v) (args.seed = Number(v)), i++;
    else if (a === '--minutes' && v) (args.minutes = Number(v)), i++;
    else if (a === '--corpus' && v) (args.corpus = v), i++;
    else if (a === '--path' && v) (args.path = v), i++;
    else {
      process.stderr.write(`unknown argument ${a}\nusage: fuzz [--runs N] [--seed S] [--minutes M] [--corpus DIR] [--path P]\n`);
      process.exit(2);
    }
  }
  return args;
}

function describeCase(c: FuzzCase): string {
  const files = c.files.map((f) => `--- file ${f.name}${f.bytes ? ' (bytes: BOM or invalid UTF-8)' : ''} ---\n${f.text.length > 4000 ? `${f.text.slice(0, 4000)}\n… (${f.text.length} chars)` : f.text}`).join('\n');
  return `origin: ${c.origin}\noptions: ${JSON.stringify(c.options)}\n${files}`;
}

/** Shrinks a failing case to a small one that fails with the same signature. */
function shrink(arb: fc.Arbitrary<FuzzCase>, seed: number, path: string, signature: string): { example: FuzzCase; path: string } | undefined {
  const same = fc.property(arb, (c) => !checkCase(c).signatures.includes(signature));
  const r = fc.check(same, { seed, path, numRuns: 1, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: false });
  return r.failed && r.counterexample ? { example: r.counterexample[0], path: r.counterexamplePath ?? path } : undefined;
}

function mainRun(): number {
  const args = parseArgs(process.argv.slice(2));
  const corpus = loadCorpus(args.corpus);
  const arb = caseArbitrary(corpus);
  if (args.path) {
    const r = fc.check(
      fc.property(arb, (c) => {
        const out = checkCase(c);
        if (out.problems.length) throw new Error(out.problems.join('\n'));
      }),
      { seed: args.seed, path: args.path, numRuns: 1, endOnFailure: true },
    );
    if (!r.failed) {
      process.stdout.write(`replay seed=${args.seed} path=${args.path}: passes\n`);
      return 0;
    }
    process.stdout.write(`replay seed=${args.seed} path=${args.path}: FAILS\n${r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance)}\n${describeCase(r.counterexample![0])}\n`);
    return 1;
  }

  // The property records failures instead of failing, so one bug does not stop the run; each
  // distinct failure (by signature) is shrunk once at the end.
  const deadline = Date.now() + args.minutes * 60_000;
  const failures = new Map<string, { path: string; count: number; message: string }>();
  let index = 0;
  const property = fc.property(arb, (c) => {
    const out = checkCase(c);
    out.signatures.forEach((sig, i) => {
      const f = failures.get(sig);
      if (f) f.count++;
      else {
        failures.set(sig, { path: String(index), count: 1, message: out.problems[i]! });
        process.stdout.write(`FAILURE #${failures.size} at case ${index} (replay: --seed ${args.seed} --path ${index}): ${out.problems[i]!.slice(0, 300)}\n`);
      }
    });
    index++;
    if (index % 1000 === 0) process.stdout.write(`… ${index} cases, ${failures.size} distinct failures\n`);
  });
  process.stdout.write(`fuzz: seed ${args.seed}, up to ${args.runs} cases or ${args.minutes} min, corpus ${corpus.length} files\n`);
  const started = Date.now();
  const r = fc.check(property, { seed: args.seed, numRuns: args.runs, interruptAfterTimeLimit: Math.max(1000, deadline - Date.now()), markInterruptAsFailure: false });
  if (r.failed) process.stdout.write(`the property itself threw (a bug in the fuzzer): ${String(r.errorInstance)}\n`);
  const cases = index;
  process.stdout.write(`\nfuzz: ${cases} cases run in ${Math.round((Date.now() - started) / 1000)} s (seed ${args.seed}), ${failures.size} distinct failure${failures.size === 1 ? '' : 's'}\n`);
  for (const [sig, f] of failures) {
    const small = shrink(arb, args.seed, f.path, sig);
    process.stdout.write(`\n== ${sig}\n${f.count} case${f.count === 1 ? '' : 's'}; first: ${f.message.slice(0, 500)}\n`);
    process.stdout.write(`replay: npm run fuzz -- --seed ${args.seed} --path ${small?.path ?? f.path}\n`);
    if (small) process.stdout.write(`${describeCase(small.example)}\n`);
  }
  return failures.size || r.failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = mainRun();
}
