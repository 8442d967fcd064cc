/**
 * Generates the Istio model from the pinned CRDs (../shared/reference/istio-crds.yaml):
 *   src/istio/generated/types.ts   TypeScript interfaces for the spec of each kind (storage version)
 *   src/istio/generated/schema.json compact validation schema per apiVersion + kind
 * Structure only: upstream descriptions are dropped.
 *
 * Usage: npm run gen:istio [-- <path to istio-crds.yaml> [<output dir>]]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { IndentationText, NewLineKind, Project, QuoteKind } from 'ts-morph';
import type { SchemaFile, SchemaNode } from '../src/istio/validate.js';

/** A CRD openAPIV3Schema node, as far as we read it. */
interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  required?: string[];
  items?: CrdSchema;
  additionalProperties?: CrdSchema | boolean;
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
  nullable?: boolean;
  oneOf?: CrdSchema[];
  anyOf?: CrdSchema[];
  allOf?: CrdSchema[];
  not?: CrdSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string }>;
  [key: string]: unknown;
}

interface Crd {
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served: boolean; storage: boolean; schema: { openAPIV3Schema: CrdSchema } }>;
  };
}

/** Kinds we generate, in output order. */
const KINDS = [
  'Gateway',
  'VirtualService',
  'DestinationRule',
  'AuthorizationPolicy',
  'EnvoyFilter',
  'ServiceEntry',
  'Sidecar',
  'RequestAuthentication',
  'PeerAuthentication',
] as const;

/**
 * Readable names for nested types: schema path (relative to spec; `[]` = list item, `{}` = map value)
 * → Istio proto message name. Structurally identical nodes share one name, so one path per shape is enough.
 */
