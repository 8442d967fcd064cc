/**
 * Path semantics of the Kubernetes Ingress API itself (and of ingress-nginx outside regex mode):
 * - Exact: the path string exactly, case-sensitive.
 * - Prefix: element-wise. `/foo` matches `/foo`, `/foo/`, `/foo/bar`, never `/foobar`; a trailing
 *   slash in the rule is ignored (`/foo/` matches `/foo` too); `/` matches everything.
 * Istio's `uri.prefix` is a plain string prefix, so Prefix `/foo` becomes two OR-ed matches:
 * `exact: /foo` and `prefix: /foo/`.
 */
import type { StringMatch } from '../istio/types.js';
import { escapeRe2 } from './regex.js';

export interface PathTranslation {
  /** OR-ed Istio uri matches. */
  uris: StringMatch[];
  /** RE2 full-match pattern equivalent to `uris` (for rewrites and the verifier). */
  pathRegex: string;
  matchKind: 'exact' | 'prefix' | 'regex';
  /** Sort key: longer (more specific) first. */
  length: number;
  /** 0 for exact, 1 otherwise: exact wins over prefix of the same length. */
  rank: number;
}

export function exactPath(path: string): PathTranslation {
  return { uris: [{ exact: path }], pathRegex: escapeRe2(path), matchKind: 'exact', length: path.length, rank: 0 };
}

/** Element-wise Prefix, trailing slash ignored. */
export function elementPrefix(path: string): PathTranslation {
  const base = path.replace(/\/+$/, '');
  if (base === '') return { uris: [{ prefix: '/' }], pathRegex: '/.*', matchKind: 'prefix', length: 1, rank: 1 };
  return {
    uris: [{ exact: base }, { prefix: `${base}/` }],
    pathRegex: `${escapeRe2(base)}(/.*)?`,
    matchKind: 'prefix',
    length: base.length + 1,
    rank: 1,
  };
}

/** A plain string prefix (controllers that do not split on `/`). */
export function stringPrefix(path: string): PathTranslation {
  return { uris: [{ prefix: path }], pathRegex: `${escapeRe2(path)}.*`, matchKind: 'prefix', length: path.length, rank: 1 };
}
