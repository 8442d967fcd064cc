import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { k } from './keys.js';

/** Buffers, keepalive and other NGINX internals: not applicable to Istio. */
export default defineRule({
  meta: {
    id: 'nginx-inc/tuning',
    controller: 'nginx-inc',
    description: 'Proxy buffers, keepalive, upstream zone and other NGINX internals.',
    keys: [
      k('nginx.org/client-body-buffer-size', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/proxy-buffering', 'not-applicable', 'none', 'Not applicable to Istio: Envoy streams responses without proxy buffering.'),
      k('nginx.org/proxy-buffers', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/proxy-buffer-size', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/proxy-busy-buffers-size', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/proxy-max-temp-file-size', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/keepalive', 'not-applicable', 'none', 'Not applicable to Istio: Envoy pools upstream connections by itself.'),
      k('nginx.org/upstream-zone-size', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.org/use-cluster-ip', 'not-applicable', 'none', 'Not applicable to Istio: Envoy balances over the Service endpoints.'),
      k('nginx.org/ssl-prefer-server-ciphers', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    reportEach(ctx, () => ({ level: 'ignored', message: 'NGINX tuning: not applicable to Istio' }));
  },
});
