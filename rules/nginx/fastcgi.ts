/** fastcgi-index, fastcgi-params-configmap: only used with backend-protocol FCGI, which Envoy cannot speak. */
import { backendProtocol } from './backend-protocol.js';
import { defineNginxRule, k, key, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/fastcgi',
    controller: 'ingress-nginx',
    description: 'FastCGI backends.',
    keys: [
      key('fastcgi-index', 'none', 'none', 'Envoy has no FastCGI upstream; put an HTTP server in front of the FastCGI application.', { docs: 'fastcgi' }),
      key('fastcgi-params-configmap', 'none', 'none', 'See fastcgi-index.', { docs: 'fastcgi' }),
    ],
  },
  create(ctx) {
    const fcgi = backendProtocol(ctx) === 'FCGI';
    for (const n of ['fastcgi-index', 'fastcgi-params-configmap']) {
      const v = ctx.get(k(n));
      if (v === undefined) continue;
      if (!fcgi) report(ctx, n, 'ignored', 'no effect: backend-protocol is not FCGI');
      else report(ctx, n, 'unsupported', `FastCGI setting "${show(v)}" not converted: Envoy cannot talk FastCGI`, { advice: 'Put an HTTP server (e.g. nginx + php-fpm) in front of the FastCGI application.' });
    }
  },
});
