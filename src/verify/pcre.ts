/**
 * nginx (PCRE) regexes evaluated with JavaScript's RegExp, as far as RegExp can represent them.
 * Constructs with a different meaning (or none) in JavaScript are refused, never guessed.
 */

export type PcreResult = { ok: true; re: RegExp } | { ok: false; reason: string };

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
  src = src.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>');
  let result: PcreResult | undefined;
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(src)) {
      result = { ok: false, reason: `PCRE ${what} in "${pattern}" has no JavaScript equivalent` };
      break;
    }
  }
  if (!result) {
    try {
      result = { ok: true, re: new RegExp((opts.prefix ?? '') + src, opts.caseless ? 'i' : '') };
    } catch (err) {
      result = { ok: false, reason: `regex "${pattern}" does not compile: ${(err as Error).message}` };
    }
  }
  cache.set(key, result);
  return result;
}
