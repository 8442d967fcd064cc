import { defineRule } from '../types.js';
import { firstOf, splitByServiceOverride } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { PREFIXES, backendServices, cm, hi } from './keys.js';

const ADVICE = 'No Istio counterpart; sessions may move between pods after a change.';
const COOKIE_KEYS = ['session-cookie-domain', 'session-cookie-keywords', 'session-cookie-same-site', 'session-cookie-strategy', 'session-cookie-preserve', 'session-cookie-shared', 'session-cookie-dynamic', 'session-cookie-value-strategy'] as const;

/**
 * Cookie affinity (`affinity: cookie`) → consistent hash on the cookie. HAProxy pins a client to a
 * server; a consistent hash moves some clients when pods come and go.
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/affinity',
    controller: 'haproxy-ingress',
    description: 'Cookie-based session affinity.',
    keys: [
      ...hi('affinity', 'partial', 'DestinationRule loadBalancer.consistentHash.httpCookie', 'Converted to a cookie-keyed consistent hash: scaling the backend moves some sessions.'),
      ...hi('session-cookie-name', 'full', 'DestinationRule consistentHash.httpCookie.name', 'Converted (default INGRESSCOOKIE).'),
      ...hi('session-cookie-domain', 'partial', 'DestinationRule consistentHash.httpCookie.attributes (Domain)', 'Cookie attributes are not generated yet; add them to httpCookie.attributes by hand (Istio 1.24+).'),
      ...hi('session-cookie-keywords', 'partial', 'DestinationRule consistentHash.httpCookie.attributes', 'Cookie attributes are not generated yet; add them to httpCookie.attributes by hand (Istio 1.24+).'),
      ...hi('session-cookie-same-site', 'partial', 'DestinationRule consistentHash.httpCookie.attributes (SameSite, Secure)', 'Cookie attributes are not generated yet; add them to httpCookie.attributes by hand (Istio 1.24+).'),
      ...hi('session-cookie-strategy', 'partial', 'DestinationRule consistentHash.httpCookie (insert only)', 'Envoy always inserts its own cookie; prefix/rewrite strategies on an application cookie are not reproduced.'),
      ...hi('session-cookie-preserve', 'none', 'none', ADVICE),
      ...hi('session-cookie-shared', 'none', 'none', ADVICE, { status: 'deprecated' }),
      ...hi('session-cookie-dynamic', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('session-cookie-value-strategy', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cookie-key', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const aff = firstOf(ctx, PREFIXES, 'affinity');
    const name = firstOf(ctx, PREFIXES, 'session-cookie-name');
    const on = aff?.value === 'cookie';
    if (aff && !on) ctx.report({ key: aff.key, level: aff.value === '' || aff.value === 'none' ? 'converted' : 'error', message: aff.value === '' || aff.value === 'none' ? 'no affinity' : `only "cookie" is supported; ${JSON.stringify(aff.value)} is ignored by haproxy-ingress` });
    if (on) {
      const cookie = name?.value.trim() || 'INGRESSCOOKIE';
      const use = splitByServiceOverride(ctx, backendServices(ctx.ingress), PREFIXES, 'affinity', aff.key);
      for (const svc of use) ctx.intents.trafficPolicies.push({ key: aff.key, service: svc, policy: { loadBalancer: { consistentHash: { httpCookie: { name: cookie, ttl: '0s', path: '/' } } } } });
      ctx.report({ key: aff.key, level: 'partial', message: `sticky sessions by consistent hash of cookie ${cookie} for ${use.join(', ') || 'no Service'}; HAProxy pinned clients to a server, Istio moves some when pods change`, tags: ['destinationrule'] });
    }
    if (name) ctx.report({ key: name.key, level: on ? 'converted' : 'ignored', message: on ? `cookie name ${name.value}` : 'no effect without affinity: cookie' });
    for (const n of COOKIE_KEYS) {
      const e = firstOf(ctx, PREFIXES, n);
      if (!e) continue;
      if (!on) ctx.report({ key: e.key, level: 'ignored', message: 'no effect without affinity: cookie' });
      else if (n === 'session-cookie-dynamic' || n === 'session-cookie-value-strategy') ctx.report({ key: e.key, level: 'ignored', message: 'server-id cookie detail: not applicable to Istio' });
      else ctx.report({ key: e.key, level: n === 'session-cookie-preserve' || n === 'session-cookie-shared' ? 'unsupported' : 'partial', message: `${n} ${JSON.stringify(e.value)} is not reproduced on the Envoy cookie`, advice: n === 'session-cookie-preserve' || n === 'session-cookie-shared' ? ADVICE : 'Add the cookie attributes to consistentHash.httpCookie.attributes by hand (Istio 1.24+).' });
    }
    if (ctx.has('cookie-key')) ctx.report({ key: 'cookie-key', level: 'ignored', message: 'not applicable to Istio' });
  },
});