const TYPE_NAMES: Record<string, string> = {
  'Gateway:': 'GatewaySpec',
  'Gateway:servers[]': 'Server',
  'Gateway:servers[].port': 'Port',
  'Gateway:servers[].tls': 'ServerTLSSettings',
  'Gateway:servers[].tls.tlsCertificates[]': 'TLSCertificate',

  'VirtualService:': 'VirtualServiceSpec',
  'VirtualService:http[]': 'HTTPRoute',
  'VirtualService:http[].corsPolicy': 'CorsPolicy',
  'VirtualService:http[].delegate': 'Delegate',
  'VirtualService:http[].directResponse': 'HTTPDirectResponse',
  'VirtualService:http[].directResponse.body': 'HTTPBody',
  'VirtualService:http[].fault': 'HTTPFaultInjection',
  'VirtualService:http[].fault.abort': 'HTTPFaultInjectionAbort',
  'VirtualService:http[].fault.delay': 'HTTPFaultInjectionDelay',
  'VirtualService:http[].fault.abort.percentage': 'Percent',
  'VirtualService:http[].headers': 'Headers',
  'VirtualService:http[].headers.request': 'HeaderOperations',
  'VirtualService:http[].match[]': 'HTTPMatchRequest',
  'VirtualService:http[].match[].uri': 'StringMatch',
  'VirtualService:http[].mirror': 'Destination',
  'VirtualService:http[].mirror.port': 'PortSelector',
  'VirtualService:http[].mirrorPercentage': 'Percent',
  'VirtualService:http[].mirrors[]': 'HTTPMirrorPolicy',
  'VirtualService:http[].redirect': 'HTTPRedirect',
  'VirtualService:http[].retries': 'HTTPRetry',
  'VirtualService:http[].rewrite': 'HTTPRewrite',
  'VirtualService:http[].rewrite.uriRegexRewrite': 'RegexRewrite',
  'VirtualService:http[].route[]': 'HTTPRouteDestination',
  'VirtualService:tcp[]': 'TCPRoute',
  'VirtualService:tcp[].match[]': 'L4MatchAttributes',
  'VirtualService:tcp[].route[]': 'RouteDestination',
  'VirtualService:tls[]': 'TLSRoute',
  'VirtualService:tls[].match[]': 'TLSMatchAttributes',

  'DestinationRule:': 'DestinationRuleSpec',
  'DestinationRule:subsets[]': 'Subset',
  'DestinationRule:trafficPolicy': 'TrafficPolicy',
  'DestinationRule:trafficPolicy.connectionPool': 'ConnectionPoolSettings',
  'DestinationRule:trafficPolicy.connectionPool.http': 'HTTPSettings',
  'DestinationRule:trafficPolicy.connectionPool.tcp': 'TCPSettings',
  'DestinationRule:trafficPolicy.connectionPool.tcp.tcpKeepalive': 'TcpKeepalive',
  'DestinationRule:trafficPolicy.loadBalancer': 'LoadBalancerSettings',
  'DestinationRule:trafficPolicy.loadBalancer.consistentHash': 'ConsistentHashLB',
  'DestinationRule:trafficPolicy.loadBalancer.consistentHash.httpCookie': 'HTTPCookie',
  'DestinationRule:trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[]': 'HTTPCookieAttribute',
  'DestinationRule:trafficPolicy.loadBalancer.consistentHash.maglev': 'MagLev',
  'DestinationRule:trafficPolicy.loadBalancer.consistentHash.ringHash': 'RingHash',
  'DestinationRule:trafficPolicy.loadBalancer.localityLbSetting': 'LocalityLoadBalancerSetting',
  'DestinationRule:trafficPolicy.loadBalancer.localityLbSetting.distribute[]': 'LocalityLoadBalancerSettingDistribute',
  'DestinationRule:trafficPolicy.loadBalancer.localityLbSetting.failover[]': 'LocalityLoadBalancerSettingFailover',
  'DestinationRule:trafficPolicy.loadBalancer.warmup': 'WarmupConfiguration',
  'DestinationRule:trafficPolicy.outlierDetection': 'OutlierDetection',
  'DestinationRule:trafficPolicy.portLevelSettings[]': 'PortTrafficPolicy',
  'DestinationRule:trafficPolicy.proxyProtocol': 'ProxyProtocol',
  'DestinationRule:trafficPolicy.retryBudget': 'RetryBudget',
  'DestinationRule:trafficPolicy.tls': 'ClientTLSSettings',
  'DestinationRule:trafficPolicy.tunnel': 'TrafficPolicyTunnelSettings',
  'DestinationRule:workloadSelector': 'WorkloadSelector',

  'AuthorizationPolicy:': 'AuthorizationPolicySpec',
  'AuthorizationPolicy:provider': 'ExtensionProvider',
  'AuthorizationPolicy:rules[]': 'Rule',
  'AuthorizationPolicy:rules[].from[]': 'RuleFrom',
  'AuthorizationPolicy:rules[].from[].source': 'Source',
  'AuthorizationPolicy:rules[].to[]': 'RuleTo',
  'AuthorizationPolicy:rules[].to[].operation': 'Operation',
  'AuthorizationPolicy:rules[].when[]': 'Condition',
  'AuthorizationPolicy:selector': 'WorkloadSelector',
  'AuthorizationPolicy:targetRef': 'PolicyTargetReference',

  'EnvoyFilter:': 'EnvoyFilterSpec',
  'EnvoyFilter:configPatches[]': 'EnvoyConfigObjectPatch',
  'EnvoyFilter:configPatches[].match': 'EnvoyConfigObjectMatch',
  'EnvoyFilter:configPatches[].match.cluster': 'ClusterMatch',
  'EnvoyFilter:configPatches[].match.listener': 'ListenerMatch',
  'EnvoyFilter:configPatches[].match.listener.filterChain': 'FilterChainMatch',
  'EnvoyFilter:configPatches[].match.listener.filterChain.filter': 'FilterMatch',
  'EnvoyFilter:configPatches[].match.listener.filterChain.filter.subFilter': 'SubFilterMatch',
  'EnvoyFilter:configPatches[].match.proxy': 'ProxyMatch',
  'EnvoyFilter:configPatches[].match.routeConfiguration': 'RouteConfigurationMatch',
  'EnvoyFilter:configPatches[].match.routeConfiguration.vhost': 'VirtualHostMatch',
  'EnvoyFilter:configPatches[].match.routeConfiguration.vhost.route': 'RouteMatch',
  'EnvoyFilter:configPatches[].match.waypoint': 'WaypointMatch',
  'EnvoyFilter:configPatches[].match.waypoint.route': 'WaypointRouteMatch',
  'EnvoyFilter:configPatches[].patch': 'Patch',
  'EnvoyFilter:workloadSelector': 'LabelsWorkloadSelector',

  'ServiceEntry:': 'ServiceEntrySpec',
  'ServiceEntry:endpoints[]': 'WorkloadEntry',
  'ServiceEntry:ports[]': 'ServicePort',

  'Sidecar:': 'SidecarSpec',
  'Sidecar:egress[]': 'IstioEgressListener',
  'Sidecar:egress[].port': 'SidecarPort',
  'Sidecar:ingress[]': 'IstioIngressListener',
  'Sidecar:outboundTrafficPolicy': 'OutboundTrafficPolicy',

  'RequestAuthentication:': 'RequestAuthenticationSpec',
  'RequestAuthentication:jwtRules[]': 'JWTRule',
  'RequestAuthentication:jwtRules[].fromHeaders[]': 'JWTHeader',
  'RequestAuthentication:jwtRules[].outputClaimToHeaders[]': 'ClaimToHeader',

  'PeerAuthentication:': 'PeerAuthenticationSpec',
  'PeerAuthentication:mtls': 'MutualTLS',
  'PeerAuthentication:portLevelMtls{}': 'MutualTLS',
  'PeerAuthentication:selector': 'WorkloadSelector',
  'RequestAuthentication:selector': 'WorkloadSelector',
};

