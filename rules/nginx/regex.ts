/**
 * Regex portability: source controllers use PCRE (nginx) while Istio/Envoy use RE2 with full-match
 * semantics. `re2js` (a port of RE2) is the judge of what compiles; the PCRE construct table only
 * names the reason in the finding.
 */
import { compileRe2 } from '../../src/semantics/regex.js';

export type RegexCheck =
  | { ok: true; groups: number }
  | { ok: false; reason: string; pcreOnly: boolean };

/** PCRE constructs RE2 rejects, with a human name (checked in this order). */
const PCRE_ONLY: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<[=!]/, 'look-behind'],
  [/\(\?[=!]/, 'look-ahead'],
  [/\(\?>/, 'atomic group'],
  [/\(\?[|]/, 'branch-reset group'],
  [/\(\?\(/, 'conditional group'],
  [/\(\?R\)|\(\?[+-]?\d+\)|\(\?&\w+\)|\(\?P>\w+\)/, 'recursion'],
  [/\(\*[A-Z_]+(?::[^)]*)?\)/, 'backtracking verb'],
  [/\(\?#/, 'inline comment'],
  [/(?:[*+?}])\+/, 'possessive quantifier'],
  [/\\[1-9]|\\k[<{']|\\g[{<'\d-]/, 'back-reference'],
  [/\\[GKRXZhHvV]/, 'PCRE-only escape'],
];

function unescapedMatch(pattern: string, re: RegExp): boolean {
  // Ignore hits preceded by an escaping backslash (e.g. `\(?=` is literal text).
  const g = new RegExp(re.source, 'g');
  for (let m = g.exec(pattern); m; m = g.exec(pattern)) {
    let bs = 0;
    for (let i = m.index - 1; i >= 0 && pattern[i] === '\\'; i--) bs++;
    if (bs % 2 === 0) return true;
    g.lastIndex = m.index + 1;
  }
  return false;
}

/** Name the PCRE-only construct in `pattern`, if any. */
export function pcreOnlyConstruct(pattern: string): string | undefined {
  for (const [re, name] of PCRE_ONLY) if (unescapedMatch(pattern, re)) return name;
  return undefined;
}

/** Does `pattern` compile in RE2? Returns the number of capture groups when it does. */
export function checkRe2(pattern: string): RegexCheck {
  // Cached compile: the same location regex is checked by several rules and again by the engine.
  const re = compileRe2(pattern);
  if (typeof re !== 'string') return { ok: true, groups: re.groupCount() };
  const construct = pcreOnlyConstruct(pattern);
  return construct ? { ok: false, pcreOnly: true, reason: `PCRE-only ${construct} (RE2: ${re})` } : { ok: false, pcreOnly: false, reason: re };
}

export { nginxLocationRegex } from '../../src/semantics/regex.js';

/** Header regexes are searched (unanchored) by nginx/Lua; RE2 in Envoy matches the whole value. */
export function searchRegex(pattern: string): string {
  return `.*(?:${pattern}).*`;
}

/**
 * Turn an nginx `rewrite` replacement (`$1`…`$9`) into an Envoy regex_rewrite substitution (`\1`).
 * References to groups the pattern does not have become empty, as nginx substitutes them.
 * Backslashes are escaped so they stay literal.
 */
export function nginxRewriteSubstitution(target: string, groups: number): string {
  if (!target.includes('\\') && !target.includes('$')) return target;
  return target.replace(/\\/g, '\\\\').replace(/\$(\d)/g, (_m, d: string) => (Number(d) <= groups && Number(d) > 0 ? `\\${d}` : ''));
}

/** `$N` references in a rewrite target, sorted and unique. */
export function captureReferences(target: string): number[] {
  const out = new Set<number>();
  for (const m of target.matchAll(/\$(\d)/g)) out.add(Number(m[1]));
  return [...out].sort((a, b) => a - b);
}

/** Escape a literal for use inside an RE2 pattern. */
export function re2Quote(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
