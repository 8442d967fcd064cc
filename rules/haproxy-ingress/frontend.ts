import { defineRule } from '../types.js';
import { firstOf, reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { PREFIXES, cm, hi } from './keys.js';

/** Listeners, ports and frontends: the gateway's Service and Gateway servers own them in Istio. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/frontend',
    controller: 'haproxy-ingress',
    description: 'Bind addresses, ports, extra frontends, PROXY protocol and stats endpoints.',
    keys: [
      ...hi('bind-fronting-proxy', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      ...hi('bind-http', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('bind-http-passthrough', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('bind-https', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('bind-ip-addr-healthz', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('bind-ip-addr-http', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('bind-ip-addr-prometheus', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('bind-ip-addr-stats', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('bind-ip-addr-tcp', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('create-default-frontends', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('fronting-proxy-port', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      cm('healthz-port', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('http-frontend', 'partial', 'Gateway servers[] on the frontend\'s ports', 'Add Gateway servers and gateway Service ports for the extra frontend, and bind the routes to them.'),
      cm('http-frontends', 'partial', 'Gateway servers[] + gateway Service ports', 'Each extra frontend becomes Gateway servers on its ports.'),
      ...hi('http-passthrough', 'partial', 'gatewayTopology.numTrustedProxies', 'Trust the TLS-offloading load balancer\'s X-Forwarded-* headers with gatewayTopology.numTrustedProxies.'),
      cm('http-passthrough-port', 'partial', 'Gateway HTTP server on that port', 'Add a Gateway HTTP server on that port for traffic already decrypted by the load balancer.'),
      cm('http-port', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('http-response-prometheus-root', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('https-port', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('https-to-http-port', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      cm('prometheus-port', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('stats-auth', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('stats-port', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('stats-proxy-protocol', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('stats-ssl-cert', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('use-proxy-protocol', 'full', 'gateway proxy.istio.io/config gatewayTopology.proxyProtocol', 'Accept PROXY protocol on the gateway with gatewayTopology.proxyProtocol (gateway-wide).'),
    ],
  },
  create(ctx) {
    const pp = firstOf(ctx, PREFIXES, 'use-proxy-protocol');
    if (pp) ctx.report({ key: pp.key, level: pp.value === 'true' ? 'partial' : 'converted', message: pp.value === 'true' ? 'the load balancer sends PROXY protocol: the Istio gateway must accept it (gateway-wide setting)' : 'no PROXY protocol', advice: pp.value === 'true' ? 'Set gatewayTopology.proxyProtocol on the gateway deployment (proxy.istio.io/config).' : undefined, tags: pp.value === 'true' ? ['mesh-config', 'client-ip'] : undefined });
    const fe = firstOf(ctx, PREFIXES, 'http-frontend');
    if (fe) ctx.report({ key: fe.key, level: 'unsupported', message: `the Ingress was served by the extra frontend ${JSON.stringify(fe.value)} (own ports); the converted routes bind to the default gateway servers`, advice: 'Add Gateway servers (and gateway Service ports) for that frontend\'s ports and bind the VirtualService to them.' });
    const pt = firstOf(ctx, PREFIXES, 'http-passthrough');
    if (pt) ctx.report({ key: pt.key, level: 'partial', message: 'HAProxy trusted X-Forwarded-Proto/-For from a TLS-offloading load balancer on this frontend', advice: 'Set gatewayTopology.numTrustedProxies on the gateway so Istio trusts the load balancer\'s headers.', tags: ['mesh-config'] });
    reportEach(ctx, () => ({ level: 'ignored', message: 'listener/port setting of the HAProxy process: not applicable to Istio' }), ['use-proxy-protocol', 'http-frontend', 'http-passthrough']);
  },
});
