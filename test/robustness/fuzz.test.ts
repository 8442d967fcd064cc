/**
 * The fuzz property, bounded for `npm test` (a few seconds). `npm run fuzz` runs the same
 * generators for many more cases (scripts/fuzz.ts). The seed is fixed so `npm test` is
 * reproducible; FUZZ_SEED=<n> explores other cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, checkCase, corpusCaseArbitrary, generatedCaseArbitrary, loadCorpus, multiFileCaseArbitrary, type FuzzCase } from '../../scripts/fuzz.js';
import { convert } from '../../src/engine/convert.js';
import { validateAll } from '../../src/istio/validate.js';
import { defaultOptions, type ConvertOptions } from '../../src/model/options.js';
import { normalize, parseText } from '../../src/read/index.js';
import { CORPUS_DIR } from '../helpers/shared.js';
import { ingressYaml } from '../helpers/manifests.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 5;
const corpus = loadCorpus(CORPUS_DIR);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/**
 * Failures outside this test's files that are reported and not fixed yet. Each has an `it.fails`
 * reproduction below: when the bug is fixed, that test fails and the entry must be removed here.
 */
const KNOWN: Array<(problem: string, signature: string) => boolean> = [
  // none open: every failure the fuzzer found is fixed and pinned by a regression test below
];

function unexpectedProblems(c: FuzzCase): string[] {
  const out = checkCase(c);
  return out.problems.filter((p, i) => !KNOWN.some((known) => known(p, out.signatures[i]!)));
}

function assertCase(c: FuzzCase): void {
  const problems = unexpectedProblems(c);
  if (problems.length) throw new Error(`${c.origin}\n${problems.join('\n')}\n--- input ---\n${c.files.map((f) => f.text.slice(0, 3000)).join('\n---\n')}`);
}

describe('fuzz: the pipeline holds its invariants on hostile input', () => {
  it('the corpus is loaded and mostly parseable by js-yaml', () => {
    expect(corpus.length).toBeGreaterThan(50);
    expect(corpus.filter((d) => d.docs).length).toBeGreaterThan(corpus.length / 2);
  });

  it('mutated corpus files: no exception, located errors, valid and deterministic output, a finding per annotation', () => {
    fc.assert(fc.property(corpusCaseArbitrary(corpus), assertCase), { seed: SEED, numRuns: 50 });
  }, 60_000);

  it('Ingress sets generated from scratch (every controller, catalog keys with random values): same invariants', () => {
    fc.assert(fc.property(generatedCaseArbitrary(), assertCase), { seed: SEED + 1, numRuns: 50 });
  }, 60_000);

  it('several files in one run (objects merging across files, a file read twice): same invariants', () => {
    fc.assert(fc.property(multiFileCaseArbitrary(corpus), assertCase), { seed: SEED + 2, numRuns: 15 });
  }, 60_000);

  it('the mixed arbitrary the long run uses produces every kind of case', () => {
    const origins = fc.sample(caseArbitrary(corpus), { seed: SEED, numRuns: 60 }).map((c) => c.origin.split(' ')[0]);
    expect(new Set(origins)).toEqual(new Set(['corpus', 'generated', 'multi']));
  });
});

describe('the checker itself catches what it claims to', () => {
  const good = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n';

  it('a clean input passes', () => {
    expect(checkCase({ origin: 'test', files: [{ name: 'a.yaml', text: good }], options: {} }).problems).toEqual([]);
  });

  it('a broken file gives located errors in that file, which pass', () => {
    const out = checkCase({ origin: 'test', files: [{ name: 'a.yaml', text: good.replace('kind: Ingress', 'kind: [') }], options: {} });
    expect(out.problems).toEqual([]);
  });

  const clean = { origin: 'test', files: [{ name: 'a.yaml', text: good }], options: {} };
  const kinds = (out: { problems: string[] }) => out.problems.map((p) => p.split(':')[0]);

  it('a conversion that throws is an exception problem', () => {
    const out = checkCase(clean, () => {
      throw new Error('boom');
    });
    expect(out.problems).toEqual([expect.stringMatching(/^exception: boom/)]);
  });

  it('an invalid emitted object is a schema problem, with a signature free of numbers', () => {
    const out = checkCase(clean, (input, options) => {
      const r = convert(input, options);
      const vs = r.resources.find((x) => x.kind === 'VirtualService')!;
      (vs.spec as { http: Array<{ timeout?: string }> }).http[0]!.timeout = '0s';
      return r;
    });
    expect(out.problems).toEqual(['schema: VirtualService shop/shop-example-com spec.http[0].timeout: must be a duration of at least 1ms; got "0s"']);
    expect(out.signatures).toEqual(['schema: VirtualService spec.http[].timeout: must be a duration of at least Nms; got "…"']);
  });

  it('an annotation without a finding, an error without a line, and output that differs between runs are flagged', () => {
    let calls = 0;
    const out = checkCase(clean, (input, options) => {
      const r = convert({ ...input, errors: [{ source: { file: 'a.yaml', line: 0 }, message: 'lost its line' }] }, options);
      r.findings = r.findings.filter((f) => f.key !== 'nginx.ingress.kubernetes.io/rewrite-target');
      if (++calls === 2) r.resources[0]!.metadata.name = 'other';
      return r;
    });
    expect(kinds(out).sort()).toEqual(['error-location', 'no-finding', 'nondeterministic']);
  });

  it('an error naming a file that is not part of the input is flagged', () => {
    const out = checkCase(clean, (input, options) => convert({ ...input, errors: [{ source: { file: 'elsewhere.yaml', line: 3 }, message: 'x' }] }, options));
    expect(kinds(out)).toEqual(['error-location']);
  });
});

