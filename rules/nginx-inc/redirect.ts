import { defineRule } from '../types.js';
import { k, nicBool, rejected } from './keys.js';

const SSL = 'nginx.org/ssl-redirect';
const LEGACY_SSL = 'ingress.kubernetes.io/ssl-redirect';
const CODE = 'nginx.org/http-redirect-code';
const TO_HTTPS = 'nginx.org/redirect-to-https';
const APP_ROOT = 'nginx.org/app-root';

/**
 * HTTP→HTTPS is ON by default for TLS hosts (301, `http-redirect-code` 301/302/307/308).
 * `ingress.kubernetes.io/ssl-redirect` is the deprecated spelling, read only when the nginx.org key
 * is absent. `redirect-to-https` is different: it redirects when X-Forwarded-Proto says http (TLS
 * offloaded in front), not every plain-HTTP request.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/redirect',
    controller: 'nginx-inc',
    description: 'HTTPS redirects and app root.',
    keys: [
      k(SSL, 'full', 'VirtualService redirect route on the HTTP server (or Gateway tls.httpsRedirect for 301)', 'Converted; on by default for TLS hosts.'),
      k(LEGACY_SSL, 'full', 'as nginx.org/ssl-redirect', 'Deprecated spelling of nginx.org/ssl-redirect (read only when that is absent); rename it.', { status: 'deprecated' }),
      k(CODE, 'full', 'VirtualService http[].redirect.redirectCode', 'Converted.'),
      k(TO_HTTPS, 'partial', 'VirtualService route matching x-forwarded-proto: http → redirect https', 'Not generated: add a first route matching header x-forwarded-proto=http that redirects to https, and trust the front proxy (numTrustedProxies).'),
      k(APP_ROOT, 'full', 'VirtualService route: exact / → redirect (302)', 'Converted.'),
    ],
  },
  create(ctx) {
    let codeNum = 301;
    const code = ctx.get(CODE);
    if (code !== undefined) {
      if (!['301', '302', '307', '308'].includes(code.trim())) rejected(ctx, CODE, `expected 301, 302, 307 or 308, got ${JSON.stringify(code)}`);
      else {
        codeNum = Number(code);
        ctx.report({ key: CODE, level: 'converted', message: `HTTPS redirects use ${codeNum}` });
      }
    }
    const modern = ctx.get(SSL);
    const legacy = ctx.get(LEGACY_SSL);
    if (modern !== undefined && legacy !== undefined) ctx.report({ key: LEGACY_SSL, level: 'ignored', message: `${SSL} is set and wins` });
    const key = modern !== undefined ? SSL : legacy !== undefined ? LEGACY_SSL : undefined;
    if (key) {
      const b = nicBool(ctx.get(key)!);
      if (b === undefined) rejected(ctx, key, `not a boolean: ${JSON.stringify(ctx.get(key))}`);
      else {
        ctx.intents.httpsRedirect = { key, enabled: b, code: codeNum };
        ctx.report({ key, level: 'converted', message: b ? `plain-HTTP requests to the TLS hosts get ${codeNum} to HTTPS${ctx.ingress.tls.length ? '' : ' (the Ingress has no TLS host: no effect)'}` : 'no HTTPS redirect (NGINX Inc redirects TLS hosts by default)', advice: key === LEGACY_SSL ? `Rename to ${SSL}.` : undefined });
      }
    } else if (code !== undefined && !ctx.ingress.tls.length) ctx.report({ key: CODE, level: 'ignored', message: 'no TLS host: nothing is redirected' });
    const toHttps = ctx.get(TO_HTTPS);
    if (toHttps !== undefined) {
      const b = nicBool(toHttps);
      if (b === undefined) rejected(ctx, TO_HTTPS, `not a boolean: ${JSON.stringify(toHttps)}`);
      else if (!b) ctx.report({ key: TO_HTTPS, level: 'converted', message: 'off' });
      else ctx.report({ key: TO_HTTPS, level: 'unsupported', message: `requests that reached NGINX with X-Forwarded-Proto: http were redirected (${codeNum}) to HTTPS; not converted`, advice: 'Add a first VirtualService route matching header x-forwarded-proto exact "http" with redirect {scheme: https}, and set gatewayTopology.numTrustedProxies so the gateway keeps the front proxy\'s header.', tags: ['mesh-config', 'behaviour-change'] });
    }
    const root = ctx.get(APP_ROOT);
    if (root !== undefined) {
      if (!root.startsWith('/')) rejected(ctx, APP_ROOT, `expected a path starting with /, got ${JSON.stringify(root)}`);
      else {
        ctx.intents.appRoot = { key: APP_ROOT, path: root, code: 302 };
        ctx.report({ key: APP_ROOT, level: 'converted', message: `requests for / redirect (302) to ${root}` });
      }
    }
  },
});
