/**
 * Canary Ingresses (nginx-semantics.md §4): merged by the engine into the primary's routes for the
 * same host + path + pathType, in nginx's order: header rules, cookie rules, weighted default.
 */
import type { CanaryIntent } from '../../src/model/intents.js';
import { checkRe2, searchRegex } from './regex.js';
import { defineNginxRule, goBool, ignoreAll, k, key, readInt, report, show } from './common.js';

const OTHERS = ['canary-weight', 'canary-weight-total', 'canary-by-header', 'canary-by-header-value', 'canary-by-header-pattern', 'canary-by-cookie'];
/** ingress-nginx validation of header names/values (letters, digits, - . _ ~ / :). */
const HEADER_CHARS = /^[-._~a-zA-Z0-9/:]+$/;

export default defineNginxRule({
  appliesToCanary: true,
  meta: {
    id: 'nginx/canary',
    controller: 'ingress-nginx',
    description: 'Canary Ingresses merged into the primary routes (header, cookie, weight).',
    keys: [
      key('canary', 'partial', 'VirtualService.http[] of the primary: extra match routes and weighted route[]', 'Converted into the routes of the primary Service (every path and host using it, as nginx does, first canary only); sticky canary affinity is not reproduced.', { docs: 'canary' }),
      key('canary-weight', 'full', 'VirtualService.http[].route[].weight', 'primary = max(total,100) - w, canary = w.', { docs: 'canary' }),
      key('canary-weight-total', 'full', 'VirtualService.http[].route[].weight (relative)', 'Totals below 100 are ignored by nginx (100 is used).', { docs: 'canary' }),
      key('canary-by-header', 'full', 'VirtualService.http[].match[].headers.<name> exact always/never', "Routes before the weighted route; 'always'/'never' only when no value or pattern is set.", { docs: 'canary' }),
      key('canary-by-header-value', 'full', 'VirtualService.http[].match[].headers.<name>.exact', 'Needs canary-by-header.', { docs: 'canary' }),
      key('canary-by-header-pattern', 'partial', "VirtualService.http[].match[].headers.<name>.regex '.*(?:p).*'", 'PCRE search emulated with an RE2 full match; PCRE-only syntax cannot be converted.', { docs: 'canary' }),
      key('canary-by-cookie', 'partial', "VirtualService.http[].match[].headers.cookie.regex", 'Cookie matched with a regex on the Cookie header (approximate).', { docs: 'canary' }),
    ],
  },
  create(ctx) {
    const raw = ctx.get(k('canary'));
    const on = raw !== undefined ? goBool(raw) : undefined;
    if (raw !== undefined && on === undefined) {
      report(ctx, 'canary', 'error', `"${show(raw)}" is not a boolean; ingress-nginx treats the Ingress as a normal (non-canary) Ingress`);
    } else if (on === false) {
      report(ctx, 'canary', 'converted', 'canary "false": a normal Ingress');
    }
    if (!on) {
      ignoreAll(ctx, OTHERS, 'no effect: the Ingress is not a canary (canary: "true" missing)');
      return;
    }
    const intent: CanaryIntent = { key: k('canary') };

    // weight-total: nginx uses max(total, 100) at request time.
    const totalRaw = readInt(ctx, 'canary-weight-total', '100', 0);
    const total = totalRaw ?? 100;
    const effTotal = Math.max(total, 100);
    const weightRaw = readInt(ctx, 'canary-weight', '0', 0);
    const weight = weightRaw ?? 0;
    intent.weight = Math.min(weight, effTotal);
    intent.weightTotal = effTotal;
    if (totalRaw !== undefined) {
      if (totalRaw < 100) report(ctx, 'canary-weight-total', 'converted', `nginx ignores a total below 100 and uses 100 (so ${totalRaw} → 100); reproduced`);
      else report(ctx, 'canary-weight-total', 'converted', `weights out of ${totalRaw}`);
    }
    if (weightRaw !== undefined) {
      const w = intent.weight;
      const note = weightRaw > effTotal ? ` (${weightRaw} exceeds the total ${effTotal}: every request goes to the canary, as in nginx)` : '';
      report(
        ctx,
        'canary-weight',
        'converted',
        w === 0
          ? 'weight 0: no random traffic to the canary (header/cookie rules still apply)'
          : `route weights primary ${effTotal - w} / canary ${w} (out of ${effTotal})${note}`,
      );
    }

    // header
    const header = ctx.get(k('canary-by-header'));
    const value = ctx.get(k('canary-by-header-value'));
    const pattern = ctx.get(k('canary-by-header-pattern'));
    if (header === undefined) {
      ignoreAll(ctx, ['canary-by-header-value', 'canary-by-header-pattern'], 'no effect without canary-by-header');
    } else if (!HEADER_CHARS.test(header)) {
      report(ctx, 'canary-by-header', 'error', `"${show(header)}" is not a valid header name for ingress-nginx; no header rule`);
      ignoreAll(ctx, ['canary-by-header-value', 'canary-by-header-pattern'], 'no effect: canary-by-header is invalid');
    } else {
      const h = header.toLowerCase();
      intent.header = header;
      if (value !== undefined && value !== '') {
        if (!HEADER_CHARS.test(value)) {
          report(ctx, 'canary-by-header-value', 'error', `"${show(value)}" has characters ingress-nginx's validation rejects; the header rule falls back to always/never`);
          report(ctx, 'canary-by-header', 'converted', `header ${h}: "always" → canary, "never" → primary (Istio matches header names lower-case; nginx looks them up case-insensitively)`);
        } else {
          intent.headerValue = value;
          report(ctx, 'canary-by-header-value', 'converted', `requests with ${h}: ${value} (exact, case-sensitive) go to the canary`);
          report(ctx, 'canary-by-header', 'converted', `header ${h} selects the canary when it equals "${value}"; "always"/"never" have no special meaning then (as in nginx)`);
        }
        if (pattern !== undefined) report(ctx, 'canary-by-header-pattern', 'ignored', 'canary-by-header-value takes precedence over the pattern in nginx');
      } else if (pattern !== undefined && pattern !== '') {
        const re = searchRegex(pattern);
        const c = checkRe2(re);
        if (!c.ok) {
          report(ctx, 'canary-by-header-pattern', 'unsupported', `"${show(pattern)}": ${c.reason}; the header pattern rule is not emitted`, {
            advice: 'Rewrite the pattern in RE2 syntax.',
            tags: ['regex'],
          });
          report(ctx, 'canary-by-header', 'partial', `header ${h}: the pattern rule could not be converted, so only cookie/weight rules apply`);
        } else {
          intent.headerPattern = pattern;
          report(ctx, 'canary-by-header-pattern', 'partial', `header ${h} regex "${re}": nginx searches the PCRE pattern anywhere in the value, Envoy matches the RE2 pattern against the whole value (hence the .* wrapping); PCRE and RE2 differ in details (e.g. \\d, $ before a newline)`, {
            tags: ['regex'],
          });
          report(ctx, 'canary-by-header', 'converted', `header ${h} selects the canary when it matches the pattern`);
        }
        if (value === '') report(ctx, 'canary-by-header-value', 'ignored', 'empty value: nginx ignores it');
      } else {
        report(ctx, 'canary-by-header', 'converted', `header ${h}: "always" → canary, "never" → primary, other values fall through to cookie/weight (header routes first, as in nginx)`);
        if (value === '') report(ctx, 'canary-by-header-value', 'ignored', 'empty value: nginx ignores it');
        if (pattern === '') report(ctx, 'canary-by-header-pattern', 'ignored', 'empty pattern: nginx ignores it');
      }
    }

    const cookie = ctx.get(k('canary-by-cookie'));
    if (cookie !== undefined) {
      if (cookie === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookie)) {
        report(ctx, 'canary-by-cookie', 'error', `"${show(cookie)}" is not a valid cookie name; no cookie rule`);
      } else {
        intent.cookie = cookie;
        report(ctx, 'canary-by-cookie', 'partial', `cookie ${cookie}=always → canary, =never → primary, matched with a regex on the Cookie header (after the header rules); approximate when a request carries several Cookie headers`);
      }
    }

    ctx.intents.canary = intent;
    report(
      ctx,
      'canary',
      'partial',
      'merged into the routes of the primary (same host, path and pathType) with nginx\'s precedence: header, then cookie, then weight',
      { tags: ['behaviour-change'] },
    );
  },
});
