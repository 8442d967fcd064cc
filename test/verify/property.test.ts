/**
 * Property: for random ingress-nginx Ingress sets, the engine's Istio output routes every probe
 * like ingress-nginx, or a finding explains the difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/engine/convert.js';
import { defaultOptions } from '../../src/model/options.js';
import { verify, type Difference } from '../../src/verify/index.js';
import { describeOutcome, describeRequest } from '../../src/verify/request.js';
import { ing, inputSet, type IngSpec, type PathSpec } from './build.js';

const HOSTS = ['a.test', 'b.test', '*.w.test', 'x.w.test', undefined] as const;
/** Hosts whose Istio virtual hosts cannot merge (no hostless rules, no wildcard over a listed host). */
const KNOWN_HOSTS = ['a.test', 'b.test', '*.w.test'] as const;
const PLAIN_PATHS = ['/', '/foo', '/foo/', '/foo/bar', '/bar', '/api', '/app'];
const REGEX_PATHS = ['/re/[0-9]+', '/x(/|$)(.*)', '/foo/.*'];

const pathSpec = (services: string[]): fc.Arbitrary<PathSpec> =>
  fc
    .record({
      path: fc.constantFrom(...PLAIN_PATHS, ...REGEX_PATHS),
      type: fc.constantFrom('Exact', 'Prefix', 'ImplementationSpecific'),
      svc: fc.constantFrom(...services),
      port: fc.constantFrom(80, 8080),
    })
    .map((p) => (REGEX_PATHS.includes(p.path) ? { ...p, type: 'ImplementationSpecific' as const } : p));

const annotations = fc.record(
  {
    'use-regex': fc.constantFrom('true', 'false'),
    'rewrite-target': fc.constantFrom('/', '/$2', '/new', 'https://r.test/to'),
    'ssl-redirect': fc.constant('false'),
    'force-ssl-redirect': fc.constant('true'),
    'app-root': fc.constant('/app'),
    'permanent-redirect': fc.constant('https://moved.test/here'),
    'permanent-redirect-code': fc.constantFrom('308', '302', '999'),
    'temporal-redirect': fc.constant('https://tmp.test/there?x=1'),
    'temporal-redirect-code': fc.constantFrom('307', '301'),
    'preserve-trailing-slash': fc.constant('true'),
  },
  { requiredKeys: [] },
);

const canaryAnnotations = fc
  .record(
    {
      'canary-by-header': fc.constant('x-canary'),
      'canary-by-header-value': fc.constantFrom('yes', 'on'),
      'canary-by-header-pattern': fc.constantFrom('^b[a-z]+$', 'x|y'),
      'canary-weight-total': fc.constantFrom('100', '1000'),
      'canary-by-cookie': fc.constant('beta'),
      'canary-weight': fc.constantFrom('0', '30', '100'),
    },
    { requiredKeys: [] },
  )
  .map((a) => ({ canary: 'true', ...a }));

/**
 * `known` limits the sets to the subset the engine has converted faithfully longest (the property
 * over all generated sets below covers the rest): each canary has one path and its own Service (a canary
 * path without a primary deletes the canary upstream for all its paths), canaries carry no TLS, no
 * spec.defaultBackend, no Exact path ending in `/` (nginx's 301 for `/foo` → `/foo/` applies to Exact too), no permanent-redirect or app-root, no hostless rules and no
 * host under a wildcard host (their VirtualServices merge into the specific host's server).
 */
