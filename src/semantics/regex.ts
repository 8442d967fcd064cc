/**
 * RE2 checks for patterns we emit. Istio/Envoy compile regexes with RE2 and match them against the
 * whole value; source controllers use PCRE searches. Nothing here runs a user pattern with a
 * backtracking engine: re2js is linear-time.
 */
import { RE2JS, RE2Set } from 're2js';

const compiled = new Map<string, RE2JS | string>();
/** Syntax checks of patterns not compiled: null = valid, else the error message. */
const checked = new Map<string, string | null>();

/** Compile with RE2 (cached). Returns the compiled pattern, or the error message. */
export function compileRe2(pattern: string): RE2JS | string {
  let hit = compiled.get(pattern);
  if (hit === undefined) {
    try {
      hit = RE2JS.compile(pattern);
    } catch (err) {
      hit = err instanceof Error ? err.message : String(err);
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, hit);
  }
  return hit;
}

/**
 * Why RE2 rejects a pattern (the message compileRe2 would return), or undefined when it is valid,
 * without building a matcher: RE2JS.compile parses and simplifies the pattern (where every syntax
 * and size error is raised) and then compiles a program, a prefilter and a one-pass matcher, which
 * a yes/no answer does not need and which cost about a third of the work. RE2Set.add does the first
 * part only, with the same flags. Use compileRe2 when the groups or a matcher are needed.
 */
export function re2SyntaxError(pattern: string): string | undefined {
  const done = compiled.get(pattern);
  if (done !== undefined) return typeof done === 'string' ? done : undefined;
  let hit = checked.get(pattern);
  if (hit === undefined) {
    try {
      new RE2Set().add(pattern);
      hit = null;
    } catch (err) {
      hit = err instanceof Error ? err.message : String(err);
    }
    if (checked.size > 10_000) checked.clear();
    checked.set(pattern, hit);
  }
  return hit ?? undefined;
}

/** PCRE constructs with no RE2 equivalent, named for the user. */
const PCRE_ONLY: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<[=!]/, 'look-behind'],
  [/\(\?[=!]/, 'look-ahead'],
  [/\(\?>/, 'atomic group'],
  [/\(\?\(/, 'conditional group'],
  [/[*+?}]\+/, 'possessive quantifier'],
  [/\\[1-9]|\\k[<{']|\\g[{<'\d-]/, 'back-reference'],
  [/\(\?R\)|\(\?[0-9]+\)|\(\?&/, 'recursion'],
  [/\(\*[A-Z]/, 'backtracking verb'],
  [/\\[GKRXZhHvV]/, 'PCRE-only escape'],
];

/**
 * Why a source (PCRE) pattern cannot be carried over to RE2, or undefined when it can.
 * `emitted` is the pattern that would be emitted (defaults to the source). Phrased to follow
 * `path regex "<source>"`. Istio also caps regexes at 1024 characters.
 */
export function re2Incompatibility(source: string, emitted: string = source): string | undefined {
  for (const [re, name] of PCRE_ONLY) if (re.test(source)) return `uses a PCRE-only ${name}, which RE2 (Istio/Envoy) does not support`;
  if (emitted.length > 1024) return `is ${emitted.length} characters long once translated; Istio accepts at most 1024`;
  const r = re2SyntaxError(emitted);
  if (r !== undefined) return `is not a valid RE2 regex (${r})`;
  return undefined;
}

/** Full-match test with RE2 semantics (what Envoy does for uri.regex). */
export function re2FullMatch(pattern: string, value: string): boolean {
  const r = compileRe2(pattern);
  if (typeof r === 'string') return false;
  return r.matches(value);
}

/** Quote a literal for use inside an RE2 pattern. */
export function escapeRe2(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The RE2 full-match pattern equivalent to an ingress-nginx regex location `~* "^<path>"`:
 * case-insensitive, anchored at the start only, so a trailing `.*` consumes the rest. Shared by
 * the engine (routes) and the ingress-nginx rules (their RE2 checks).
 */
export function nginxLocationRegex(path: string): string {
  return `(?i)^${path}.*`;
}