/** Duration fields that carry no CEL rule upstream: format is still a Go duration (zero allowed). */
const FORMAT_ONLY_DURATIONS = [/(^|\.)tcp\.idleTimeout$/, /(^|\.)httpCookie\.ttl$/];

const DURATION_RULE = "duration(self) >= duration('1ms')";
const AT_MOST_ONE_RULE = /^\(has\(self\.\w+\) \? 1 : 0\)( \+ \(has\(self\.\w+\) \? 1 : 0\))+ <= 1$/;

export interface GeneratedIstio {
  'types.ts': string;
  'schema.json': string;
  /** CEL rules not carried into schema.json (for the generator's log; the validator checks some by hand). */
  droppedRules: string[];
}

function loadCrds(crdPath: string): { crds: Map<string, Crd>; source: string } {
  const text = readFileSync(crdPath, 'utf8');
  const crds = new Map<string, Crd>();
  for (const doc of yaml.loadAll(text)) {
    const crd = doc as Crd | null;
    if (crd?.kind === 'CustomResourceDefinition') crds.set(crd.spec.names.kind, crd);
  }
  for (const kind of KINDS) if (!crds.has(kind)) throw new Error(`${crdPath}: no CRD for ${kind}`);
  const tag = /\(tag ([^)\s]+)\)/.exec(text.split('\n', 1)[0] ?? '')?.[1];
  return { crds, source: basename(crdPath) + (tag ? ` (istio/api ${tag})` : '') };
}

function specSchema(crd: Crd, version: string): CrdSchema {
  const v = crd.spec.versions.find((x) => x.name === version);
  const spec = v?.schema.openAPIV3Schema.properties?.spec;
  if (!spec) throw new Error(`${crd.spec.names.kind}/${version}: no spec schema`);
  return spec;
}

function storageVersion(crd: Crd): string {
  const v = crd.spec.versions.find((x) => x.storage);
  if (!v) throw new Error(`${crd.spec.names.kind}: no storage version`);
  return v.name;
}

