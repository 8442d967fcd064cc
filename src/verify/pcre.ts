/**
 * nginx (PCRE) regexes evaluated with RE2 (re2js), as far as RE2 can represent them. User patterns
 * are never run with a backtracking engine: request paths may come from real access logs, and a
 * pattern like `(a+)+$` would hang a backtracking matcher. Constructs with a different meaning (or
 * none) in RE2 are refused, never guessed; Istio could not express them either.
 */
import { RE2JS } from 're2js';

/** The part of RegExp the models use, backed by RE2. */
export interface SafeRegex {
  test(s: string): boolean;
  /** Leftmost match with its groups (`m[0]`, `m[1]`, …; unmatched groups undefined), or null. */
  exec(s: string): Array<string | undefined> | null;
}

export type PcreResult = { ok: true; re: SafeRegex } | { ok: false; reason: string };

function safe(re: RE2JS): SafeRegex {
  const groups = re.groupCount();
  return {
    test: (s) => re.matcher(s).find(),
    exec: (s) => {
      const m = re.matcher(s);
      if (!m.find()) return null;
      const out: Array<string | undefined> = [];
      for (let i = 0; i <= groups; i++) out.push(m.group(i) ?? undefined);
      return out;
    },
  };
}

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/\(\?>/, 'atomic group (?>...)'],
  [/(?:[*+?}])\+/, 'possessive quantifier'],
  [/\\[AZzGQEKRXhHvVe]/, 'PCRE-only escape'],
  [/\\x\{/, '\\x{...} escape'],
  [/\\[pP]\{?/, 'Unicode property escape'],
  [/\(\?\|/, 'branch reset group'],
  [/\(\?R\)|\(\?\d+\)|\(\?[+-]\d+\)|\(\?&/, 'recursion'],
  [/\(\?\(/, 'conditional group'],
  [/\(\?#/, 'comment group'],
  [/\[\[:[a-z]+:\]\]|\[:[a-z]+:\]/, 'POSIX character class'],
  [/\(\?[a-zA-Z-]+[):]/, 'inline flag group'],
  [/\(\*[A-Z]/, 'backtracking verb'],
];

const cache = new Map<string, PcreResult>();

/**
 * Compile `pattern` the way nginx would use it: `prefix` is prepended verbatim (e.g. `^` for
 * ingress-nginx's `~* "^<path>"`), matching is case-insensitive when `caseless`.
 */
export function compilePcre(pattern: string, opts: { prefix?: string; caseless: boolean }): PcreResult {
  const key = `${opts.prefix ?? ''}\u0000${opts.caseless ? 'i' : ''}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let src = pattern;
  // A leading (?i) only repeats the caseless flag.
  if (opts.caseless) src = src.replace(/^\(\?i\)/, '');
  src = src.replace(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?P<$1>');
  let result: PcreResult | undefined;
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(src)) {
      result = { ok: false, reason: `PCRE ${what} in "${pattern}" has no RE2 equivalent` };
      break;
    }
  }
  if (!result) {
    try {
      result = { ok: true, re: safe(RE2JS.compile((opts.prefix ?? '') + src, opts.caseless ? RE2JS.CASE_INSENSITIVE : 0)) };
    } catch (err) {
      result = { ok: false, reason: `regex "${pattern}" does not compile: ${(err as Error).message}` };
    }
  }
  cache.set(key, result);
  return result;
}
