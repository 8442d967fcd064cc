import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { PREFIXES, annotation, configMap } from './keys.js';

/** Frontend TLS: passthrough (per Ingress) and the controller-wide certificate settings. */
export default defineRule({
  meta: {
    id: 'haproxytech/tls',
    controller: 'haproxytech',
    description: 'TLS passthrough and frontend certificate settings.',
    keys: [
      ...annotation('ssl-passthrough', 'full', 'Gateway server tls.mode PASSTHROUGH + VirtualService tls[] route on SNI', 'Converted: the host is routed on SNI without termination; HTTP features no longer apply.'),
      configMap('ssl-certificate', 'partial', 'Gateway servers[].tls.credentialName (default certificate)', 'Copy the default certificate Secret into the gateway namespace and use it for hosts without their own.'),
      configMap('client-ca', 'partial', 'Gateway servers[].tls {mode: MUTUAL, credentialName}', 'Client certificates: MUTUAL TLS with the CA copied into the gateway namespace.'),
      configMap('client-crt-optional', 'partial', 'Gateway servers[].tls.mode OPTIONAL_MUTUAL', 'Optional client certificates map to OPTIONAL_MUTUAL.'),
      configMap('client-strict-sni', 'partial', 'Gateway servers per host (no default certificate)', 'Istio gateways refuse unknown SNI unless a catch-all server exists.'),
      configMap('generate-certificates-signer', 'none', 'none', 'Use cert-manager (or istio-csr) to issue gateway certificates.'),
      configMap('clean-certs', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('tls-alpn', 'partial', 'gateway ALPN (h2,http/1.1 by default)', 'Istio gateways offer h2 and http/1.1 already; other lists need an EnvoyFilter.'),
    ],
  },
  create(ctx) {
    const e = firstOf(ctx, PREFIXES, 'ssl-passthrough');
    if (!e) return;
    if (e.value === 'true') {
      ctx.intents.passthrough = { key: e.key };
      ctx.report({ key: e.key, level: 'converted', message: 'TLS passthrough: routed on SNI to the backend of /, no HTTP features apply' });
    } else ctx.report({ key: e.key, level: e.value === 'false' ? 'converted' : 'error', message: e.value === 'false' ? 'TLS terminated at the gateway' : `not a boolean: ${JSON.stringify(e.value)}` });
  },
});
