import { defineRule } from '../types.js';
import { quoteRegex, startAnchoredToFullMatch } from '../../src/semantics/paths.js';
import { k, rejected } from './keys.js';

const REWRITES = 'nginx.org/rewrites';
const TARGET = 'nginx.org/rewrite-target';
const PATH_REGEX = 'nginx.org/path-regex';

/** `serviceName=<svc> rewrite=<path>[;…]`. */
export function parseRewrites(v: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of v.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^serviceName=(\S+)\s+rewrite=(\S*)$/.exec(part);
    if (!m) return undefined;
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/**
 * `rewrites` replaces the location prefix for the listed Services (NGINX `rewrite ^<loc>(.*)$ <new>$1`
 * style through proxy_pass with a URI); `rewrite-target` replaces the whole URI, with `$1`… from
 * path-regex captures. `rewrites` wins when both are set.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/rewrite',
    controller: 'nginx-inc',
    description: 'Path rewrites per Service and rewrite-target.',
    keys: [
      k(REWRITES, 'full', 'VirtualService http[].rewrite.uriRegexRewrite (location prefix replaced)', 'Converted for the routes of the listed Services.'),
      k(TARGET, 'full', 'VirtualService http[].rewrite.uriRegexRewrite (whole URI replaced)', 'Converted; $N references become \\N.'),
    ],
  },
  create(ctx) {
    const rw = ctx.get(REWRITES);
    const target = ctx.get(TARGET);
    if (rw !== undefined) {
      const map = parseRewrites(rw);
      if (!map) rejected(ctx, REWRITES, `expected "serviceName=<svc> rewrite=<path>" entries separated by ";", got ${JSON.stringify(rw)}`);
      else {
        const services = new Set(ctx.ingress.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend.kind === 'service' ? [p.backend.service] : []))));
        const unknown = [...map.keys()].filter((s) => !services.has(s));
        ctx.intents.routeTransforms.push({
          key: REWRITES,
          apply: (route, info) => {
            const b = info.path?.backend;
            if (!b || b.kind !== 'service' || !map.has(b.service) || route.redirect) return;
            const loc = info.path!.path;
            const to = map.get(b.service)!;
            const match = info.matchKind === 'regex' ? `^(?:${info.pathRegex})` : `^${quoteRegex(loc)}`;
            route.rewrite = { ...route.rewrite, uriRegexRewrite: { match, rewrite: to } };
          },
        });
        ctx.report({ key: REWRITES, level: unknown.length ? 'partial' : 'converted', message: `path prefix replaced for ${[...map].map(([s, r]) => `${s} → ${r || '(empty)'}`).join(', ')}${unknown.length ? `; ${unknown.join(', ')} not a backend of this Ingress (no effect)` : ''}` });
        if (target !== undefined) ctx.report({ key: TARGET, level: 'ignored', message: `${REWRITES} is set and wins` });
      }
    }
    if (target !== undefined && rw === undefined) {
      if (/^[a-z]+:\/\//i.test(target)) {
        rejected(ctx, TARGET, `absolute URL ${JSON.stringify(target)} is refused`);
        return;
      }
      const pr = ctx.get(PATH_REGEX);
      const ci = pr === 'case_insensitive';
      const regex = pr === 'case_sensitive' || ci;
      const rewrite = target.replace(/\$(\d)/g, '\\$1');
      ctx.intents.routeTransforms.push({
        key: TARGET,
        apply: (route, info) => {
          if (!info.path || route.redirect) return;
          const match = regex ? startAnchoredToFullMatch(info.path.path, ci).replace(/^(\(\?i\))?/, (m) => `${m}^`) + '$' : `^${quoteRegex(info.path.path)}.*$`;
          route.rewrite = { ...route.rewrite, uriRegexRewrite: { match, rewrite } };
        },
      });
      const refs = /\$\d/.test(target);
      ctx.report({ key: TARGET, level: refs && !regex ? 'error' : 'converted', message: refs && !regex ? `${target} refers to regex groups but ${PATH_REGEX} is not set: NGINX leaves them empty` : `the whole path is replaced by ${target}` });
    }
  },
});
