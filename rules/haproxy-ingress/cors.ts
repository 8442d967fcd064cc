import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { istioDuration, list } from '../common/values.js';
import { re2Error } from '../../src/semantics/paths.js';
import type { CorsPolicy, StringMatch } from '../../src/istio/types.js';
import { PREFIXES, hi } from './keys.js';

const NAMES = ['cors-enable', 'cors-allow-origin', 'cors-allow-origin-regex', 'cors-allow-methods', 'cors-allow-headers', 'cors-allow-credentials', 'cors-expose-headers', 'cors-max-age'] as const;
type Name = (typeof NAMES)[number];

/** haproxy-ingress CORS defaults when `cors-enable: "true"`. */
export const CORS_DEFAULTS: Required<Pick<CorsPolicy, 'allowOrigins' | 'allowMethods' | 'allowHeaders' | 'allowCredentials' | 'maxAge'>> = {
  allowOrigins: [{ regex: '.*' }],
  allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
  allowHeaders: ['DNT', 'X-CustomHeader', 'Keep-Alive', 'User-Agent', 'X-Requested-With', 'If-Modified-Since', 'Cache-Control', 'Content-Type', 'Authorization'],
  allowCredentials: true,
  maxAge: '86400s',
};

/** CORS (Path scope). Origins: comma list of exact origins, plus space-separated unanchored regexes. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/cors',
    controller: 'haproxy-ingress',
    description: 'CORS response headers.',
    keys: [
      ...hi('cors-enable', 'full', 'VirtualService http[].corsPolicy', 'Converted with haproxy-ingress defaults for the keys left unset.'),
      ...hi('cors-allow-origin', 'full', 'corsPolicy.allowOrigins[].exact', 'Converted.'),
      ...hi('cors-allow-origin-regex', 'full', 'corsPolicy.allowOrigins[].regex', 'Converted; unanchored patterns are widened to match anywhere in the origin.'),
      ...hi('cors-allow-methods', 'full', 'corsPolicy.allowMethods', 'Converted.'),
      ...hi('cors-allow-headers', 'full', 'corsPolicy.allowHeaders', 'Converted.'),
      ...hi('cors-allow-credentials', 'full', 'corsPolicy.allowCredentials', 'Converted (default true).'),
      ...hi('cors-expose-headers', 'full', 'corsPolicy.exposeHeaders', 'Converted.'),
      ...hi('cors-max-age', 'full', 'corsPolicy.maxAge', 'Converted (seconds, default 86400).'),
    ],
  },
  create(ctx) {
    const v = Object.fromEntries(NAMES.map((n) => [n, firstOf(ctx, PREFIXES, n)])) as Record<Name, { key: string; value: string } | undefined>;
    if (v['cors-enable']?.value !== 'true') {
      for (const n of NAMES) if (v[n]) ctx.report({ key: v[n]!.key, level: 'ignored', message: n === 'cors-enable' ? `CORS is off (${JSON.stringify(v[n]!.value)})` : 'no effect: cors-enable is not "true"' });
      return;
    }
    const policy: CorsPolicy = { ...CORS_DEFAULTS, allowOrigins: [...CORS_DEFAULTS.allowOrigins] };
    const done = (n: Name, message: string) => ctx.report({ key: v[n]!.key, level: 'converted', message });
    const origins: StringMatch[] = [];
    const o = v['cors-allow-origin'];
    if (o) {
      const items = list(o.value, /\s*,\s*/);
      if (items.includes('*')) origins.push({ regex: '.*' });
      else origins.push(...items.map((x) => ({ exact: x })));
      done('cors-allow-origin', `allowed origins: ${items.join(', ')}`);
    }
    const rx = v['cors-allow-origin-regex'];
    if (rx) {
      const pats = list(rx.value, /\s+/);
      const bad = pats.filter((p) => re2Error(p));
      if (bad.length) ctx.report({ key: rx.key, level: 'unsupported', message: `not valid RE2, left out: ${bad.join(' ')}`, advice: 'Rewrite the patterns in RE2 syntax.', tags: ['security'] });
      const good = pats.filter((p) => !re2Error(p));
      origins.push(...good.map((p) => ({ regex: /^\^.*\$$/.test(p) ? p : `.*(?:${p}).*` })));
      if (good.length) done('cors-allow-origin-regex', `allowed origin patterns: ${good.join(' ')}`);
    }
    if (origins.length) policy.allowOrigins = origins;
    const lists: Array<[Name, 'allowMethods' | 'allowHeaders' | 'exposeHeaders']> = [['cors-allow-methods', 'allowMethods'], ['cors-allow-headers', 'allowHeaders'], ['cors-expose-headers', 'exposeHeaders']];
    for (const [n, field] of lists) {
      const e = v[n];
      if (!e) continue;
      policy[field] = list(e.value, /\s*,\s*/);
      done(n, `${field}: ${policy[field]!.join(', ')}`);
    }
    const cred = v['cors-allow-credentials'];
    if (cred) {
      policy.allowCredentials = cred.value === 'true';
      done('cors-allow-credentials', `credentials ${policy.allowCredentials ? 'allowed' : 'not allowed'}`);
    }
    const age = v['cors-max-age'];
    if (age) {
      if (!/^\d+$/.test(age.value.trim())) ctx.report({ key: age.key, level: 'error', message: `not a number of seconds: ${JSON.stringify(age.value)}; 86400 kept` });
      else if (Number(age.value) === 0) {
        delete policy.maxAge;
        ctx.report({ key: age.key, level: 'partial', message: 'HAProxy sent Access-Control-Max-Age 0 (no caching); Istio sends no max-age header, and browsers then cache preflights for 5s' });
      } else {
        policy.maxAge = istioDuration(Number(age.value) * 1000);
        done('cors-max-age', `max age ${policy.maxAge}`);
      }
    }
    ctx.intents.routePatches.push({ key: v['cors-enable']!.key, patch: { corsPolicy: policy } });
    done('cors-enable', 'CORS on (haproxy-ingress defaults for unset keys)');
  },
});
