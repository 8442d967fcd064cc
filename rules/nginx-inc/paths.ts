import { defineRule } from '../types.js';
import { pathMatches } from '../../src/semantics/nginx-inc.js';
import { k, rejected } from './keys.js';

const KEY = 'nginx.org/path-regex';

/**
 * `path-regex` turns every path of the Ingress into a regex location (case_sensitive `~`,
 * case_insensitive `~*`) or an exact location (`exact`). Regex: the engine matches with
 * src/semantics/nginx-inc.ts (start-anchored → RE2 full match). Exact: routes are re-matched here.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/paths',
    controller: 'nginx-inc',
    description: 'Regex and exact path locations.',
    keys: [k(KEY, 'full', 'VirtualService http[].match[].uri.regex / uri.exact', 'Converted; PCRE-only patterns (look-arounds, back-references) are rejected.')],
  },
  create(ctx) {
    const v = ctx.get(KEY);
    if (v === undefined) return;
    const paths = ctx.ingress.rules.flatMap((r) => r.paths);
    if (v === 'case_sensitive' || v === 'case_insensitive') {
      const ci = v === 'case_insensitive';
      ctx.intents.regexPaths = { key: KEY, caseInsensitive: ci };
      const bad = paths.map((p) => pathMatches(p, { regex: true, caseInsensitive: ci })).filter((r) => r.invalid);
      const exactTyped = paths.filter((p) => p.pathType === 'Exact').map((p) => p.path);
      const notes = [...bad.flatMap((b) => b.findings ?? []), ...(exactTyped.length ? [`Exact paths ${exactTyped.join(', ')} stay exact`] : [])];
      ctx.report({ key: KEY, level: bad.length ? 'unsupported' : 'converted', message: `paths are ${ci ? 'case-insensitive' : 'case-sensitive'} regexes anchored at the start; they win over prefix paths of the host, in Ingress order${notes.length ? `; ${notes.join('; ')}` : ''}`, advice: bad.length ? 'Rewrite those patterns in RE2 syntax.' : undefined });
    } else if (v === 'exact') {
      ctx.intents.routeTransforms.push({
        key: KEY,
        apply: (route, info) => {
          if (!info.path || !route.match) return;
          const rest = route.match[0] ?? {};
          route.match = [{ ...rest, uri: { exact: info.path.path } }];
        },
      });
      ctx.report({ key: KEY, level: 'converted', message: 'every path matches exactly (NGINX "=" locations); in Istio these routes keep their place among prefix routes, which only matters if a regex path of the same host also matches them' });
    } else rejected(ctx, KEY, `expected case_sensitive, case_insensitive or exact, got ${JSON.stringify(v)}`);
  },
});
