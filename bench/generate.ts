/**
 * Seeded generator of large, realistic ingress-nginx inputs for the benchmark and the linear-growth
 * tests: namespaces of a few dozen Ingresses each, hosts shared by several Ingresses (merging),
 * wildcard and hostless rules, every pathType, regex paths with rewrite-target, TLS, canaries, and
 * the common annotations (timeouts, CORS, affinity, source ranges, redirects, body size, ...), plus
 * the Services they point at (named ports resolve through them).
 *
 * The same (n, seed) always gives the same text.
 */

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** Number of Ingresses. */
  n: number;
  seed?: number;
  /** Ingresses per namespace (default 40). */
  perNamespace?: number;
}

const Q = (s: string) => JSON.stringify(s);

interface PathSpec {
  path: string;
  pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  service: string;
  port: { number: number } | { name: string };
}

/** Yield the YAML documents (without `---`) one by one: Services first per namespace, then Ingresses. */
export function* generateDocuments(opts: GenerateOptions): Generator<string> {
  const rnd = prng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const perNs = opts.perNamespace ?? 40;
  const namespaces = Math.max(1, Math.ceil(opts.n / perNs));
  let made = 0;
  const baseTime = Date.UTC(2024, 0, 1);

  for (let nsi = 0; nsi < namespaces && made < opts.n; nsi++) {
    const ns = `team-${nsi}`;
    const count = Math.min(perNs, opts.n - made);
    const services = 8;
    for (let s = 0; s < services; s++) {
      yield [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: svc-${s}`,
        `  namespace: ${ns}`,
        'spec:',
        '  selector:',
        `    app: svc-${s}`,
        '  ports:',
        '    - name: http',
        `      port: ${8000 + s}`,
        '      targetPort: 8080',
        '    - name: grpc',
        '      port: 9090',
        '',
      ].join('\n');
    }
    // A handful of hosts per namespace; several Ingresses share each one.
    const hostCount = Math.max(1, Math.ceil(count / 4));
    const hosts: string[] = [];
    for (let h = 0; h < hostCount; h++) hosts.push(h === 0 && nsi % 7 === 3 ? `*.apps${nsi}.example.com` : `app${h}.${ns}.example.com`);
    // Primary host/paths seen so far, for canaries to point at.
    const primaries: Array<{ host: string; path: PathSpec }> = [];

    for (let i = 0; i < count; i++, made++) {
      const name = `ing-${i}`;
      const created = new Date(baseTime + (made * 7919 % 1000003) * 1000).toISOString().replace('.000', '');
      const ann: Array<[string, string]> = [];
      const a = (k: string, v: string) => ann.push([`nginx.ingress.kubernetes.io/${k}`, v]);
      const canaryOf = primaries.length > 0 && chance(0.04) ? pick(primaries) : undefined;
      let rules: Array<{ host?: string; paths: PathSpec[] }>;
      let tls: Array<{ hosts: string[]; secretName: string }> = [];

      if (canaryOf) {
        a('canary', 'true');
        if (chance(0.5)) a('canary-weight', String(5 + Math.floor(rnd() * 50)));
        else a('canary-by-header', 'X-Canary');
        rules = [{ host: canaryOf.host, paths: [{ ...canaryOf.path, service: `svc-${(Number(canaryOf.path.service.slice(4)) + 1) % services}` }] }];
      } else {
        const host = chance(0.03) ? undefined : pick(hosts);
        const regex = chance(0.2);
        const paths: PathSpec[] = [];
        const np = 1 + Math.floor(rnd() * 4);
        for (let p = 0; p < np; p++) {
          const svc = `svc-${Math.floor(rnd() * services)}`;
          const port = chance(0.5) ? { number: 8000 + Number(svc.slice(4)) } : { name: 'http' };
          const seg = `${pick(['api', 'web', 'static', 'v1', 'v2', 'auth', 'shop', 'admin'])}${Math.floor(rnd() * 50)}`;
          if (regex) {
            paths.push({ path: `/${seg}(/|$)(.*)`, pathType: 'ImplementationSpecific', service: svc, port });
          } else {
            const pt = pick(['Prefix', 'Prefix', 'Exact', 'ImplementationSpecific'] as const);
            paths.push({ path: pt === 'Exact' ? `/${seg}/healthz` : `/${seg}`, pathType: pt, service: svc, port });
          }
        }
        rules = [{ host, paths }];
        if (host && chance(0.15)) rules.push({ host: pick(hosts), paths: [{ path: '/', pathType: 'Prefix', service: `svc-${Math.floor(rnd() * services)}`, port: { name: 'http' } }] });
        if (regex) {
          a('use-regex', 'true');
          a('rewrite-target', '/$2');
        }
        if (host && !host.startsWith('*') && chance(0.5)) tls = [{ hosts: [host], secretName: `${host.split('.')[0]}-tls` }];
        else if (host?.startsWith('*') && chance(0.5)) tls = [{ hosts: [host], secretName: `wildcard-${nsi}-tls` }];
        if (chance(0.2)) a('ssl-redirect', 'false');
        if (chance(0.1)) a('force-ssl-redirect', 'true');
        if (chance(0.4)) {
          a('proxy-connect-timeout', String(5 + Math.floor(rnd() * 10)));
          a('proxy-read-timeout', String(30 + Math.floor(rnd() * 300)));
          a('proxy-send-timeout', String(30 + Math.floor(rnd() * 300)));
        }
        if (chance(0.2)) {
          a('enable-cors', 'true');
          a('cors-allow-origin', `https://${ns}.example.com`);
          if (chance(0.5)) a('cors-allow-methods', 'GET, POST, OPTIONS');
        }
        if (chance(0.15)) a('whitelist-source-range', `10.${nsi % 250}.0.0/16,192.168.0.0/24`);
        if (chance(0.1)) {
          a('affinity', 'cookie');
          a('session-cookie-name', `route-${i}`);
        }
        if (chance(0.1)) a('proxy-body-size', `${1 + Math.floor(rnd() * 20)}m`);
        if (chance(0.05)) a('backend-protocol', 'GRPC');
        if (chance(0.05)) a('permanent-redirect', `https://new.example.com/${name}`);
        if (chance(0.1)) ann.push(['cert-manager.io/cluster-issuer', 'letsencrypt']);
        if (chance(0.03)) ann.push(['example.com/owner', `team-${nsi}`]);
        for (const r of rules) if (r.host) for (const p of r.paths) primaries.push({ host: r.host, path: p });
      }

      const lines = [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        `  name: ${name}`,
        `  namespace: ${ns}`,
        `  creationTimestamp: ${Q(created)}`,
        '  labels:',
        `    app.kubernetes.io/name: ${name}`,
      ];
      if (ann.length) {
        lines.push('  annotations:');
        for (const [k, v] of ann) lines.push(`    ${k}: ${Q(v)}`);
      }
      lines.push('spec:', '  ingressClassName: nginx');
      if (tls.length) {
        lines.push('  tls:');
        for (const t of tls) {
          lines.push('    - hosts:');
          for (const h of t.hosts) lines.push(`        - ${Q(h)}`);
          lines.push(`      secretName: ${t.secretName}`);
        }
      }
      lines.push('  rules:');
      for (const r of rules) {
        lines.push(r.host ? `    - host: ${Q(r.host)}` : '    - http:');
        if (r.host) lines.push('      http:');
        lines.push('        paths:');
        for (const p of r.paths) {
          lines.push(
            `          - path: ${Q(p.path)}`,
            `            pathType: ${p.pathType}`,
            '            backend:',
            '              service:',
            `                name: ${p.service}`,
            '                port:',
            'number' in p.port ? `                  number: ${p.port.number}` : `                  name: ${p.port.name}`,
          );
        }
      }
      lines.push('');
      yield lines.join('\n');
    }
  }
}

/** The whole multi-document YAML text. */
export function generateYaml(opts: GenerateOptions): string {
  const parts: string[] = [];
  for (const d of generateDocuments(opts)) parts.push('---\n', d);
  return parts.join('');
}
