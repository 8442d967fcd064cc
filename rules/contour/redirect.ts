import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { STANDARD_DOCS } from './docs.js';

const FORCE = 'ingress.kubernetes.io/force-ssl-redirect';
const ALLOW_HTTP = 'kubernetes.io/ingress.allow-http';

/**
 * Contour serves TLS hosts on port 80 too, unless `force-ssl-redirect: "true"` (301 on every route
 * of the Ingress, even of hosts without TLS) or `allow-http: "false"` (no port-80 routes).
 * force-ssl-redirect wins when both are set. Any other value of either key is ignored by Contour.
 */
export default defineRule({
  meta: {
    id: 'contour/redirect',
    controller: 'contour',
    description: 'HTTP→HTTPS redirect and HTTP opt-out.',
    keys: [
      key(FORCE, 'full', 'VirtualService http[].redirect {scheme: https, redirectCode: 301} on the HTTP server', 'Converted to a 301 redirect to HTTPS for every route of the Ingress.', { docs: STANDARD_DOCS }),
      key(ALLOW_HTTP, 'full', 'no VirtualService routes bound to the HTTP server', 'With "false" the Ingress is served on HTTPS only; plain HTTP gets a 404.', { docs: STANDARD_DOCS }),
    ],
  },
  create(ctx) {
    const force = ctx.get(FORCE);
    const allow = ctx.get(ALLOW_HTTP);
    if (force !== undefined) {
      if (force === 'true') {
        ctx.intents.httpsRedirect = { key: FORCE, enabled: true, force: true, code: 301 };
        const tlsHosts = new Set(ctx.ingress.tls.flatMap((t) => t.hosts));
        const plain = ctx.ingress.rules.map((r) => r.host ?? '*').filter((h) => !tlsHosts.has(h));
        ctx.report({
          key: FORCE,
          level: 'converted',
          message: `plain-HTTP requests to every route of the Ingress get a 301 to HTTPS${plain.length ? ` (also for hosts without TLS: ${[...new Set(plain)].sort().join(', ')}, as Contour does)` : ''}`,
        });
      } else {
        ctx.report({ key: FORCE, level: 'ignored', message: `Contour acts only on "true"; ${JSON.stringify(force)} had no effect (no redirect)` });
      }
    }
    if (allow !== undefined) {
      if (allow !== 'false') {
        ctx.report({ key: ALLOW_HTTP, level: 'ignored', message: `Contour acts only on "false"; ${JSON.stringify(allow)} had no effect (HTTP is served)` });
      } else if (force === 'true') {
        ctx.report({ key: ALLOW_HTTP, level: 'ignored', message: `${FORCE} wins: port 80 answers with the redirect instead of 404` });
      } else {
        ctx.intents.httpDisabled = { key: ALLOW_HTTP };
        ctx.report({
          key: ALLOW_HTTP,
          level: 'converted',
          message: 'served on HTTPS only, as Contour did: the routes match only on port 443, so plain HTTP gets a 404',
        });
      }
    }
  },
});
