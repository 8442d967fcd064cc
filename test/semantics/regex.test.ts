import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRe2, re2Incompatibility, re2SyntaxError } from '../../src/semantics/regex.js';

// re2SyntaxError answers without compiling a program; it must accept and reject exactly what
// compileRe2 does, with the same message. Each pattern is asked first (before compileRe2 caches it),
// so the parse-only path is the one tested.
describe('re2SyntaxError', () => {
  it('agrees with a full compile on hand-picked patterns', () => {
    const patterns = [
      '(?i)^/api(/|$)(.*).*',
      '[^.]+(\\.[^.]+)+\\.example\\.com(:[0-9]+)?',
      '(?P<id>[0-9]+)',
      '(?<name>x)',
      '\\pL+\\p{Greek}',
      '[[:alpha:]]',
      '\\Qa.b\\E+',
      'a{2,1}',
      'a{1001}',
      '(a){0}',
      '(?<=a)b',
      '(?=a)',
      '(a',
      'a)',
      '[',
      '[z-a]',
      '*a',
      'a**',
      '\\8',
      '\\k<x>',
      '(?i',
      '\\p{Nope}',
      '[[:nope:]]',
      'x\\',
      '',
      '((((((((((a))))))))))'.repeat(3),
    ];
    let invalid = 0;
    for (const p of patterns) {
      const fast = re2SyntaxError(p);
      const full = compileRe2(p);
      expect(fast, p).toBe(typeof full === 'string' ? full : undefined);
      if (fast !== undefined) invalid++;
    }
    // Both answers occur (the list is not all valid or all invalid).
    expect(invalid).toBeGreaterThan(8);
    expect(invalid).toBeLessThan(patterns.length - 8);
  });

  it('agrees with a full compile on generated patterns', () => {
    const piece = fc.constantFrom('a', 'b', '.', '*', '+', '?', '{2}', '{1,}', '{3,2}', '(', ')', '(?:', '(?i)', '(?P<g>', '[', ']', '^', '-', '\\', '\\d', '\\Q', '\\E', '|', '$', '[:alpha:]', '\\pN', '\\x{41}', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const p = parts.join('');
        const fast = re2SyntaxError(p);
        const full = compileRe2(p);
        expect(fast).toBe(typeof full === 'string' ? full : undefined);
      }),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('is what re2Incompatibility reports', () => {
    expect(re2Incompatibility('/a(b', '(?i)^/a(b.*')).toBe('is not a valid RE2 regex (error parsing regexp: missing closing ): `(?i)^/a(b.*`)');
    expect(re2Incompatibility('/a(b)', '(?i)^/a(b).*')).toBeUndefined();
  });
});
