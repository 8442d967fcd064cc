import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { quoteRegex } from '../../src/semantics/paths.js';
import { effectivePathType } from '../../src/semantics/haproxy-ingress.js';
import type { IngressPath } from '../../src/model/ingress.js';
import { PREFIXES, hi } from './keys.js';
import { pathTypeOf } from './paths.js';

/**
 * `rewrite-target` as haproxy-ingress builds it: for non-regex paths `^<path>(.*)$` → `<target>\1`,
 * where a target ending in `/` also swallows the `/` that follows the path; for regex paths the
 * WHOLE path becomes the target when `^<path>` matches (Envoy replaces only the match, hence `.*`).
 * begin-type paths match case-insensitively, so the rewrite does too.
 */
export function rewriteFor(path: IngressPath, target: string, pathType: ReturnType<typeof effectivePathType>): { match: string; rewrite: string } {
  if (pathType === 'regex') return { match: `^(?:${path.path.replace(/^\^/, '')}).*$`, rewrite: target };
  const ci = pathType === 'begin' ? '(?i)' : '';
  const p = path.pathType === 'Prefix' ? path.path.replace(/\/+$/, '') || '/' : path.path;
  if (p === '/' && target.endsWith('/')) return { match: `^/(.*)$`, rewrite: `${target}\\1` };
  if (target.endsWith('/')) return { match: `${ci}^${quoteRegex(p)}/?(.*)$`, rewrite: `${target}\\1` };
  return { match: `${ci}^${quoteRegex(p)}(.*)$`, rewrite: `${target}\\1` };
}

export default defineRule({
  meta: {
    id: 'haproxy-ingress/rewrite',
    controller: 'haproxy-ingress',
    description: 'Path rewrite (rewrite-target).',
    keys: hi('rewrite-target', 'full', 'VirtualService http[].rewrite.uriRegexRewrite', 'Converted per path with haproxy-ingress\'s slash handling.'),
  },
  create(ctx) {
    const e = firstOf(ctx, PREFIXES, 'rewrite-target');
    if (!e) return;
    const target = e.value.trim();
    if (!target.startsWith('/')) {
      ctx.report({ key: e.key, level: 'error', message: `expected a path starting with /, got ${JSON.stringify(e.value)}` });
      return;
    }
    const pt = pathTypeOf(ctx);
    ctx.intents.routeTransforms.push({
      key: e.key,
      apply: (route, info) => {
        if (!info.path || route.redirect) return;
        const type = effectivePathType(info.path, { regex: pt === 'regex', caseInsensitive: false, pathType: pt });
        route.rewrite = { ...route.rewrite, uriRegexRewrite: rewriteFor(info.path, target, type) };
      },
    });
    ctx.report({ key: e.key, level: 'converted', message: `each path's prefix is replaced by ${target}${pt === 'regex' ? ' (regex paths: the whole path)' : ''}` });
  },
});