/** JSON with object keys sorted (arrays keep their order): the one serialisation used for keys and output. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(stableStringify).join(',') + ']';
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableStringify(obj[k])).join(',') + '}';
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Compact validation schema

function compact(node: CrdSchema, path: string, dropped: Set<string>): SchemaNode {
  const out: SchemaNode = {};
  if (node.type !== undefined) out.type = node.type;
  if (node.properties) {
    out.properties = {};
    for (const key of Object.keys(node.properties).sort()) {
      out.properties[key] = compact(node.properties[key]!, path ? `${path}.${key}` : key, dropped);
    }
  }
  if (node.required?.length) out.required = [...node.required];
  if (node.items) out.items = compact(node.items, `${path}[]`, dropped);
  if (node.additionalProperties === true) out.additionalProperties = true;
  else if (node.additionalProperties) out.additionalProperties = compact(node.additionalProperties, `${path}{}`, dropped);
  if (node.enum) out.enum = [...node.enum];
  for (const k of ['format', 'pattern'] as const) if (node[k] !== undefined) out[k] = node[k];
  for (const k of ['minimum', 'maximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'] as const) {
    if (node[k] !== undefined) out[k] = node[k];
  }
  if (node.nullable) out.nullable = true;
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (node[k]) out[k] = node[k].map((n, i) => compact(n, `${path}|${k}${i}`, dropped));
  }
  if (node.not) out.not = compact(node.not, `${path}|not`, dropped);
  if (node['x-kubernetes-preserve-unknown-fields']) out.preserveUnknownFields = true;
  if (node['x-kubernetes-int-or-string']) out.intOrString = true;
  if (node.type === 'string' && FORMAT_ONLY_DURATIONS.some((re) => re.test(path))) out.duration = '0s';
  for (const { rule } of node['x-kubernetes-validations'] ?? []) {
    const r = rule.trim();
    if (r === DURATION_RULE) out.duration = '1ms';
    else if (AT_MOST_ONE_RULE.test(r)) {
      const keys = [...r.matchAll(/has\(self\.(\w+)\)/g)].map((m) => m[1]!);
      (out.atMostOne ??= []).push(keys);
    } else if (r === 'self.all(key, key.size() != 0)') out.keysNonEmpty = true;
    else if (r === 'self.all(key, !key.contains("*"))') out.keysNoWildcard = true;
    else if (r === '!self.contains("*")') out.noWildcard = true;
    else if (r === 'self.size() == 0' && node.type === 'string') out.maxLength = 0;
    else if (r === '0 < self && self <= 65535' && node.type === 'integer') {
      out.minimum = Math.max(out.minimum ?? 1, 1);
      out.maximum = Math.min(out.maximum ?? 65535, 65535);
    } else dropped.add(r.replace(/\s+/g, ' '));
  }
  return out;
}

function generateSchema(crds: Map<string, Crd>, dropped: Set<string>): string {
  const file: SchemaFile = { resources: {}, schemas: {} };
  for (const kind of KINDS) {
    const crd = crds.get(kind)!;
    const storage = storageVersion(crd);
    // Versions share one schema entry while identical; a differing version gets `Kind@version`.
    const byText = new Map<string, string>();
    const versions = crd.spec.versions.filter((v) => v.served).map((v) => v.name);
    versions.sort((a, b) => (a === storage ? -1 : b === storage ? 1 : a < b ? -1 : a > b ? 1 : 0));
    for (const version of versions) {
      const node = compact(specSchema(crd, version), '', dropped);
      const text = stableStringify(node);
      let id = byText.get(text);
      if (!id) {
        id = byText.size === 0 ? kind : `${kind}@${version}`;
        byText.set(text, id);
        file.schemas[id] = node;
      }
      (file.resources[`${crd.spec.group}/${version}`] ??= {})[kind] = id;
    }
  }
  return stableStringify(file) + '\n';
}

// ---------------------------------------------------------------------------------------------
// TypeScript types

/** Structure of a node (descriptions already stripped) as a stable string: equal shapes get one type name. */
function shapeKey(node: CrdSchema): string {
  return stableStringify(node);
}

function stripDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'description') out[k] = stripDescriptions(v);
    return out;
  }
  return node;
}

