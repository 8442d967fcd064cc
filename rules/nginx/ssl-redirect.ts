/**
 * ssl-redirect, force-ssl-redirect, preserve-trailing-slash (nginx-semantics.md §5.1).
 * nginx redirects HTTP→HTTPS by default for hosts with a certificate, with ConfigMap
 * `http-redirect-code` (default 308), stripping a trailing slash unless preserve-trailing-slash.
 */
import type { RuleContext } from '../types.js';
import { defineNginxRule, goBool, goInt, ingressHosts, k, key, readBool, report } from './common.js';

const REDIRECT_CODES = [301, 302, 307, 308];

/** ConfigMap `http-redirect-code` (ingress-nginx accepts 301, 302, 307, 308; anything else → 308). */
export function httpRedirectCode(config: Record<string, string>): number {
  const n = goInt(config['http-redirect-code'] ?? '');
  return n !== undefined && REDIRECT_CODES.includes(n) ? n : 308;
}

function globalBool(ctx: RuleContext, name: string, dflt: boolean): boolean {
  return goBool(ctx.options.nginxConfig[name] ?? '') ?? dflt;
}

export default defineNginxRule({
  meta: {
    id: 'nginx/ssl-redirect',
    controller: 'ingress-nginx',
    description: 'HTTP to HTTPS redirects and their trailing-slash handling.',
    keys: [
      key(
        'ssl-redirect',
        'partial',
        "VirtualService.http[] {redirect: {scheme: https, redirectCode: 308}} on the HTTP server",
        'Converted to a per-route redirect with the nginx status code; nginx also strips a trailing slash and exempts /.well-known/acme-challenge.',
        { docs: 'server-side-https-enforcement-through-redirect' },
      ),
      key(
        'force-ssl-redirect',
        'partial',
        "VirtualService.http[] {redirect: {scheme: https, redirectCode: 308}} (match x-forwarded-proto: http behind a TLS-terminating load balancer)",
        'Behind a TLS-terminating load balancer, redirect only x-forwarded-proto: http requests (numTrustedProxies) or the redirect loops.',
        { docs: 'server-side-https-enforcement-through-redirect' },
      ),
      key(
        'preserve-trailing-slash',
        'partial',
        'none (Envoy redirects keep the path unchanged)',
        "'true' is Envoy's behaviour; with 'false' (default) nginx strips the trailing slash of the redirect target, Envoy does not.",
        { docs: 'server-side-https-enforcement-through-redirect' },
      ),
    ],
  },
  create(ctx) {
    const cfg = ctx.options.nginxConfig;
    const code = httpRedirectCode(cfg);
    const globalSsl = globalBool(ctx, 'ssl-redirect', true);
    const globalForce = globalBool(ctx, 'force-ssl-redirect', false);
    const globalPreserve = globalBool(ctx, 'preserve-trailing-slash', false);
    const ssl = readBool(ctx, 'ssl-redirect', globalSsl);
    const force = readBool(ctx, 'force-ssl-redirect', globalForce);
    const preserve = readBool(ctx, 'preserve-trailing-slash', globalPreserve);
    const effSsl = ssl ?? globalSsl;
    const effForce = force ?? globalForce;
    const effPreserve = preserve ?? globalPreserve;
    const hosts = ingressHosts(ctx);
    const tlsHosts = new Set(ctx.ingress.tls.flatMap((t) => t.hosts));
    const withCert = hosts.filter((h) => tlsHosts.has(h));

    if (ssl !== undefined || force !== undefined) {
      ctx.intents.httpsRedirect = { key: k(force !== undefined ? 'force-ssl-redirect' : 'ssl-redirect'), enabled: effSsl || effForce, force: effForce, code };
    }
    if (preserve === true) ctx.intents.preserveTrailingSlash = { key: k('preserve-trailing-slash') };

    const slash = effPreserve ? '' : '; nginx also strips a trailing slash from the redirect target (preserve-trailing-slash is false), Envoy keeps the path';
    const acme = '; nginx exempts /.well-known/acme-challenge (no-tls-redirect-locations), add such a route first if cert-manager HTTP-01 is used';

    const valid = (n: string) => goBool(ctx.get(k(n)) ?? '') !== undefined;
    if (ssl !== undefined && valid('ssl-redirect')) {
      if (effForce && force !== undefined) {
        report(ctx, 'ssl-redirect', 'ignored', `force-ssl-redirect "true" redirects regardless of ssl-redirect`);
      } else if (!effSsl) {
        report(ctx, 'ssl-redirect', 'converted', `no HTTPS redirect for these paths: plain HTTP is served, as in nginx (Istio's default)`);
      } else if (withCert.length === 0) {
        report(
          ctx,
          'ssl-redirect',
          'ignored',
          `no effect: nginx only redirects hosts that have a certificate in spec.tls, and ${hosts.length ? hosts.join(', ') : 'this Ingress'} has none`,
        );
      } else {
        report(ctx, 'ssl-redirect', 'partial', `HTTP requests for ${withCert.join(', ')} are redirected to HTTPS with ${code} (VirtualService redirect on the HTTP server)${slash}${acme}`, {
          tags: effPreserve ? [] : ['behaviour-change'],
        });
      }
    }
    if (force !== undefined && valid('force-ssl-redirect')) {
      if (!effForce) {
        report(ctx, 'force-ssl-redirect', 'converted', 'force-ssl-redirect "false": HTTPS redirect only where ssl-redirect applies (nginx default)');
      } else {
        const xfp = globalBool(ctx, 'use-forwarded-headers', false);
        report(
          ctx,
          'force-ssl-redirect',
          'partial',
          `HTTP requests are redirected to HTTPS with ${code} even without a certificate in the cluster${slash}. nginx ${xfp ? 'reads the scheme from X-Forwarded-Proto (use-forwarded-headers is true)' : 'uses the connection scheme'}; if TLS ends at a load balancer in front of the gateway, redirect only requests with x-forwarded-proto: http (gateway numTrustedProxies set), otherwise every request loops`,
          { advice: 'Check where TLS terminates; behind a TLS-terminating load balancer match x-forwarded-proto: http.', tags: ['behaviour-change', 'mesh-config'] },
        );
      }
    }
    if (preserve !== undefined && valid('preserve-trailing-slash')) {
      if (effPreserve) report(ctx, 'preserve-trailing-slash', 'converted', 'redirect targets keep the trailing slash: Envoy never changes the path on a scheme redirect');
      else report(ctx, 'preserve-trailing-slash', 'partial', 'nginx strips a trailing slash from HTTPS redirect targets; Envoy keeps the path as is (e.g. http://h/a/ → https://h/a in nginx, https://h/a/ in Istio)', { tags: ['behaviour-change'] });
    }
  },
});
