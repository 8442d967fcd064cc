import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { PREFIXES, cm, hi } from './keys.js';

const CODES = new Set([301, 302, 303, 307, 308]);

/**
 * Redirects. HTTP→HTTPS is ON by default for TLS hosts (302, ACME path exempt); `ssl-redirect:
 * "false"` switches it off for the Ingress's paths. `app-root` redirects `/` (302), `redirect-to`
 * answers every path with a redirect.
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/redirect',
    controller: 'haproxy-ingress',
    description: 'HTTPS redirect, app root, redirect-to and redirect-from.',
    keys: [
      ...hi('ssl-redirect', 'full', 'VirtualService redirect route on the HTTP server {scheme: https, redirectCode: 302}', 'Converted; on by default for TLS hosts, "false" keeps plain HTTP.'),
      cm('ssl-redirect-code', 'full', 'VirtualService http[].redirect.redirectCode', 'Global code of the HTTPS redirect (default 302).'),
      cm('no-tls-redirect-locations', 'full', 'VirtualService HTTP-server routes for these prefixes before the redirect', 'Paths exempt from the HTTPS redirect (default /.well-known/acme-challenge).'),
      cm('no-redirect-locations', 'full', 'VirtualService routes for these prefixes before redirect routes', 'Paths exempt from every redirect.'),
      ...hi('app-root', 'full', 'VirtualService route: exact / → redirect (302)', 'Converted.'),
      ...hi('redirect-to', 'full', 'VirtualService http[].redirect {scheme, authority, uri}', 'Converted: every path answers with the redirect.'),
      ...hi('redirect-to-code', 'full', 'VirtualService http[].redirect.redirectCode', 'Converted (default 302).'),
      ...hi('redirect-from', 'full', 'VirtualService for the source hosts with a redirect to this host', 'Not generated yet: add a VirtualService for the source hosts that redirects to this host.'),
      ...hi('redirect-from-code', 'full', 'VirtualService http[].redirect.redirectCode', 'Code of the redirect-from redirect (default 302).'),
      ...hi('redirect-from-regex', 'none', 'none', 'Istio hosts cannot be regexes; list the source names in redirect-from.'),
      ...hi('ssl-always-add-https', 'partial', 'Gateway HTTPS server for the host with the default certificate', 'Add an HTTPS Gateway server for the host (default certificate) by hand.'),
      ...hi('ssl-always-follow-redirect', 'partial', 'VirtualService redirect routes', 'Redirects on hosts without their own certificate are kept; check hosts that relied on the default certificate.'),
      cm('default-backend-redirect', 'partial', 'VirtualService on hosts ["*"] with a redirect route', 'Unknown hosts were redirected; add a catch-all VirtualService with that redirect by hand.'),
      cm('default-backend-redirect-code', 'partial', 'VirtualService redirect.redirectCode', 'Code of default-backend-redirect.'),
    ],
  },
  create(ctx) {
    const ssl = firstOf(ctx, PREFIXES, 'ssl-redirect');
    if (ssl) {
      if (ssl.value !== 'true' && ssl.value !== 'false') ctx.report({ key: ssl.key, level: 'error', message: `not a boolean: ${JSON.stringify(ssl.value)}` });
      else {
        const enabled = ssl.value === 'true';
        ctx.intents.httpsRedirect = { key: ssl.key, enabled, code: 302 };
        ctx.report({ key: ssl.key, level: 'converted', message: enabled ? `HTTP→HTTPS redirect (302, ACME challenge path exempt) for ${ctx.ingress.tls.length ? 'the TLS hosts' : 'no host: the Ingress has no TLS'}` : 'no HTTP→HTTPS redirect for the paths of this Ingress (haproxy-ingress redirects by default)' });
      }
    }
    const root = firstOf(ctx, PREFIXES, 'app-root');
    if (root) {
      if (!root.value.startsWith('/')) ctx.report({ key: root.key, level: 'error', message: `expected a path starting with /, got ${JSON.stringify(root.value)}` });
      else {
        ctx.intents.appRoot = { key: root.key, path: root.value, code: 302 };
        ctx.report({ key: root.key, level: 'converted', message: `requests for / redirect (302) to ${root.value}` });
      }
    }
    const to = firstOf(ctx, PREFIXES, 'redirect-to');
    const toCode = firstOf(ctx, PREFIXES, 'redirect-to-code');
    let code = 302;
    if (toCode) {
      const n = Number(toCode.value);
      if (!CODES.has(n)) ctx.report({ key: toCode.key, level: 'error', message: `not a redirect code: ${JSON.stringify(toCode.value)}; 302 used` });
      else {
        code = n;
        ctx.report({ key: toCode.key, level: to ? 'converted' : 'ignored', message: to ? `redirect code ${n}` : 'no effect without redirect-to' });
      }
    }
    if (to) {
      if (!/^https?:\/\/[^/]+/.test(to.value.trim())) ctx.report({ key: to.key, level: 'error', message: `expected an absolute http(s) URL, got ${JSON.stringify(to.value)}` });
      else {
        ctx.intents.redirect = { key: to.key, url: to.value.trim(), code };
        ctx.report({ key: to.key, level: 'converted', message: `every path answers ${code} → ${to.value.trim()}` });
      }
    }
    const from = firstOf(ctx, PREFIXES, 'redirect-from');
    const fromCode = firstOf(ctx, PREFIXES, 'redirect-from-code');
    if (from) ctx.report({ key: from.key, level: 'unsupported', message: `requests for ${from.value} are no longer redirected to this Ingress's hosts`, advice: `Add a VirtualService for ${from.value} (and the host on the Gateway) whose only route redirects (${fromCode?.value ?? '302'}) to this host.` });
    if (fromCode) ctx.report({ key: fromCode.key, level: from ? 'unsupported' : 'ignored', message: from ? 'goes with redirect-from, which is not converted' : 'no effect without redirect-from' });
    const fromRe = firstOf(ctx, PREFIXES, 'redirect-from-regex');
    if (fromRe) ctx.report({ key: fromRe.key, level: 'unsupported', message: `hosts matching ${fromRe.value} are no longer redirected`, advice: 'List the source names and redirect them with a VirtualService.' });
    for (const n of ['ssl-always-add-https', 'ssl-always-follow-redirect']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: e.value === 'true' ? 'partial' : 'converted', message: e.value === 'true' ? `${n}: hosts without their own certificate were served/redirected over HTTPS with the default certificate; Istio only serves hosts listed in spec.tls over HTTPS` : 'off (default)', advice: e.value === 'true' ? 'Add HTTPS Gateway servers for those hosts with the default certificate.' : undefined });
    }
  },
});
