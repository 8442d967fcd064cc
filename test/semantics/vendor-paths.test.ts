import { describe, expect, it } from 'vitest';
import type { IngressPath, PathType } from '../../src/model/ingress.js';
import * as contour from '../../src/semantics/contour.js';
import * as haproxytech from '../../src/semantics/haproxytech.js';
import * as haproxyIngress from '../../src/semantics/haproxy-ingress.js';
import * as nginxInc from '../../src/semantics/nginx-inc.js';
import { startAnchoredToFullMatch } from '../../src/semantics/paths.js';

const src = { file: 't.yaml', line: 1 };
function p(path: string, pathType: PathType = 'ImplementationSpecific'): IngressPath {
  return { path, pathType, pathTypeExplicit: true, backend: { kind: 'service', service: 's', port: { number: 80 }, source: src }, source: src };
}
const plain = { regex: false, caseInsensitive: false };

/** Sort like the engine will: specificity descending, stable. */
function order<T extends { specificity: number }>(xs: Array<[string, T]>): string[] {
  return [...xs].sort((a, b) => b[1].specificity - a[1].specificity).map((x) => x[0]);
}

describe('contour', () => {
  it('Exact, segment Prefix, root prefix', () => {
    expect(contour.pathMatches(p('/a', 'Exact')).matches).toEqual([{ exact: '/a' }]);
    expect(contour.pathMatches(p('/a/', 'Prefix')).matches).toEqual([{ exact: '/a' }, { prefix: '/a/' }]);
    expect(contour.pathMatches(p('/', 'Prefix')).matches).toEqual([{ prefix: '/' }]);
  });
  it('ImplementationSpecific: string prefix, regex when special characters', () => {
    expect(contour.pathMatches(p('/foo')).matches).toEqual([{ prefix: '/foo' }]);
    expect(contour.pathMatches(p('/foo/.*')).matches).toEqual([{ regex: '/foo/.*' }]);
    expect(contour.pathMatches(p('/v[0-9]+')).matches).toEqual([{ regex: '/v[0-9]+' }]);
    // a dot alone is not special for Contour
    expect(contour.pathMatches(p('/a.b')).matches).toEqual([{ prefix: '/a.b' }]);
  });
  it('rejects a regex that is not RE2', () => {
    const r = contour.pathMatches(p('/(?=x)*'));
    expect(r.invalid).toBe(true);
    expect(r.matches).toEqual([]);
  });
  it('orders exact, regex, prefix, longest first', () => {
    const got = order([
      ['prefix-short', contour.pathMatches(p('/a', 'Prefix'))],
      ['regex', contour.pathMatches(p('/a.*'))],
      ['exact', contour.pathMatches(p('/', 'Exact'))],
      ['prefix-long', contour.pathMatches(p('/a/b/c', 'Prefix'))],
    ]);
    expect(got).toEqual(['exact', 'regex', 'prefix-long', 'prefix-short']);
  });
  it('has no redirect by default', () => {
    expect(contour.httpsRedirectDefault.enabledForTlsHosts).toBe(false);
  });
});

describe('haproxytech', () => {
  it('ImplementationSpecific is a string prefix with trailing slash trimmed', () => {
    expect(haproxytech.pathMatches(p('/foo/'), plain).matches).toEqual([{ prefix: '/foo' }]);
    expect(haproxytech.pathMatches(p('/'), plain).matches).toEqual([{ prefix: '/' }]);
  });
  it('Prefix is segment based', () => {
    expect(haproxytech.pathMatches(p('/foo', 'Prefix'), plain).matches).toEqual([{ exact: '/foo' }, { prefix: '/foo/' }]);
  });
  it('redirects with 302 to 8443 by default', () => {
    expect(haproxytech.httpsRedirectDefault).toMatchObject({ code: 302, port: 8443 });
  });
});

