import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { annotation, configMap } from './keys.js';

/** Keys that only tune the HAProxy process, logging or the controller: not applicable to Istio. */
export default defineRule({
  meta: {
    id: 'haproxytech/tuning',
    controller: 'haproxytech',
    description: 'HAProxy process, logging and controller tuning.',
    keys: [
      configMap('dontlognull', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('hard-stop-after', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('http-keep-alive', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      configMap('http-connection-mode', 'partial', 'DestinationRule connectionPool.http.maxRequestsPerConnection (1 = no reuse)', 'Only "httpclose" has a rough Istio equivalent (maxRequestsPerConnection: 1); the other modes are Envoy defaults.'),
      configMap('http-server-close', 'partial', 'DestinationRule connectionPool.http.maxRequestsPerConnection: 1', 'Deprecated; closing server connections after each request maps to maxRequestsPerConnection: 1.', { status: 'deprecated' }),
      configMap('log-format', 'not-applicable', 'none (Telemetry / meshConfig.accessLogFormat)', NOT_APPLICABLE),
      configMap('log-format-tcp', 'not-applicable', 'none (Telemetry / meshConfig.accessLogFormat)', NOT_APPLICABLE),
      configMap('logasap', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('maxconn', 'none', 'none (gateway Deployment sizing)', 'Global connection cap of HAProxy; size the gateway Deployment (replicas, HPA) instead.'),
      configMap('nbthread', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('proxy-protocol', 'partial', 'Gateway pod annotation proxy.istio.io/config gatewayTopology.proxyProtocol', 'Accept PROXY protocol on the gateway through gatewayTopology.proxyProtocol (whole gateway, no per-source list).'),
      configMap('quic-alt-svc-max-age', 'none', 'none', 'HTTP/3 advertising is configured on the gateway deployment, not per route.'),
      configMap('syslog-server', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('prometheus-endpoint-auth-secret', 'not-applicable', 'none', NOT_APPLICABLE),
      ...annotation('scale-server-slots', 'not-applicable', 'none', NOT_APPLICABLE),
      ...annotation('servers-increment', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      ...annotation('server-slots', 'not-applicable', 'none', NOT_APPLICABLE, { status: 'deprecated' }),
      ...annotation('standalone-backend', 'not-applicable', 'none (Istio policies are per Service anyway)', 'Not applicable to Istio: backends are per Service; conflicting backend settings between Ingresses are reported as conflicts.'),
      ...annotation('abortonclose', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    reportEach(ctx, () => ({ level: 'ignored', message: 'HAProxy tuning: not applicable to Istio' }));
  },
});
