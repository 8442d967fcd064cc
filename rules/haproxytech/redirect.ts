import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { PREFIXES, annotation } from './keys.js';

const CODES = new Set([301, 302, 303, 307, 308]);

/**
 * Redirects. `request-redirect` sends every request of the Ingress to another host (path kept),
 * code from `request-redirect-code` (default 302). `ssl-redirect*` override the automatic
 * HTTP→HTTPS redirect (on for every host of an Ingress with spec.tls, 302, port 8443).
 */
export default defineRule({
  meta: {
    id: 'haproxytech/redirect',
    controller: 'haproxytech',
    description: 'Host redirect and HTTP→HTTPS redirect.',
    keys: [
      ...annotation('request-redirect', 'full', 'VirtualService http[].redirect {authority, port}', 'Converted to a redirect route keeping the path.'),
      ...annotation('request-redirect-code', 'full', 'VirtualService http[].redirect.redirectCode', 'Converted (default 302, written out because Istio defaults to 301).'),
      ...annotation('ssl-redirect', 'full', 'VirtualService redirect route on the HTTP server {scheme: https, redirectCode}', 'Converted; "false" keeps plain HTTP.'),
      ...annotation('ssl-redirect-code', 'full', 'VirtualService http[].redirect.redirectCode', 'Converted.'),
      ...annotation('ssl-redirect-port', 'full', 'VirtualService http[].redirect.port', 'Converted; without it haproxytech redirects to 8443 unless the controller ConfigMap sets a port.'),
    ],
  },
  create(ctx) {
    const target = firstOf(ctx, PREFIXES, 'request-redirect');
    const codeKey = firstOf(ctx, PREFIXES, 'request-redirect-code');
    let code = 302;
    if (codeKey) {
      const n = Number(codeKey.value);
      if (!CODES.has(n)) ctx.report({ key: codeKey.key, level: 'error', message: `unsupported redirect code ${JSON.stringify(codeKey.value)}; 302 used` });
      else {
        code = n;
        ctx.report({ key: codeKey.key, level: target ? 'converted' : 'ignored', message: target ? `redirect code ${n}` : 'no effect without request-redirect' });
      }
    }
    if (target) {
      const m = /^([^:/\s]+)(?::(\d+))?$/.exec(target.value.trim());
      if (!m) ctx.report({ key: target.key, level: 'error', message: `expected host or host:port, got ${JSON.stringify(target.value)}: HAProxy builds the Location from the request scheme, this value and the path, so the redirect it sent was malformed; not converted`, advice: 'Set the value to the target host (and port) only, and convert again.' });
      else {
        const redirect = { authority: m[1]!, redirectCode: code, ...(m[2] ? { port: Number(m[2]) } : {}) };
        ctx.intents.routeTransforms.push({
          key: target.key,
          apply: (route) => {
            // A redirect route cannot also proxy or rewrite (Istio rejects the combination).
            delete route.route;
            delete route.rewrite;
            route.redirect = { ...redirect };
          },
        });
        ctx.report({ key: target.key, level: 'converted', message: `every path redirects (${code}) to host ${target.value}, path kept` });
      }
    }
    const ssl = firstOf(ctx, PREFIXES, 'ssl-redirect');
    const sslCode = firstOf(ctx, PREFIXES, 'ssl-redirect-code');
    const sslPort = firstOf(ctx, PREFIXES, 'ssl-redirect-port');
    let enabled = ctx.ingress.tls.length > 0;
    if (ssl) {
      if (ssl.value !== 'true' && ssl.value !== 'false') ctx.report({ key: ssl.key, level: 'error', message: `not a boolean: ${JSON.stringify(ssl.value)}` });
      else {
        enabled = ssl.value === 'true';
        ctx.report({ key: ssl.key, level: 'converted', message: enabled ? `HTTP→HTTPS redirect for every host of the Ingress${ctx.ingress.tls.length ? '' : ' (the Ingress has no TLS: the annotation forces it)'}` : 'no HTTP→HTTPS redirect (automatic redirect switched off)' });
      }
    }
    let redirectCode: number | undefined;
    let redirectPort: number | undefined;
    if (sslCode) {
      const n = Number(sslCode.value);
      if (![301, 302, 303].includes(n)) ctx.report({ key: sslCode.key, level: 'error', message: `haproxytech accepts 301, 302 or 303; ${JSON.stringify(sslCode.value)} falls back to 302` });
      else {
        redirectCode = n;
        ctx.report({ key: sslCode.key, level: enabled ? 'converted' : 'ignored', message: enabled ? `HTTPS redirect code ${n}` : 'no effect: no HTTPS redirect for this Ingress' });
      }
    }
    if (sslPort) {
      const n = Number(sslPort.value);
      if (!Number.isInteger(n) || n < 1 || n > 65535) ctx.report({ key: sslPort.key, level: 'error', message: `not a port: ${JSON.stringify(sslPort.value)}` });
      else if (n === 443) ctx.report({ key: sslPort.key, level: enabled ? 'converted' : 'ignored', message: enabled ? 'redirects go to the default HTTPS port 443, as Istio does' : 'no effect: no HTTPS redirect for this Ingress' });
      else {
        redirectPort = n;
        ctx.report({ key: sslPort.key, level: enabled ? 'converted' : 'ignored', message: enabled ? `HTTPS redirects go to port ${n} (redirect.port), as HAProxy did` : 'no effect: no HTTPS redirect for this Ingress' });
      }
    }
    if (ssl || sslCode || redirectPort !== undefined) {
      ctx.intents.httpsRedirect = { key: (ssl ?? sslCode ?? sslPort)!.key, enabled, force: ssl?.value === 'true', code: redirectCode ?? 302, ...(redirectPort !== undefined ? { port: redirectPort } : {}) };
    }
  },
});