const ingressSpec = (i: number, known: boolean): fc.Arbitrary<IngSpec> =>
  fc
    .record({
      host: fc.constantFrom(...(known ? KNOWN_HOSTS : HOSTS)),
      ann: annotations,
      canary: fc.boolean(),
      canaryAnn: canaryAnnotations,
      tls: fc.boolean(),
      defaultBackend: fc.boolean(),
      rules: fc.boolean(),
      primaryPaths: fc.array(pathSpec(['s1', 's2', 's3']), { minLength: 1, maxLength: 3 }),
      canaryPaths: known ? fc.array(pathSpec([`c${i}`]), { minLength: 1, maxLength: 1 }) : fc.array(pathSpec(['s1', 's2', 'c1']), { minLength: 1, maxLength: 3 }),
    })
    .map((r) => {
      let ann: Record<string, string> = r.canary ? r.canaryAnn : r.ann;
      let tls = r.tls && r.host ? [[r.host]] : [];
      const hasRules = known || r.rules || !r.defaultBackend;
      if (known && r.canary) tls = [];
      const fixRoot = (ps: PathSpec[]) => (known ? ps.map((p) => (p.type === 'Exact' && p.path.endsWith('/') ? { ...p, type: 'Prefix' as const } : p)) : ps);
      if (known) {
        const { 'permanent-redirect': _p, 'app-root': _a, ...rest } = ann;
        ann = rest;
      }
      return {
        name: `ing${i}`,
        ns: 'default',
        ts: `2024-01-0${i + 1}T00:00:00Z`,
        rules: hasRules ? [{ host: r.host, paths: fixRoot(r.canary ? r.canaryPaths : r.primaryPaths) }] : [],
        ann,
        tls,
        ...(r.defaultBackend && !known ? { defaultBackend: { svc: r.canary ? 'cfallback' : 'fallback' } } : {}),
      };
    });

const ingressSets = (known: boolean) =>
  fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ingressSpec(i, known))));

function check(specs: IngSpec[]): Difference[] {
  const input = inputSet(specs.map((s) => ing(s)));
  const result = convert(input, defaultOptions());
  const report = verify(input, result.resources, result.findings);
  return report.differences.filter((d) => d.explainedBy.length === 0);
}

function show(diffs: Difference[]): string {
  return diffs
    .slice(0, 5)
    .map((d) => `${describeRequest(d.request)}\n  nginx: ${describeOutcome(d.old)}\n  istio: ${describeOutcome(d.new)}`)
    .join('\n');
}

// Census of differences by kind, with one example each: VERIFY_EXPLORE=<sets>, VERIFY_ALL=1 for every
// generated set (not only the known subset), VERIFY_SEED=<n> (default 7); raise --testTimeout for
// more than ~300 sets. Prints nothing but the test result when there is no difference.
it.runIf(process.env.VERIFY_EXPLORE)('explore', () => {
  const kinds = new Map<string, { n: number; example: string }>();
  const samples = fc.sample(ingressSets(process.env.VERIFY_ALL ? false : true), { numRuns: Number(process.env.VERIFY_EXPLORE), seed: Number(process.env.VERIFY_SEED ?? 7) });
  for (const specs of samples) {
    for (const d of check(specs)) {
      const k = `${d.features.filter((f) => f !== 'path').join(',')} | ${d.old.type}->${d.new.type}`;
      const e = kinds.get(k) ?? { n: 0, example: `${JSON.stringify(specs)}\n${show([d])}` };
      e.n++;
      kinds.set(k, e);
    }
  }
  for (const [k, e] of [...kinds].sort((a, b) => b[1].n - a[1].n)) console.log(`### ${e.n} ${k}\n${e.example}\n`);
});

describe('verify property: converted random Ingress sets route like ingress-nginx', () => {
  it('has no unexplained difference (the subset the engine converts faithfully today)', () => {
    fc.assert(
      fc.property(ingressSets(true), (specs) => {
        const diffs = check(specs);
        if (diffs.length) throw new Error(`${JSON.stringify(specs)}\n${show(diffs)}`);
      }),
      { numRuns: 120, seed: 42, endOnFailure: true },
    );
  });

  // Every generated set (issue #4): hostless rules and rule-less default backends on the catch-all,
  // wildcard hosts next to a listed host under them and to the catch-all (deeper names), canaries
  // sharing Services with normal Ingresses or each other, canary default backends and TLS, and
  // use-regex, rewrite-target, app-root, SSL and permanent redirects on any of them. A failure here
  // is a routing difference no finding explains: reproduce it with the census
  // (`VERIFY_EXPLORE=300 VERIFY_ALL=1 npx vitest run test/verify/property.test.ts -t explore`,
  // empty for seeds 1, 2, 3, 5, 7, 42, 99, 1234 and 2024 over 1000 sets and 11 and 77 over 600 sets
  // when this was enabled).
  it('has no unexplained difference (all generated sets)', () => {
    fc.assert(
      fc.property(ingressSets(false), (specs) => {
        const diffs = check(specs);
        if (diffs.length) throw new Error(`${JSON.stringify(specs)}\n${show(diffs)}`);
      }),
      { numRuns: 120, seed: 42, endOnFailure: true },
    );
  });
});
