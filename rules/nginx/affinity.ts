/**
 * Cookie session affinity → DestinationRule consistentHash.httpCookie (gateway-scoped).
 * Envoy only issues the cookie when ttl is set, so a session cookie is ttl 0s.
 */
import { backendList, defineNginxRule, goInt, ignoreAll, ingressPaths, k, key, readBool, report, selfRegexMode, serviceBackends, show } from './common.js';

const COOKIE_KEYS = [
  'affinity-mode',
  'affinity-canary-behavior',
  'session-cookie-name',
  'session-cookie-path',
  'session-cookie-max-age',
  'session-cookie-expires',
  'session-cookie-domain',
  'session-cookie-samesite',
  'session-cookie-secure',
  'session-cookie-conditional-samesite-none',
  'session-cookie-change-on-failure',
];
const COOKIE_NAME = /^[-._~a-zA-Z0-9/:]+$/;

export default defineNginxRule({
  appliesToCanary: true,
  meta: {
    id: 'nginx/affinity',
    controller: 'ingress-nginx',
    description: 'Cookie-based session affinity.',
    keys: [
      key('affinity', 'partial', 'DestinationRule.trafficPolicy.loadBalancer.consistentHash.httpCookie {name, path, ttl}', 'Converted to consistent hashing on a generated cookie; sessions can move when endpoints change.', { docs: 'session-affinity' }),
      key('affinity-mode', 'partial', 'DestinationRule...consistentHash', "'balanced' matches consistent hashing; 'persistent' cannot be guaranteed.", { docs: 'session-affinity' }),
      key('affinity-canary-behavior', 'partial', 'none', "Istio picks the canary by weight before hashing ('legacy'); 'sticky' is not reproduced.", { docs: 'session-affinity' }),
      key('session-cookie-name', 'full', 'DestinationRule...consistentHash.httpCookie.name', 'Converted (INGRESSCOOKIE when unset).', { docs: 'cookie-affinity' }),
      key('session-cookie-path', 'full', 'DestinationRule...consistentHash.httpCookie.path', 'Converted; set it explicitly with regex paths.', { docs: 'cookie-affinity' }),
      key('session-cookie-max-age', 'full', 'DestinationRule...consistentHash.httpCookie.ttl', "Converted to '<n>s'.", { docs: 'cookie-affinity' }),
      key('session-cookie-expires', 'partial', 'DestinationRule...consistentHash.httpCookie.ttl', 'Folded into ttl (max-age wins); Envoy sends no separate Expires attribute.', { docs: 'cookie-affinity' }),
      key('session-cookie-domain', 'partial', 'DestinationRule...httpCookie.attributes Domain (Istio >= 1.28)', 'Not emitted: needs Istio >= 1.28 httpCookie.attributes; add it by hand on such versions.', { docs: 'cookie-affinity' }),
      key('session-cookie-samesite', 'partial', 'DestinationRule...httpCookie.attributes SameSite (Istio >= 1.28)', 'Not emitted: needs Istio >= 1.28 httpCookie.attributes.', { docs: 'cookie-affinity' }),
      key('session-cookie-secure', 'partial', 'DestinationRule...httpCookie.attributes Secure (Istio >= 1.28)', 'Not emitted: needs Istio >= 1.28 httpCookie.attributes.', { docs: 'cookie-affinity' }),
      key('session-cookie-conditional-samesite-none', 'none', 'none', 'No user-agent-dependent cookie attributes in Istio.', { docs: 'cookie-affinity' }),
      key('session-cookie-change-on-failure', 'none', 'none', 'Envoy rehashes to another endpoint on failure but does not rewrite the cookie.', { docs: 'cookie-affinity' }),
    ],
  },
  create(ctx) {
    const aff = ctx.get(k('affinity'));
    if (aff === undefined) {
      ignoreAll(ctx, COOKIE_KEYS, 'no effect without affinity: "cookie"');
      return;
    }
    if (aff !== 'cookie') {
      report(ctx, 'affinity', 'error', `"${show(aff)}" is not a supported affinity type (only "cookie"); ingress-nginx applies no affinity`);
      ignoreAll(ctx, COOKIE_KEYS, 'no effect: affinity is not "cookie"');
      return;
    }
    const backends = serviceBackends(ctx);
    const nameRaw = ctx.get(k('session-cookie-name'));
    const name = nameRaw !== undefined && COOKIE_NAME.test(nameRaw) ? nameRaw : 'INGRESSCOOKIE';
    if (nameRaw !== undefined) {
      if (name === nameRaw) report(ctx, 'session-cookie-name', 'converted', `cookie ${name}`);
      else report(ctx, 'session-cookie-name', 'error', `"${show(nameRaw)}" rejected by ingress-nginx's validation; INGRESSCOOKIE is used`);
    }
    const notes: string[] = [];
    const pathRaw = ctx.get(k('session-cookie-path'));
    let path: string;
    if (pathRaw !== undefined && pathRaw.startsWith('/')) {
      path = pathRaw;
      report(ctx, 'session-cookie-path', 'converted', `cookie path ${path}`);
    } else {
      if (pathRaw !== undefined) report(ctx, 'session-cookie-path', 'error', `"${show(pathRaw)}" is not a path; the location path is used`);
      const paths = [...new Set(ingressPaths(ctx).map((p) => p.path))];
      if (paths.length === 1 && !selfRegexMode(ctx)) path = paths[0]!;
      else {
        path = '/';
        notes.push(`nginx scopes the cookie to each location's path; one DestinationRule per Service can only carry one path, "/" is used`);
      }
    }
    const maxAge = goInt(ctx.get(k('session-cookie-max-age')) ?? '');
    const expires = goInt(ctx.get(k('session-cookie-expires')) ?? '');
    for (const [n, v] of [['session-cookie-max-age', maxAge], ['session-cookie-expires', expires]] as const) {
      const raw = ctx.get(k(n));
      if (raw !== undefined && (v === undefined || v < 0)) report(ctx, n, 'error', `"${show(raw)}" is not a number of seconds; ingress-nginx ignores it`);
    }
    const ttlSec = maxAge !== undefined && maxAge >= 0 ? maxAge : expires !== undefined && expires >= 0 ? expires : undefined;
    const ttl = ttlSec !== undefined ? `${ttlSec}s` : '0s';
    if (maxAge !== undefined && maxAge >= 0) report(ctx, 'session-cookie-max-age', 'converted', `cookie ttl ${ttl}`);
    if (expires !== undefined && expires >= 0) {
      if (maxAge !== undefined && maxAge >= 0) report(ctx, 'session-cookie-expires', 'ignored', 'max-age is used for the ttl; Envoy sends no separate Expires attribute');
      else report(ctx, 'session-cookie-expires', 'partial', `ttl ${ttl}: Envoy sets Max-Age instead of the legacy Expires attribute`);
    }
    for (const b of backends) {
      ctx.intents.trafficPolicies.push({
        key: k('affinity'),
        service: b.service,
        ...(b.port !== undefined ? { port: b.port } : {}),
        policy: { loadBalancer: { consistentHash: { httpCookie: { name, path, ttl } } } },
      });
    }
    report(
      ctx,
      'affinity',
      'partial',
      `consistentHash.httpCookie {name: ${name}, path: ${path}, ttl: ${ttl}${ttl === '0s' ? ' (session cookie)' : ''}} on ${backendList(backends)}; differences: Envoy hashes the cookie onto a ring, so some sessions move when endpoints change (nginx pins the endpoint), and existing nginx cookie values are not understood${notes.length ? `; ${notes.join('; ')}` : ''}`,
      { tags: ['behaviour-change'] },
    );

    const mode = ctx.get(k('affinity-mode'));
    if (mode !== undefined) {
      if (mode === 'balanced') report(ctx, 'affinity-mode', 'converted', 'balanced: consistent hashing redistributes sessions when endpoints scale, like nginx');
      else if (mode === 'persistent') report(ctx, 'affinity-mode', 'partial', 'persistent: nginx never moves a session while its endpoint lives; Envoy consistent hashing moves some sessions when endpoints are added', { tags: ['behaviour-change'] });
      else report(ctx, 'affinity-mode', 'error', `"${show(mode)}" is not balanced/persistent; nginx uses balanced`);
    }
    const cb = ctx.get(k('affinity-canary-behavior'));
    if (cb !== undefined) {
      if (cb === 'legacy') report(ctx, 'affinity-canary-behavior', 'converted', 'legacy: the canary decision ignores affinity, which is what Istio does');
      else if (cb === 'sticky') report(ctx, 'affinity-canary-behavior', 'partial', 'sticky: nginx keeps affinitized clients on the side (canary or primary) that served them; Istio picks the weighted destination per request first', { tags: ['behaviour-change'] });
      else report(ctx, 'affinity-canary-behavior', 'error', `"${show(cb)}" is not sticky/legacy; nginx uses sticky`);
    }
    for (const attr of ['session-cookie-domain', 'session-cookie-samesite'] as const) {
      const v = ctx.get(k(attr));
      if (v !== undefined) {
        report(ctx, attr, 'unsupported', `cookie attribute "${show(v)}" not emitted: it needs DestinationRule httpCookie.attributes (Istio >= 1.28)`, { advice: 'On Istio >= 1.28 add it to httpCookie.attributes by hand.', tags: ['istio-version'] });
      }
    }
    const secure = readBool(ctx, 'session-cookie-secure', false);
    if (secure === true) report(ctx, 'session-cookie-secure', 'unsupported', 'Secure attribute not emitted: it needs DestinationRule httpCookie.attributes (Istio >= 1.28)', { tags: ['istio-version'] });
    else if (secure === false && ['false', '0', 'f', 'F', 'FALSE', 'False'].includes(ctx.get(k('session-cookie-secure'))!))
      report(ctx, 'session-cookie-secure', 'partial', 'nginx still marks the cookie Secure on HTTPS requests; Envoy never adds Secure');
    const cond = readBool(ctx, 'session-cookie-conditional-samesite-none', false);
    if (cond === true) report(ctx, 'session-cookie-conditional-samesite-none', 'unsupported', 'user-agent-dependent SameSite=None cannot be expressed in Istio');
    else if (cond === false && ['false', '0', 'f', 'F', 'FALSE', 'False'].includes(ctx.get(k('session-cookie-conditional-samesite-none'))!))
      report(ctx, 'session-cookie-conditional-samesite-none', 'converted', 'off (default)');
    const cof = readBool(ctx, 'session-cookie-change-on-failure', false);
    if (cof === true) report(ctx, 'session-cookie-change-on-failure', 'unsupported', 'nginx issues a new cookie when the pinned endpoint fails; Envoy rehashes to another endpoint but keeps the cookie, so the session may return later');
    else if (cof === false && ['false', '0', 'f', 'F', 'FALSE', 'False'].includes(ctx.get(k('session-cookie-change-on-failure'))!))
      report(ctx, 'session-cookie-change-on-failure', 'converted', 'off (default)');
  },
});