function resolvePath(spec: CrdSchema, path: string): CrdSchema {
  let node = spec;
  for (const m of path.matchAll(/([^.[\]{}]+)|(\[\])|(\{\})/g)) {
    const next = m[1] !== undefined ? node.properties?.[m[1]] : m[2] ? node.items : node.additionalProperties;
    if (!next || typeof next !== 'object') throw new Error(`type name map: no schema at ${path}`);
    node = next;
  }
  return node;
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function generateTypes(crds: Map<string, Crd>, source: string): string {
  const specs = new Map<string, CrdSchema>();
  for (const kind of KINDS) specs.set(kind, stripDescriptions(specSchema(crds.get(kind)!, storageVersion(crds.get(kind)!))) as CrdSchema);

  // Names from the map win for their paths. Elsewhere a node reuses a name given to the same shape
  // under the same property name, or any name of that shape when it has 2+ properties (so that
  // trivial shapes like {name} are not shared between unrelated messages).
  const namesByShape = new Map<string, Array<{ name: string; prop: string }>>();
  const shapeByName = new Map<string, string>();
  const nameByPath = new Map<string, string>();
  const lastProp = (path: string): string => path.replace(/(\[\]|\{\})+$/, '').split('.').pop() ?? '';
  const register = (key: string, name: string, prop: string): void => {
    const list = namesByShape.get(key) ?? [];
    if (!list.some((e) => e.name === name && e.prop === prop)) list.push({ name, prop });
    namesByShape.set(key, list);
    shapeByName.set(name, key);
  };
  for (const [where, name] of Object.entries(TYPE_NAMES)) {
    const [kind, path] = where.split(':') as [string, string];
    const spec = specs.get(kind);
    if (!spec) throw new Error(`type name map: unknown kind in ${where}`);
    const key = shapeKey(resolvePath(spec, path));
    const hadShape = shapeByName.get(name);
    if (hadShape && hadShape !== key) throw new Error(`type name map: ${name} (${where}) names two different shapes`);
    register(key, name, lastProp(path));
    nameByPath.set(where, name);
  }

  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      newLineKind: NewLineKind.LineFeed,
    },
  });
  const file = project.createSourceFile('types.ts', '');
  const emitted = new Set<string>();

  const nameFor = (node: CrdSchema, where: string, derived: string): string => {
    const mapped = nameByPath.get(where);
    if (mapped) return mapped;
    const key = shapeKey(node);
    const prop = lastProp(where.split(':')[1] ?? '');
    const candidates = namesByShape.get(key) ?? [];
    const known =
      candidates.find((c) => c.prop === prop) ?? (Object.keys(node.properties ?? {}).length >= 2 ? candidates[0] : undefined);
    if (known) return known.name;
    let name = derived;
    for (let i = 2; shapeByName.has(name); i++) name = `${derived}${i}`;
    register(key, name, prop);
    return name;
  };

  const typeOf = (node: CrdSchema, where: string, derivedName: string): string => {
    if (node.properties) {
      const name = nameFor(node, where, derivedName);
      if (!emitted.has(name)) {
        emitted.add(name);
        const required = new Set(node.required ?? []);
        const decl = file.addInterface({ name, isExported: true });
        for (const key of Object.keys(node.properties)) {
          decl.addProperty({
            name: /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`,
            hasQuestionToken: !required.has(key),
            type: typeOf(node.properties[key]!, where.endsWith(':') ? where + key : `${where}.${key}`, name + pascal(key)),
          });
        }
      }
      return name;
    }
    if (node['x-kubernetes-int-or-string']) return 'number | string';
    if (node.anyOf && !node.type) {
      const parts = [...new Set(node.anyOf.map((n) => typeOf(n, where, derivedName)))];
      return parts.join(' | ');
    }
    switch (node.type) {
      case 'string':
        return node.enum ? node.enum.map((e) => `'${String(e)}'`).join(' | ') : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const item = node.items ? typeOf(node.items, where + '[]', derivedName) : 'unknown';
        return item.includes(' ') ? `Array<${item}>` : `${item}[]`;
      }
      case 'object':
        if (node.additionalProperties && typeof node.additionalProperties === 'object') {
          return `Record<string, ${typeOf(node.additionalProperties, where + '{}', derivedName)}>`;
        }
        return 'Record<string, unknown>';
      default:
        return 'unknown';
    }
  };

  for (const kind of KINDS) typeOf(specs.get(kind)!, `${kind}:`, `${kind}Spec`);

  const header =
    `// Generated by scripts/gen-istio.ts from ${source}; do not edit.\n` +
    `// Spec types of the storage version of each kind (EnvoyFilter: v1alpha3, the others: v1).\n\n`;
  return header + file.getFullText().trimStart();
}

// ---------------------------------------------------------------------------------------------

/** Generates both files in memory. */
export function generateIstio(crdPath: string): GeneratedIstio {
  const { crds, source } = loadCrds(crdPath);
  const dropped = new Set<string>();
  const schema = generateSchema(crds, dropped);
  return { 'types.ts': generateTypes(crds, source), 'schema.json': schema, droppedRules: [...dropped].sort() };
}

/** Generates and writes types.ts and schema.json into outDir. */
export function writeIstio(crdPath: string, outDir: string): GeneratedIstio {
  const gen = generateIstio(crdPath);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'types.ts'), gen['types.ts']);
  writeFileSync(join(outDir, 'schema.json'), gen['schema.json']);
  return gen;
}

/** The repository root: the nearest folder above this file holding package.json (works from scripts/ and dist/scripts/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const DEFAULT_CRD_PATH = '../shared/reference/istio-crds.yaml';
export const DEFAULT_OUT_DIR = 'src/istio/generated';

function main(argv: string[]): void {
  const root = repoRoot();
  const crdPath = resolve(root, argv[0] ?? DEFAULT_CRD_PATH);
  const outDir = resolve(root, argv[1] ?? DEFAULT_OUT_DIR);
  const gen = writeIstio(crdPath, outDir);
  process.stdout.write(`wrote ${join(outDir, 'types.ts')} and ${join(outDir, 'schema.json')} from ${crdPath}\n`);
  process.stdout.write(`${gen.droppedRules.length} CEL rules not carried into schema.json:\n`);
  for (const r of gen.droppedRules) process.stdout.write(`  ${r}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
