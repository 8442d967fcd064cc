import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { haproxyTime, istioDuration, list } from '../common/values.js';
import { re2Error } from '../../src/semantics/paths.js';
import type { CorsPolicy } from '../../src/istio/types.js';
import { PREFIXES, annotation } from './keys.js';

const NAMES = ['cors-enable', 'cors-allow-origin', 'cors-allow-methods', 'cors-allow-credentials', 'cors-allow-headers', 'cors-max-age', 'cors-respond-to-options'] as const;

/**
 * CORS. Defaults when enabled: origin `*`, methods `*`, headers `*`, max-age 5s, no credentials.
 * `cors-allow-origin` is `*` or a regex matched against Origin and echoed back.
 */
export default defineRule({
  meta: {
    id: 'haproxytech/cors',
    controller: 'haproxytech',
    description: 'CORS response headers.',
    keys: [
      ...annotation('cors-enable', 'full', 'VirtualService http[].corsPolicy', 'Converted; the other cors-* keys only count when this is "true".'),
      ...annotation('cors-allow-origin', 'full', 'corsPolicy.allowOrigins[] (regex)', 'Converted as an RE2 regex; PCRE-only syntax is rejected.'),
      ...annotation('cors-allow-methods', 'full', 'corsPolicy.allowMethods', 'Converted.'),
      ...annotation('cors-allow-credentials', 'full', 'corsPolicy.allowCredentials', 'Converted.'),
      ...annotation('cors-allow-headers', 'full', 'corsPolicy.allowHeaders', 'Converted.'),
      ...annotation('cors-max-age', 'full', 'corsPolicy.maxAge', 'Converted.'),
      ...annotation('cors-respond-to-options', 'full', 'corsPolicy (Envoy answers preflights itself)', 'Envoy answers valid preflights; other OPTIONS requests now reach the backend instead of getting 204.', { status: 'deprecated' }),
    ],
  },
  create(ctx) {
    const v = Object.fromEntries(NAMES.map((n) => [n, firstOf(ctx, PREFIXES, n)])) as Record<(typeof NAMES)[number], { key: string; value: string } | undefined>;
    if (v['cors-enable']?.value !== 'true') {
      for (const n of NAMES) {
        const e = v[n];
        if (e) ctx.report({ key: e.key, level: 'ignored', message: n === 'cors-enable' ? `CORS is off (${JSON.stringify(e.value)})` : 'no effect: cors-enable is not "true"' });
      }
      return;
    }
    const policy: CorsPolicy = { allowOrigins: [{ regex: '.*' }], allowMethods: ['*'], allowHeaders: ['*'], maxAge: '5s' };
    const ok = (n: (typeof NAMES)[number], message: string) => ctx.report({ key: v[n]!.key, level: 'converted', message });
    const origin = v['cors-allow-origin'];
    if (origin) {
      const o = origin.value.trim();
      const err = o === '*' ? undefined : re2Error(o);
      if (err) ctx.report({ key: origin.key, level: 'unsupported', message: `origin regex ${JSON.stringify(o)} is not valid RE2 (${err}); any origin is allowed instead`, advice: 'Rewrite the origin pattern in RE2 syntax.', tags: ['security'] });
      else {
        // HAProxy searches the regex anywhere in Origin; Envoy matches the whole value.
        policy.allowOrigins = [{ regex: o === '*' ? '.*' : /^\^.*\$$/.test(o) ? o : `.*(?:${o}).*` }];
        ok('cors-allow-origin', `allowed origins: ${o}`);
      }
    }
    const methods = v['cors-allow-methods'];
    if (methods) {
      policy.allowMethods = list(methods.value, /\s*,\s*/);
      ok('cors-allow-methods', `allowed methods: ${policy.allowMethods.join(', ')}`);
    }
    const headers = v['cors-allow-headers'];
    if (headers) {
      policy.allowHeaders = list(headers.value, /\s*,\s*/);
      ok('cors-allow-headers', `allowed headers: ${policy.allowHeaders.join(', ')}`);
    }
    const cred = v['cors-allow-credentials'];
    if (cred) {
      if (cred.value === 'true') policy.allowCredentials = true;
      ok('cors-allow-credentials', `credentials ${cred.value === 'true' ? 'allowed' : 'not allowed'}`);
    }
    const age = v['cors-max-age'];
    if (age) {
      const ms = haproxyTime(age.value);
      if (ms === undefined) ctx.report({ key: age.key, level: 'error', message: `not a HAProxy time: ${JSON.stringify(age.value)}; 5s kept` });
      else if (ms < 1000) {
        delete policy.maxAge;
        ctx.report({ key: age.key, level: 'partial', message: `max age ${age.value} is under a second: HAProxy sent Access-Control-Max-Age 0 (no caching); Istio sends no max-age header, and browsers then cache preflights for 5s` });
      } else {
        policy.maxAge = istioDuration(ms);
        ok('cors-max-age', `max age ${policy.maxAge}${/^\s*\d+\s*$/.test(age.value) ? ' (a bare number is milliseconds in HAProxy time format; write e.g. "1h" if seconds were meant)' : ''}`);
      }
    }
    const opt = v['cors-respond-to-options'];
    if (opt) {
      ctx.report({ key: opt.key, level: opt.value === 'true' ? 'partial' : 'converted', message: opt.value === 'true' ? 'Envoy answers CORS preflights itself, but OPTIONS requests that are not preflights now reach the backend (HAProxy answered them with 204)' : 'off: preflights are answered by Envoy\'s CORS filter', tags: opt.value === 'true' ? ['behaviour-change'] : undefined });
    }
    ctx.intents.routePatches.push({ key: v['cors-enable']!.key, patch: { corsPolicy: policy } });
    ok('cors-enable', `CORS on: origins ${policy.allowOrigins!.map((m) => m.regex).join(', ')}, methods ${policy.allowMethods!.join(',')}, headers ${policy.allowHeaders!.join(',')}, max age ${policy.maxAge}`);
  },
});
