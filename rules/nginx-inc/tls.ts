import { defineRule } from '../types.js';
import { k, rejected } from './keys.js';

const CIPHERS = 'nginx.org/ssl-ciphers';
const PORTS = 'nginx.org/listen-ports';
const SSL_PORTS = 'nginx.org/listen-ports-ssl';

/** Cipher list and extra listener ports. */
export default defineRule({
  meta: {
    id: 'nginx-inc/tls',
    controller: 'nginx-inc',
    description: 'TLS ciphers and listener ports.',
    keys: [
      k(CIPHERS, 'partial', 'Gateway servers[].tls.cipherSuites', 'Explicit cipher names are converted; OpenSSL expressions (HIGH:!aNULL) and TLS 1.3 suites are not.'),
      k(PORTS, 'partial', 'Gateway HTTP servers on these ports + gateway Service ports', 'Add Gateway servers and gateway Service ports for the extra ports; not generated.'),
      k(SSL_PORTS, 'partial', 'Gateway HTTPS servers on these ports + gateway Service ports', 'Add Gateway servers and gateway Service ports for the extra ports; not generated.'),
    ],
  },
  create(ctx) {
    const c = ctx.get(CIPHERS);
    if (c !== undefined) {
      const parts = c.split(':').map((s) => s.trim()).filter(Boolean);
      const expressions = parts.filter((p) => /^[!+-@]|^(HIGH|MEDIUM|LOW|ALL|DEFAULT|aNULL|eNULL|EXPORT|kRSA|aRSA)$/.test(p));
      const names = parts.filter((p) => !expressions.includes(p));
      if (names.length && ctx.ingress.tls.length) ctx.intents.serverTls = { key: CIPHERS, settings: { ...ctx.intents.serverTls?.settings, cipherSuites: names } };
      ctx.report({ key: CIPHERS, level: expressions.length ? 'partial' : 'converted', message: `cipher suites ${names.join(', ') || 'none'}${expressions.length ? `; OpenSSL expressions not carried over: ${expressions.join(':')}` : ''}`, advice: expressions.length ? 'Expand the expressions into explicit BoringSSL cipher names.' : undefined });
    }
    for (const key of [PORTS, SSL_PORTS]) {
      const v = ctx.get(key);
      if (v === undefined) continue;
      const ports = v.split(',').map((s) => s.trim());
      if (ports.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)) {
        rejected(ctx, key, `not a list of ports: ${JSON.stringify(v)}`);
        continue;
      }
      const std = key === PORTS ? '80' : '443';
      const extra = ports.filter((p) => p !== std);
      if (!extra.length) ctx.report({ key, level: 'converted', message: `served on the default port ${std}` });
      else ctx.report({ key, level: 'unsupported', message: `NGINX also listened on ${extra.join(', ')}${ports.includes(std) ? '' : ` and not on ${std}`} for these hosts; the Istio gateway serves them on ${std}`, advice: `Add Gateway ${key === PORTS ? 'HTTP' : 'HTTPS'} servers on ${extra.join(', ')} and the ports on the gateway Service.` });
    }
  },
});
