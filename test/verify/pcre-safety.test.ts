import { describe, expect, it } from 'vitest';
import { compilePcre } from '../../src/verify/pcre.js';

describe('the source model evaluates nginx regexes with RE2, never by backtracking', () => {
  it('a catastrophic-backtracking pattern against a long hostile path answers at once', () => {
    const r = compilePcre('/(a+)+$', { prefix: '^', caseless: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const path = `/${'a'.repeat(50_000)}!`;
    const started = process.hrtime.bigint();
    expect(r.re.test(path)).toBe(false);
    // A backtracking engine needs ~2^50000 steps here; RE2 is linear. Generous sanity bound only.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });

  it('keeps nginx semantics: case-insensitive, start-anchored search, capture groups', () => {
    const r = compilePcre('/something(/|$)(.*)', { prefix: '^', caseless: true });
    if (!r.ok) throw new Error(r.reason);
    expect(r.re.test('/SOMETHING/new')).toBe(true);
    expect(r.re.test('/x/something')).toBe(false);
    expect(r.re.exec('/something/new/x')?.slice(0, 3)).toEqual(['/something/new/x', '/', 'new/x']);
  });

  it('refuses PCRE-only constructs instead of guessing', () => {
    const r = compilePcre('/(?!admin).*', { prefix: '^', caseless: true });
    expect(r.ok).toBe(false);
  });
});
