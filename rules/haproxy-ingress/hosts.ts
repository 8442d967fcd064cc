import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { list } from '../common/values.js';
import { PATH_TYPES, pathMatches, type HaproxyIngressPathType } from '../../src/semantics/haproxy-ingress.js';
import { PREFIXES, cm, hi } from './keys.js';

/**
 * Path type of ImplementationSpecific paths, host aliases and host matching. `path-type: regex`
 * sets the regexPaths intent (the engine calls pathMatches with `regex: true`); `exact` and `prefix`
 * re-match the ImplementationSpecific routes through a transform, which keeps their position among
 * the begin-type routes rather than moving them to haproxy-ingress's exact/prefix tiers.
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/hosts',
    controller: 'haproxy-ingress',
    description: 'Path type, server aliases, host matching.',
    keys: [
      ...hi('path-type', 'full', 'VirtualService http[].match[].uri {prefix+ignoreUriCase | exact | regex}', 'Converted: begin = case-insensitive string prefix, regex = start-anchored regex.'),
      cm('path-type-order', 'full', 'VirtualService http[] order', 'Global route order; the converter uses the default (exact, prefix, begin, regex).'),
      ...hi('server-alias', 'full', 'VirtualService spec.hosts (+ Gateway servers[].hosts)', 'Converted: the aliases are served by the same routes; certificates must cover them.'),
      ...hi('server-alias-regex', 'none', 'none', 'Istio hosts cannot be regexes; list the names (or a *.domain wildcard) as server-alias.'),
      cm('strict-host', 'partial', 'none (Istio never falls through to wildcard hosts)', 'Istio behaves like strict-host: true; requests that fell through to a wildcard host now get 404.'),
    ],
  },
  create(ctx) {
    const pt = firstOf(ctx, PREFIXES, 'path-type');
    if (pt) {
      const v = pt.value.trim() as HaproxyIngressPathType;
      const isPaths = ctx.ingress.rules.flatMap((r) => r.paths).filter((p) => p.pathType === 'ImplementationSpecific');
      if (!PATH_TYPES.includes(v)) ctx.report({ key: pt.key, level: 'error', message: `expected begin, exact, prefix or regex, got ${JSON.stringify(pt.value)}; begin applies` });
      else if (!isPaths.length) ctx.report({ key: pt.key, level: 'ignored', message: 'no ImplementationSpecific path: Exact and Prefix paths ignore path-type' });
      else if (v === 'begin') ctx.report({ key: pt.key, level: 'converted', message: 'case-insensitive string prefix (the default)' });
      else if (v === 'regex') {
        ctx.intents.regexPaths = { key: pt.key, caseInsensitive: false };
        const bad = isPaths.map((p) => pathMatches(p, { regex: true, caseInsensitive: false, pathType: 'regex' })).filter((r) => r.invalid);
        ctx.report({ key: pt.key, level: bad.length ? 'partial' : 'converted', message: `ImplementationSpecific paths are start-anchored regexes${bad.length ? `; ${bad.flatMap((b) => b.findings ?? []).join('; ')}` : ''}` });
      } else {
        ctx.intents.routeTransforms.push({
          key: pt.key,
          apply: (route, info) => {
            if (info.path?.pathType !== 'ImplementationSpecific' || !route.match) return;
            const r = pathMatches(info.path, { regex: false, caseInsensitive: false, pathType: v });
            const rest = route.match[0] ?? {};
            route.match = r.matches.map((uri) => {
              const m = { ...rest, uri };
              delete m.ignoreUriCase;
              return m;
            });
          },
        });
        ctx.report({ key: pt.key, level: 'partial', message: `ImplementationSpecific paths match as ${v === 'exact' ? 'exact paths' : 'segment prefixes'}; their routes stay ordered among prefix routes by length instead of haproxy-ingress's ${v} tier`, advice: 'Check overlapping paths on the same host; use pathType Exact/Prefix in the Ingress to get the exact order.' });
      }
    }
    const alias = firstOf(ctx, PREFIXES, 'server-alias');
    if (alias) {
      const hosts = list(alias.value, /[\s,]+/);
      ctx.intents.serverAliases = { key: alias.key, hosts };
      ctx.report({ key: alias.key, level: 'converted', message: `also served as ${hosts.join(', ')}`, advice: 'Make sure the TLS certificate covers the aliases.' });
    }
    const re = firstOf(ctx, PREFIXES, 'server-alias-regex');
    if (re) ctx.report({ key: re.key, level: 'unsupported', message: `host names matching ${JSON.stringify(re.value)} are no longer served by these routes`, advice: 'List the names (or a *.domain wildcard) as server-alias.' });
  },
});