describe('haproxy-ingress', () => {
  it('ImplementationSpecific defaults to a case-insensitive string prefix', () => {
    const r = haproxyIngress.pathMatches(p('/app'), plain);
    expect(r.matches).toEqual([{ prefix: '/app' }]);
    expect(r.ignoreUriCase).toBe(true);
  });
  it('Exact and Prefix ignore path-type', () => {
    expect(haproxyIngress.pathMatches(p('/app', 'Exact'), { ...plain, pathType: 'regex' }).matches).toEqual([{ exact: '/app' }]);
    const r = haproxyIngress.pathMatches(p('/app/', 'Prefix'), plain);
    expect(r.matches).toEqual([{ exact: '/app' }, { prefix: '/app/' }]);
    expect(r.ignoreUriCase).toBeUndefined();
  });
  it('regex paths are start-anchored only', () => {
    expect(haproxyIngress.pathMatches(p('^/api/v[0-9]'), { regex: true, caseInsensitive: false }).matches).toEqual([{ regex: '/api/v[0-9].*' }]);
    expect(haproxyIngress.pathMatches(p('/api$'), { regex: true, caseInsensitive: false }).matches).toEqual([{ regex: '/api$' }]);
  });
  it('rejects back-references', () => {
    expect(haproxyIngress.pathMatches(p('/(a)\\1'), { regex: true, caseInsensitive: false }).invalid).toBe(true);
  });
  it('orders exact, prefix, begin, regex', () => {
    const got = order([
      ['regex', haproxyIngress.pathMatches(p('/a/b/c/d/e'), { ...plain, pathType: 'regex' })],
      ['begin', haproxyIngress.pathMatches(p('/a/b/c'), plain)],
      ['prefix', haproxyIngress.pathMatches(p('/a', 'Prefix'), plain)],
      ['exact', haproxyIngress.pathMatches(p('/', 'Exact'), plain)],
    ]);
    expect(got).toEqual(['exact', 'prefix', 'begin', 'regex']);
  });
  it('exempts ACME from the 302 redirect and adds HSTS', () => {
    expect(haproxyIngress.httpsRedirectDefault.code).toBe(302);
    expect(haproxyIngress.httpsRedirectDefault.exemptPrefixes).toContain('/.well-known/acme-challenge');
  });
});

describe('nginx-inc', () => {
  it('Prefix is a plain string prefix', () => {
    const r = nginxInc.pathMatches(p('/tea', 'Prefix'));
    expect(r.matches).toEqual([{ prefix: '/tea' }]);
    expect(r.slashRedirect).toBeUndefined();
  });
  it('a prefix ending in / gets the 301 from the bare path', () => {
    const r = nginxInc.pathMatches(p('/tea/', 'Prefix'));
    expect(r.matches).toEqual([{ prefix: '/tea/' }]);
    expect(r.slashRedirect).toMatchObject({ path: '/tea', location: '/tea/', code: 301 });
    expect(nginxInc.pathMatches(p('/', 'Prefix')).slashRedirect).toBeUndefined();
  });
  it('path-regex case_insensitive and exact', () => {
    expect(nginxInc.pathMatches(p('/tea/[A-Z0-9]'), { regex: true, caseInsensitive: true }).matches).toEqual([{ regex: '(?i)/tea/[A-Z0-9].*' }]);
    expect(nginxInc.pathMatches(p('/tea'), { regex: false, caseInsensitive: false, exact: true }).matches).toEqual([{ exact: '/tea' }]);
  });
  it('rejects look-arounds', () => {
    expect(nginxInc.pathMatches(p('/(?!admin)'), { regex: true, caseInsensitive: false }).invalid).toBe(true);
  });
  it('orders exact, regex in Ingress order, prefixes longest first', () => {
    const rx = { regex: true, caseInsensitive: false };
    const got = order([
      ['prefix-short', nginxInc.pathMatches(p('/t', 'Prefix'))],
      ['regex-1', nginxInc.pathMatches(p('/t/a.*'), rx)],
      ['prefix-long', nginxInc.pathMatches(p('/t/long/path', 'Prefix'))],
      ['regex-2', nginxInc.pathMatches(p('/t/a/b/c/d.*'), rx)],
      ['exact', nginxInc.pathMatches(p('/x', 'Exact'))],
    ]);
    expect(got).toEqual(['exact', 'regex-1', 'regex-2', 'prefix-long', 'prefix-short']);
  });
});

describe('startAnchoredToFullMatch', () => {
  it('wraps alternations before appending .*', () => {
    expect(startAnchoredToFullMatch('^/a|/b', false)).toBe('(?:/a|/b).*');
    expect(startAnchoredToFullMatch('/a\\$', false)).toBe('/a\\$.*');
  });
});

describe('defaultDifferences', () => {
  it('name real keys of their controller and have unique ids', async () => {
    const { rulesByController } = await import('../../rules/index.js');
    const sets = [['contour', contour.defaultDifferences], ['haproxytech', haproxytech.defaultDifferences], ['haproxy-ingress', haproxyIngress.defaultDifferences], ['nginx-inc', nginxInc.defaultDifferences]] as const;
    const ids = new Set<string>();
    for (const [controller, diffs] of sets) {
      const names = new Set((rulesByController[controller] ?? []).flatMap((r) => r.meta.keys.map((k) => k.key.slice(k.key.indexOf('/') + 1))));
      for (const d of diffs) {
        expect(ids.has(d.id), d.id).toBe(false);
        ids.add(d.id);
        for (const o of d.overriddenBy) expect(names.has(o), `${controller}: ${o}`).toBe(true);
      }
    }
  });
});
