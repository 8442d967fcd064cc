/** haproxy-ingress path semantics of one Ingress (path-type key applied), for scoping policies. */
import type { RuleContext } from '../types.js';
import { PATH_TYPES, pathMatches, type HaproxyIngressPathType } from '../../src/semantics/haproxy-ingress.js';
import type { PathMatcher } from '../common/access.js';
import { PREFIXES } from './keys.js';

export function pathTypeOf(ctx: RuleContext): HaproxyIngressPathType | undefined {
  for (const p of PREFIXES) {
    const v = ctx.get(`${p}path-type`);
    if (v !== undefined) return (PATH_TYPES as readonly string[]).includes(v) ? (v as HaproxyIngressPathType) : undefined;
  }
  return undefined;
}

export function matcher(ctx: RuleContext): PathMatcher {
  const pathType = pathTypeOf(ctx);
  return (p) => pathMatches(p, { regex: pathType === 'regex', caseInsensitive: false, pathType });
}
