/** ssl-ciphers, ssl-prefer-server-ciphers: TLS settings of the host's HTTPS server (first Ingress wins in nginx). */
import { defineNginxRule, k, key, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/server-tls',
    controller: 'ingress-nginx',
    description: 'Server-side TLS ciphers.',
    keys: [
      key('ssl-ciphers', 'partial', 'Gateway.servers[].tls.cipherSuites[]', 'Explicit cipher names are converted; OpenSSL expressions (!, +, @, ALL, HIGH…) must be expanded by hand; TLS 1.3 suites are not configurable.', { docs: 'ssl-ciphers' }),
      key('ssl-prefer-server-ciphers', 'not-applicable', 'n/a', 'Not exposed by Istio; nothing to migrate.', { docs: 'ssl-ciphers' }),
    ],
  },
  create(ctx) {
    const c = ctx.get(k('ssl-ciphers'));
    if (c !== undefined) {
      const names = c.split(':').map((s) => s.trim()).filter(Boolean);
      const expr = names.filter((n) => /[!+@-]/.test(n.slice(0, 1)) || /^(ALL|HIGH|MEDIUM|LOW|DEFAULT|COMPLEMENTOFDEFAULT|eNULL|aNULL|EXPORT|kRSA|kEDH|SSLv3|TLSv1(\.\d)?)$/.test(n) || n.includes('@'));
      if (names.length === 0) report(ctx, 'ssl-ciphers', 'ignored', 'empty cipher list: defaults apply');
      else if (expr.length) {
        report(ctx, 'ssl-ciphers', 'unsupported', `OpenSSL cipher expression "${show(c)}" (${expr.join(', ')}) cannot be given to Istio, which takes explicit cipher names; Envoy's defaults apply`, {
          advice: 'Expand the expression (openssl ciphers -v) into explicit names and set Gateway tls.cipherSuites.',
        });
      } else {
        const prev = ctx.intents.serverTls;
        ctx.intents.serverTls = { key: prev?.key ?? k('ssl-ciphers'), settings: { ...(prev?.settings ?? {}), cipherSuites: names } };
        report(ctx, 'ssl-ciphers', 'partial', `cipherSuites [${names.join(', ')}] on the HTTPS server of the host (TLS 1.2 and below; TLS 1.3 suites are not configurable); nginx applies the first Ingress's value to the whole host, so does the Gateway server`);
      }
    }
    const p = ctx.get(k('ssl-prefer-server-ciphers'));
    if (p !== undefined) report(ctx, 'ssl-prefer-server-ciphers', 'ignored', `"${show(p)}": not exposed by Istio Gateway TLS settings`);
  },
});
