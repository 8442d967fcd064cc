import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import type { ServerTLSSettings } from '../../src/istio/types.js';
import { PREFIXES, cm, hi } from './keys.js';

/**
 * Client certificate authentication (Host scope). `auth-tls-secret` names the CA; verification is
 * `on` when the secret is valid unless `auth-tls-verify-client` says otherwise. Istio wants the CA in
 * the same credential as the server certificate (`ca.crt`, or a `<name>-cacert` Secret).
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/client-tls',
    controller: 'haproxy-ingress',
    description: 'Client certificate (mutual TLS) authentication.',
    keys: [
      ...hi('auth-tls-secret', 'full', 'Gateway servers[].tls {mode: MUTUAL, credentialName} with ca.crt', 'Converted to MUTUAL TLS; the CA must be added to the host\'s credential (ca.crt or <name>-cacert) in the gateway namespace.'),
      ...hi('auth-tls-verify-client', 'partial', 'Gateway servers[].tls.mode MUTUAL | OPTIONAL_MUTUAL | SIMPLE', 'on → MUTUAL, optional → OPTIONAL_MUTUAL, off → SIMPLE; optional_no_ca has no counterpart.'),
      ...hi('auth-tls-cert-header', 'partial', 'X-Forwarded-Client-Cert (gatewayTopology.forwardClientCertDetails)', 'Istio forwards certificate details in X-Forwarded-Client-Cert, not X-SSL-Client-* headers: adapt the backend.'),
      ...hi('auth-tls-error-page', 'none', 'none', 'Istio ends the TLS handshake on a bad certificate; no error page can be shown.'),
      ...hi('auth-tls-strict', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('ssl-fingerprint-lower', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('ssl-fingerprint-sha2-bits', 'partial', 'X-Forwarded-Client-Cert Hash (SHA-256 only)', 'XFCC carries a SHA-256 hash only.'),
      cm('auth-tls-default-secret', 'none', 'none', 'No gateway-wide default CA in Istio: set the CA per host credential.'),
      cm('ssl-headers-prefix', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const secret = firstOf(ctx, PREFIXES, 'auth-tls-secret');
    const verify = firstOf(ctx, PREFIXES, 'auth-tls-verify-client');
    let mode: ServerTLSSettings['mode'] | undefined;
    if (secret) {
      const v = verify?.value.trim() ?? 'on';
      mode = v === 'on' ? 'MUTUAL' : v === 'optional' ? 'OPTIONAL_MUTUAL' : v === 'off' ? 'SIMPLE' : undefined;
      const [ns, name] = secret.value.includes('/') ? secret.value.split('/', 2) : [ctx.ingress.namespace, secret.value];
      if (!ctx.ingress.tls.length) ctx.report({ key: secret.key, level: 'ignored', message: 'the Ingress has no spec.tls: no TLS host to ask for client certificates' });
      else if (mode) {
        ctx.intents.serverTls = { key: secret.key, settings: { ...ctx.intents.serverTls?.settings, mode } };
        ctx.report({
          key: secret.key,
          level: 'partial',
          message: `${mode} TLS on ${ctx.ingress.tls.flatMap((t) => t.hosts).sort().join(', ')} with the CA from Secret ${ns}/${name}`,
          advice: `Put the CA of ${ns}/${name} into the hosts' credential in ${ctx.options.gatewayNamespace} (key ca.crt, or a <credential>-cacert Secret).`,
          tags: ['secret-copy'],
          data: { secret: `${ns}/${name}` },
        });
      }
    }
    if (verify) {
      const v = verify.value.trim();
      if (!secret) ctx.report({ key: verify.key, level: 'ignored', message: 'no effect without auth-tls-secret' });
      else if (v === 'optional_no_ca') ctx.report({ key: verify.key, level: 'unsupported', message: 'accepting any client certificate without verification has no Istio counterpart; not converted', advice: 'Use optional (OPTIONAL_MUTUAL) with a CA, or verify in the backend.' });
      else if (!mode) ctx.report({ key: verify.key, level: 'error', message: `expected off, optional, on or optional_no_ca, got ${JSON.stringify(v)}` });
      else ctx.report({ key: verify.key, level: 'converted', message: `client certificate ${v === 'on' ? 'required' : v === 'optional' ? 'optional' : 'not requested'} (${mode})` });
    }
    const hdr = firstOf(ctx, PREFIXES, 'auth-tls-cert-header');
    if (hdr) ctx.report({ key: hdr.key, level: 'partial', message: 'HAProxy passed the client certificate in X-SSL-Client-* headers; Istio uses X-Forwarded-Client-Cert', advice: 'Set gatewayTopology.forwardClientCertDetails and read XFCC in the backend.', tags: ['mesh-config', 'behaviour-change'] });
    const page = firstOf(ctx, PREFIXES, 'auth-tls-error-page');
    if (page) ctx.report({ key: page.key, level: 'unsupported', message: `clients with a bad certificate are no longer redirected to ${page.value}; the TLS handshake fails instead`, advice: 'Nothing equivalent in Istio.' });
    const bits = firstOf(ctx, PREFIXES, 'ssl-fingerprint-sha2-bits');
    if (bits) ctx.report({ key: bits.key, level: bits.value.trim() === '256' ? 'converted' : 'partial', message: `fingerprint SHA-${bits.value}: XFCC carries a SHA-256 hash only` });
    for (const n of ['auth-tls-strict', 'ssl-fingerprint-lower']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: 'ignored', message: 'not applicable to Istio' });
    }
  },
});
