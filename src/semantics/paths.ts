/**
 * Building blocks for the per-controller path semantics in this folder (contour.ts, haproxytech.ts,
 * haproxy-ingress.ts, nginx-inc.ts). Pure functions; no controller knowledge here.
 */
import { RE2JS } from 're2js';
import { re2SyntaxError } from './regex.js';
import type { StringMatch } from '../istio/types.js';
import type { IngressPath } from '../model/ingress.js';

/** What a controller makes of one Ingress path, in Istio terms. */
export interface PathMatchResult {
  /** Istio `uri` matches, OR-ed (one HTTPMatchRequest each). */
  matches: StringMatch[];
  /** Set when exact/prefix matches must ignore case (Istio `ignoreUriCase`; never needed for regex, which carries `(?i)`). */
  ignoreUriCase?: boolean;
  /**
   * Sort key: sort routes of one host by it, descending; equal keys keep Ingress/input order
   * (stable sort). Encodes the controller's precedence tier and then the path length.
   */
  specificity: number;
  /** Problems or differences to report against the path (regex rejected, quirks). */
  findings?: string[];
  /** The path cannot be matched in Istio at all (e.g. PCRE-only regex); `matches` is empty. */
  invalid?: boolean;
}

/** Precedence tiers; multiplied so that a tier always beats any path length below it. */
export const TIER = 1_000_000;

export function specificity(tier: number, path: string): number {
  return tier * TIER + Math.min(path.length, TIER - 1);
}

/** Quote a literal for RE2. */
export function quoteRegex(s: string): string {
  return RE2JS.quote(s);
}

/** Compile-check an RE2 pattern; returns the error message, or undefined when it is valid RE2. */
export function re2Error(pattern: string): string | undefined {
  return re2SyntaxError(pattern);
}

/** True when the pattern ends with an unescaped `$`. */
export function endsWithDollar(pattern: string): boolean {
  if (!pattern.endsWith('$')) return false;
  let backslashes = 0;
  for (let i = pattern.length - 2; i >= 0 && pattern[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * A start-anchored regex (HAProxy, NGINX: the pattern may match any prefix of the path) as an RE2
 * full-match pattern for Envoy: a leading `^` is dropped (full match anchors anyway) and `.*` is
 * appended unless the pattern already ends with `$`.
 */
export function startAnchoredToFullMatch(pattern: string, caseInsensitive: boolean): string {
  let p = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  if (!endsWithDollar(p)) p = p.includes('|') ? `(?:${p}).*` : `${p}.*`;
  return caseInsensitive ? `(?i)${p}` : p;
}

/** Trim trailing slashes, keeping `/` itself. */
export function trimTrailingSlashes(path: string): string {
  const t = path.replace(/\/+$/, '');
  return t === '' ? '/' : t;
}

/**
 * Kubernetes `Prefix` with segment semantics as Istio matches: `/p` → exact `/p` + prefix `/p/`;
 * `/` → prefix `/`. Trailing slashes of the Ingress path are ignored (`/p/` is the same as `/p`).
 */
export function segmentPrefix(path: string): StringMatch[] {
  const p = trimTrailingSlashes(path);
  if (p === '/') return [{ prefix: '/' }];
  return [{ exact: p }, { prefix: `${p}/` }];
}

/** Convenience for findings: where the path is, as text. */
export function describePath(path: IngressPath): string {
  return `path ${JSON.stringify(path.path)} (${path.pathType}${path.pathTypeExplicit ? '' : ', defaulted'})`;
}

/**
 * A behaviour a controller had without any annotation that the converted Istio config does not
 * reproduce (or reproduces differently). The engine reports the ones that apply to an Ingress.
 */
export interface DefaultDifference {
  /** Stable id, used as the finding key (`default:<id>`). */
  id: string;
  /** When it applies: every Ingress, only Ingresses with spec.tls, unless an annotation overrides it. */
  when: 'always' | 'tls';
  /** Annotation keys (without prefix) whose presence means the default did not apply. */
  overriddenBy: readonly string[];
  level: 'partial' | 'unsupported';
  message: string;
  advice: string;
}
