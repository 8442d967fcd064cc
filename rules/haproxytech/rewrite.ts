import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { re2Error } from '../../src/semantics/paths.js';
import { PREFIXES, annotation } from './keys.js';

/**
 * `path-rewrite` is HAProxy's `replace-path`: when the (unanchored) regex matches, the *whole* path
 * becomes the replacement; Envoy's regex rewrite only replaces the matched part, so the pattern is
 * widened to `^.*?(?:re).*$` (no new capture group, so `\1`… keep their numbers). A single token
 * replaces every path. Several lines are chained rewrites, which Istio cannot express.
 */
export function pathRewrite(value: string): { match: string; rewrite: string } | { error: string; unsupported?: boolean } {
  const lines = value.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length !== 1) return lines.length ? { error: `${lines.length} chained rewrites; Istio applies one rewrite per route`, unsupported: true } : { error: 'empty value' };
  const parts = lines[0]!.split(/\s+/);
  if (parts.length === 1) return { match: '^.*$', rewrite: parts[0]! };
  if (parts.length !== 2) return { error: `expected "<regex> <replacement>", got ${parts.length} words` };
  const [re, rewrite] = parts as [string, string];
  const err = re2Error(re);
  if (err) return { error: `regex is not valid RE2 (${err})`, unsupported: true };
  return { match: `^.*?(?:${re}).*$`, rewrite };
}

export default defineRule({
  meta: {
    id: 'haproxytech/rewrite',
    controller: 'haproxytech',
    description: 'Path rewrite (replace-path).',
    keys: annotation('path-rewrite', 'partial', 'VirtualService http[].rewrite.uriRegexRewrite', 'Converted as a regex rewrite of the whole path; chained (multi-line) rewrites and PCRE-only patterns need manual work.'),
  },
  create(ctx) {
    const e = firstOf(ctx, PREFIXES, 'path-rewrite');
    if (!e) return;
    const redirect = PREFIXES.map((p) => `${p}request-redirect`).find((k) => ctx.has(k));
    if (redirect) {
      ctx.report({ key: e.key, level: 'ignored', message: `${redirect} answers every request with a redirect before the path is rewritten: no effect` });
      return;
    }
    const r = pathRewrite(e.value);
    if ('error' in r) {
      ctx.report({ key: e.key, level: r.unsupported ? 'unsupported' : 'error', message: `path not rewritten: ${r.error}`, advice: 'Write the rewrite by hand as rewrite.uriRegexRewrite on the affected routes.', tags: ['behaviour-change'] });
      return;
    }
    ctx.intents.routeTransforms.push({
      key: e.key,
      apply: (route) => {
        if (route.redirect) return;
        route.rewrite = { ...route.rewrite, uriRegexRewrite: { match: r.match, rewrite: r.rewrite } };
      },
    });
    ctx.report({ key: e.key, level: 'converted', message: `path rewritten with ${r.match} → ${r.rewrite} (whole path replaced, as HAProxy does)` });
  },
});