// ---------------------------------------------------------------------------------------------
// Reproductions of the failures the fuzzer found. `it.fails` for those not fixed yet (see KNOWN):
// they assert the correct behaviour and fail today; when the bug is fixed vitest reports them, and
// they become plain regression tests as the fixed ones below are.

function run(text: string, overrides: Partial<ConvertOptions> = {}) {
  const parsed = parseText(text, 'in.yaml');
  const set = normalize(parsed.objects, overrides.controller ? { controller: overrides.controller } : {});
  set.errors = [...parsed.errors, ...set.errors];
  return convert(set, defaultOptions(overrides));
}

describe('failures the fuzzer found', () => {
  it('an Ingress in namespace "a.b" (not a DNS-1123 label, which Kubernetes rejects) is reported as an input error, not emitted', () => {
    const res = run(good('a.b'));
    expect(validateAll(res.resources)).toEqual([]);
    expect(res.errors.some((e) => e.field === 'metadata.namespace' || /namespace/.test(e.message))).toBe(true);
  });

  it('an invalid http-redirect-code in the ingress-nginx ConfigMap falls back to 308 (as ingress-nginx does) instead of emitting redirectCode 999', () => {
    const text = good('shop').replace('spec:\n', 'spec:\n  tls:\n  - hosts: [shop.example.com]\n    secretName: shop-tls\n');
    const res = run(text, { nginxConfig: { 'http-redirect-code': '999' } });
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('NGINX Inc max-fails "99999999999" is reported, not emitted as consecutiveGatewayErrors beyond uint32', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.org/max-fails: "99999999999"\n');
    const res = run(text, { controller: 'nginx-inc' });
    expect(res.findings.some((f) => f.key === 'nginx.org/max-fails')).toBe(true);
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('NGINX Inc fail-timeout "99999999999" (longer than a Go/CEL duration holds) is reported, not emitted as outlierDetection interval', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.org/fail-timeout: "99999999999"\n');
    const res = run(text, { controller: 'nginx-inc' });
    expect(res.findings.some((f) => f.key === 'nginx.org/fail-timeout')).toBe(true);
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('NGINX Inc proxy-read-timeout "99999999999" is reported, not emitted as a route timeout longer than a Go/CEL duration', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.org/proxy-read-timeout: "99999999999"\n');
    const res = run(text, { controller: 'nginx-inc' });
    expect(res.findings.some((f) => f.key === 'nginx.org/proxy-read-timeout')).toBe(true);
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('NGINX Inc rewrite-target on a 1500-character path: reported, not a uriRegexRewrite match over Istio\'s 1024-character limit', () => {
    const text = good('shop')
      .replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.org/rewrite-target: ""\n')
      .replace('      - path: /\n', `      - path: /${'a'.repeat(1500)}\n`);
    const res = run(text, { controller: 'nginx-inc' });
    expect(res.findings.some((f) => f.key === 'nginx.org/rewrite-target')).toBe(true);
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('timeouts of "0" (no timeout in NGINX Inc, haproxytech, haproxy-ingress, ingress-nginx) give valid objects', () => {
    const cases = [
      ['nginx-inc', 'nginx.org/proxy-connect-timeout'],
      ['haproxytech', 'haproxy.org/timeout-server'],
      ['haproxytech', 'ingress.kubernetes.io/timeout-server'],
      ['haproxy-ingress', 'haproxy-ingress.github.io/timeout-server'],
      ['ingress-nginx', 'nginx.ingress.kubernetes.io/proxy-connect-timeout'],
    ] as const;
    for (const [controller, key] of cases) {
      const res = run(good('shop').replace('  namespace: shop\n', `  namespace: shop\n  annotations:\n    ${key}: "0"\n`), { controller });
      expect(res.findings.some((f) => f.key === key), key).toBe(true);
      expect(validateAll(res.resources), key).toEqual([]);
    }
  });

  it('haproxy-ingress timeout-connect "0" (HAProxy: no connect timeout) does not emit connectTimeout "0s", which Istio rejects', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    haproxy-ingress.github.io/timeout-connect: "0"\n');
    const res = run(text, { controller: 'haproxy-ingress' });
    expect(res.findings.some((f) => f.key === 'haproxy-ingress.github.io/timeout-connect')).toBe(true);
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('Contour request-timeout "infinity" (no timeout) emits a valid VirtualService (omit timeout: Istio has none by default)', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    projectcontour.io/request-timeout: infinity\n');
    const res = run(text, { controller: 'contour' });
    expect(validateAll(res.resources)).toEqual([]);
  });

  it('haproxytech path-rewrite with request-redirect: the route redirects (HAProxy answers before rewriting) and is valid', () => {
    const text = good('shop').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    haproxy.org/path-rewrite: "(.*) /foo\\\\1"\n    haproxy.org/request-redirect: "example.org:443"\n');
    const res = run(text, { controller: 'haproxytech' });
    expect(res.findings.map((f) => f.key)).toContain('haproxy.org/path-rewrite');
    expect(validateAll(res.resources)).toEqual([]);
  });
});

function good(namespace: string): string {
  return ingressYaml({ name: 'web', namespace, host: 'shop.example.com' });
}
