/**
 * auth-tls-*: client certificate authentication on the HTTPS server of the Ingress's hosts.
 * nginx applies the first Ingress's settings to the whole host (server level).
 */
import type { ServerTLSSettings } from '../../src/istio/types.js';
import { defineNginxRule, goBool, goInt, ignoreAll, ingressHosts, k, key, report, show } from './common.js';

const DEPENDENT = ['auth-tls-verify-client', 'auth-tls-verify-depth', 'auth-tls-error-page', 'auth-tls-pass-certificate-to-upstream', 'auth-tls-match-cn'];

export default defineNginxRule({
  meta: {
    id: 'nginx/client-cert',
    controller: 'ingress-nginx',
    description: 'Client certificate (mutual TLS) authentication at the gateway.',
    keys: [
      key('auth-tls-secret', 'full', 'Gateway.servers[].tls {mode: MUTUAL} + CA in <credentialName>-cacert', 'Copy the CA bundle to the gateway namespace as <credentialName>-cacert; hosts with and without mTLS need separate Gateway servers.', { docs: 'client-certificate-authentication' }),
      key('auth-tls-verify-client', 'partial', 'Gateway.servers[].tls.mode MUTUAL | OPTIONAL_MUTUAL | SIMPLE', 'on/optional/off map directly; optional_no_ca has no released equivalent. Envoy aborts the handshake where nginx answered HTTP 400.', { docs: 'client-certificate-authentication' }),
      key('auth-tls-verify-depth', 'partial', 'none (EnvoyFilter max_verify_depth)', 'Not converted: Envoy validates the whole chain against the CA.', { docs: 'client-certificate-authentication' }),
      key('auth-tls-error-page', 'none', 'none', 'No error page is possible once the TLS handshake fails.', { docs: 'client-certificate-authentication' }),
      key('auth-tls-pass-certificate-to-upstream', 'partial', 'x-forwarded-client-cert (gateway forwardClientCertDetails)', 'Backends get the certificate in the XFCC header instead of ssl-client-cert.', { docs: 'client-certificate-authentication' }),
      key('auth-tls-match-cn', 'partial', 'Gateway.servers[].tls.subjectAltNames (SANs, not the CN)', 'Only portable when the client certificates carry the value as a SAN.', { docs: 'client-certificate-authentication' }),
    ],
  },
  create(ctx) {
    const secret = ctx.get(k('auth-tls-secret'));
    if (secret === undefined || secret === '') {
      ignoreAll(ctx, DEPENDENT, 'no effect without auth-tls-secret');
      if (secret === '') report(ctx, 'auth-tls-secret', 'ignored', 'empty: no client certificate authentication');
      return;
    }
    const parts = secret.split('/');
    const [ns, name] = parts.length === 2 ? (parts as [string, string]) : [ctx.ingress.namespace, secret];
    if (parts.length > 2 || !name) {
      report(ctx, 'auth-tls-secret', 'error', `"${show(secret)}" is not namespace/name; ingress-nginx ignores client certificate authentication`);
      ignoreAll(ctx, DEPENDENT, 'no effect: auth-tls-secret is invalid');
      return;
    }
    if (ns !== ctx.ingress.namespace && goBool(ctx.options.nginxConfig['allow-cross-namespace-resources'] ?? '') !== true) {
      report(ctx, 'auth-tls-secret', 'error', `Secret ${secret} is in another namespace and allow-cross-namespace-resources is off (default since v1.12): ingress-nginx denies it`);
      ignoreAll(ctx, DEPENDENT, 'no effect: auth-tls-secret was denied');
      return;
    }
    const hosts = ingressHosts(ctx);
    const verify = ctx.get(k('auth-tls-verify-client')) ?? 'on';
    const settings: Partial<ServerTLSSettings> = {};
    let modeText: string;
    switch (verify) {
      case 'on':
        settings.mode = 'MUTUAL';
        modeText = 'MUTUAL (certificate required)';
        break;
      case 'optional':
        settings.mode = 'OPTIONAL_MUTUAL';
        modeText = 'OPTIONAL_MUTUAL (Istio >= 1.19)';
        break;
      case 'off':
        settings.mode = 'SIMPLE';
        modeText = 'SIMPLE (no client certificate requested)';
        break;
      case 'optional_no_ca':
        settings.mode = 'OPTIONAL_MUTUAL';
        modeText = 'OPTIONAL_MUTUAL';
        break;
      default:
        report(ctx, 'auth-tls-verify-client', 'error', `"${show(verify)}" is not on/off/optional/optional_no_ca; nginx uses on`);
        settings.mode = 'MUTUAL';
        modeText = 'MUTUAL (certificate required)';
    }
    const prev = ctx.intents.serverTls;
    ctx.intents.serverTls = { key: k('auth-tls-secret'), settings: { ...(prev?.settings ?? {}), ...settings } };
    if (ctx.has(k('auth-tls-verify-client'))) {
      if (verify === 'optional_no_ca')
        report(ctx, 'auth-tls-verify-client', 'partial', 'optional_no_ca accepts certificates that fail verification; OPTIONAL_MUTUAL rejects them (ServerTLSSettings.insecureSkipVerify is not in a released Istio)', { tags: ['behaviour-change'] });
      else if (['on', 'optional', 'off'].includes(verify))
        report(ctx, 'auth-tls-verify-client', 'partial', `${modeText}; a failing client certificate aborts the TLS handshake in Envoy, nginx answered HTTP 400`, { tags: ['behaviour-change'] });
    }
    const copy = `kubectl get secret -n ${ns} ${name} -o jsonpath='{.data.ca\\.crt}' | base64 -d > ca.crt && kubectl create secret generic <credentialName>-cacert -n ${ctx.options.gatewayNamespace} --from-file=ca.crt`;
    report(
      ctx,
      'auth-tls-secret',
      'partial',
      `HTTPS server of ${hosts.join(', ') || 'the catch-all host'}: tls.mode ${modeText}; the CA of ${ns}/${name} must be copied to the gateway namespace as <credentialName>-cacert (the server certificate's Secret name + -cacert); nginx applies the first Ingress's client-certificate settings to the whole host, so does the Gateway server`,
      { tags: ['secret-copy'], data: { secret: `${ns}/${name}`, targetNamespace: ctx.options.gatewayNamespace, command: copy }, advice: 'Copy ca.crt (and ca.crl) into <credentialName>-cacert in the gateway namespace.' },
    );
    const depth = ctx.get(k('auth-tls-verify-depth'));
    if (depth !== undefined) {
      const d = goInt(depth);
      if (d === undefined || d < 0) report(ctx, 'auth-tls-verify-depth', 'error', `"${show(depth)}" is not an integer; nginx uses 1`);
      else report(ctx, 'auth-tls-verify-depth', 'partial', `nginx rejects client chains deeper than ${d}; Envoy validates the whole chain against the CA (less strict)`, { advice: 'Usually safe; otherwise set max_verify_depth with an EnvoyFilter.' });
    }
    const page = ctx.get(k('auth-tls-error-page'));
    if (page !== undefined) report(ctx, 'auth-tls-error-page', 'unsupported', `error page ${show(page)} cannot be served: the TLS handshake fails before any HTTP exchange`);
    const pass = ctx.get(k('auth-tls-pass-certificate-to-upstream'));
    if (pass !== undefined) {
      const b = goBool(pass);
      if (b === undefined) report(ctx, 'auth-tls-pass-certificate-to-upstream', 'error', `"${show(pass)}" is not a boolean; nginx uses false`);
      else if (b)
        report(ctx, 'auth-tls-pass-certificate-to-upstream', 'partial', 'the backend gets the client certificate in x-forwarded-client-cert (XFCC key=value format) instead of nginx\'s ssl-client-cert header; issuer DN and verify result are not sent', {
          advice: 'Change the backend to read x-forwarded-client-cert.',
          tags: ['behaviour-change'],
        });
      else report(ctx, 'auth-tls-pass-certificate-to-upstream', 'partial', 'nginx does not pass the certificate; the Istio gateway sends x-forwarded-client-cert anyway (forwardClientCertDetails SANITIZE_SET)');
    }
    const cn = ctx.get(k('auth-tls-match-cn'));
    if (cn !== undefined)
      report(ctx, 'auth-tls-match-cn', 'unsupported', `subject CN check "${show(cn)}" not converted: Istio matches subjectAltNames (exact SANs), not the subject CN`, {
        advice: 'If the client certificates carry the value as a SAN, list it in the Gateway server tls.subjectAltNames.',
        tags: ['security'],
      });
  },
});
