import { describe, expect, it } from 'vitest';
import { captureReferences, checkRe2, nginxLocationRegex, nginxRewriteSubstitution, pcreOnlyConstruct, re2Quote, searchRegex } from '../../../rules/nginx/regex.js';

describe('RE2 portability of nginx (PCRE) regexes', () => {
  it('accepts RE2 syntax and counts groups', () => {
    expect(checkRe2(nginxLocationRegex('/something(/|$)(.*)'))).toEqual({ ok: true, groups: 2 });
    expect(checkRe2('(?i)^/id/[0-9]+$.*')).toEqual({ ok: true, groups: 0 });
  });

  it.each([
    ['/(?=admin)x', 'look-ahead'],
    ['/(?!admin).*', 'look-ahead'],
    ['/(?<=a)b', 'look-behind'],
    ['/(?<!a)b', 'look-behind'],
    ['/(?>ab)c', 'atomic group'],
    ['/a++', 'possessive quantifier'],
    ['/a{2}+', 'possessive quantifier'],
    ['/(a)\\1', 'back-reference'],
    ['/(?<n>a)\\k<n>', 'back-reference'],
    ['/a\\Z', 'PCRE-only escape'],
    ['/(?(1)a|b)', 'conditional group'],
  ])('rejects %s as a PCRE-only %s', (pattern, what) => {
    const r = checkRe2(nginxLocationRegex(pattern));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.pcreOnly).toBe(true);
      expect(r.reason).toContain(what);
    }
    expect(pcreOnlyConstruct(pattern)).toBe(what);
  });

  it('does not mistake escaped text for PCRE constructs', () => {
    expect(pcreOnlyConstruct('/\\(?=x')).toBeUndefined();
    expect(checkRe2('/a\\+\\+').ok).toBe(true);
  });

  it('reports plain syntax errors without calling them PCRE', () => {
    const r = checkRe2('/a(b');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.pcreOnly).toBe(false);
  });

  it('turns $N into \\N and drops references to missing groups like nginx', () => {
    expect(nginxRewriteSubstitution('/$2', 2)).toBe('/\\2');
    expect(nginxRewriteSubstitution('/x/$1/$3', 2)).toBe('/x/\\1/');
    expect(captureReferences('/$2/$1/$2')).toEqual([1, 2]);
  });

  it('wraps header patterns for a full match and quotes literals', () => {
    expect(searchRegex('^v2')).toBe('.*(?:^v2).*');
    expect(re2Quote('a.b*c')).toBe('a\\.b\\*c');
  });
});
