import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { PREFIXES, hi } from './keys.js';

/** TCP services: a whole Ingress turned into a TCP proxy on its own port. Not generated yet. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/tcp',
    controller: 'haproxy-ingress',
    description: 'TCP services on dedicated ports.',
    keys: [
      ...hi('tcp-service-port', 'full', 'Gateway server {protocol: TCP|TLS, port} + VirtualService tcp[]/tls[] routes', 'Not generated yet: add a TCP Gateway server on the port, a gateway Service port, and a VirtualService tcp route.'),
      ...hi('tcp-service-proxy-protocol', 'partial', 'gatewayTopology.proxyProtocol (whole gateway)', 'PROXY protocol can only be accepted gateway-wide in Istio.'),
      ...hi('tcp-service-log-format', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const port = firstOf(ctx, PREFIXES, 'tcp-service-port');
    if (port) ctx.report({ key: port.key, level: 'unsupported', message: `the Ingress was a TCP service on port ${port.value}; HTTP routes were generated instead`, advice: `Add a Gateway server (protocol TCP, or TLS when spec.tls is set) on port ${port.value}, the port on the gateway Service, and a VirtualService tcp route to the backend.`, tags: ['behaviour-change'] });
    const pp = firstOf(ctx, PREFIXES, 'tcp-service-proxy-protocol');
    if (pp) ctx.report({ key: pp.key, level: 'partial', message: 'PROXY protocol on the TCP port is a gateway-wide setting in Istio', advice: 'Set gatewayTopology.proxyProtocol on the gateway deployment.', tags: ['mesh-config'] });
    const lf = firstOf(ctx, PREFIXES, 'tcp-service-log-format');
    if (lf) ctx.report({ key: lf.key, level: 'ignored', message: 'not applicable to Istio' });
  },
});
