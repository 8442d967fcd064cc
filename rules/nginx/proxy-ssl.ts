/**
 * proxy-ssl-*: TLS from the gateway to HTTPS backends. All of them need proxy-ssl-secret
 * (ingress-nginx ignores the group without it) and only matter when backend-protocol is
 * HTTPS/GRPCS (otherwise nginx proxies plain HTTP and never uses them).
 */
import type { ClientTLSSettings } from '../../src/istio/types.js';
import { backendProtocol } from './backend-protocol.js';
import { backendList, defineNginxRule, goBool, ignoreAll, k, key, report, serviceBackends, show } from './common.js';

const ALL = ['proxy-ssl-secret', 'proxy-ssl-verify', 'proxy-ssl-verify-depth', 'proxy-ssl-ciphers', 'proxy-ssl-protocols', 'proxy-ssl-name', 'proxy-ssl-server-name'];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export default defineNginxRule({
  meta: {
    id: 'nginx/proxy-ssl',
    controller: 'ingress-nginx',
    description: 'Client certificate, verification and SNI towards HTTPS backends.',
    keys: [
      key('proxy-ssl-secret', 'full', 'DestinationRule.trafficPolicy.tls {mode: MUTUAL, credentialName}', 'Copy the Secret to the gateway namespace; the DestinationRule is gateway-scoped.', { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-verify', 'full', 'DestinationRule.trafficPolicy.tls.insecureSkipVerify', "'off' (the default) becomes insecureSkipVerify: true.", { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-verify-depth', 'partial', 'none (EnvoyFilter validation_context max_verify_depth)', 'Not converted: Envoy validates the whole chain against the CA.', { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-ciphers', 'partial', 'none (EnvoyFilter cluster tls_params.cipher_suites)', 'Not converted: ClientTLSSettings has no cipher field.', { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-protocols', 'partial', 'none (EnvoyFilter tls_params)', "Envoy's upstream default is TLS 1.2–1.3; other sets need an EnvoyFilter.", { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-name', 'full', 'DestinationRule.trafficPolicy.tls.sni (+ subjectAltNames when verifying)', 'Converted.', { docs: 'backend-certificate-authentication' }),
      key('proxy-ssl-server-name', 'partial', 'DestinationRule.trafficPolicy.tls.sni', "'on' sets sni; 'off' cannot stop Istio from sending SNI.", { docs: 'backend-certificate-authentication' }),
    ],
  },
  create(ctx) {
    const secret = ctx.get(k('proxy-ssl-secret'));
    const proto = backendProtocol(ctx);
    if (secret === undefined) {
      ignoreAll(ctx, ALL, 'no effect without proxy-ssl-secret: ingress-nginx ignores the proxy-ssl-* group');
      return;
    }
    if (proto !== 'HTTPS' && proto !== 'GRPCS') {
      ignoreAll(ctx, ALL, `no effect: backend-protocol is ${proto}, so nginx talks plain text to the backend and never uses proxy-ssl-*`);
      return;
    }
    const parts = secret.split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      report(ctx, 'proxy-ssl-secret', 'error', `"${show(secret)}" is not namespace/name: ingress-nginx denies the location (HTTP 503)`);
      ignoreAll(ctx, ALL.slice(1), 'no effect: proxy-ssl-secret is invalid (location denied)');
      return;
    }
    const [ns, name] = parts as [string, string];
    const crossNs = ns !== ctx.ingress.namespace;
    if (crossNs && goBool(ctx.options.nginxConfig['allow-cross-namespace-resources'] ?? '') !== true) {
      report(ctx, 'proxy-ssl-secret', 'error', `Secret ${secret} is in another namespace and allow-cross-namespace-resources is off (default since v1.12): ingress-nginx denies the location (HTTP 503)`);
      ignoreAll(ctx, ALL.slice(1), 'no effect: proxy-ssl-secret was denied');
      return;
    }
    const verifyRaw = ctx.get(k('proxy-ssl-verify'));
    const verify = verifyRaw === 'on';
    const sniName = ctx.get(k('proxy-ssl-name'));
    const serverName = ctx.get(k('proxy-ssl-server-name'));
    const tls: ClientTLSSettings = { mode: 'MUTUAL', credentialName: name };
    if (!verify) tls.insecureSkipVerify = true;
    if (sniName !== undefined && NAME.test(sniName)) {
      tls.sni = sniName;
      if (verify) tls.subjectAltNames = [sniName];
    }
    const backends = serviceBackends(ctx);
    for (const b of backends) {
      ctx.intents.trafficPolicies.push({ key: k('proxy-ssl-secret'), service: b.service, ...(b.port !== undefined ? { port: b.port } : {}), policy: { tls: { ...tls } } });
    }
    const copy = `kubectl get secret -n ${ns} ${name} -o yaml | sed -e '/^  namespace:/d' -e '/resourceVersion:/d' -e '/uid:/d' | kubectl apply -n ${ctx.options.gatewayNamespace} -f -`;
    report(
      ctx,
      'proxy-ssl-secret',
      'converted',
      `client certificate ${secret} presented to ${backendList(backends)} (DestinationRule tls MUTUAL, credentialName ${name}); the Secret must be copied to the gateway namespace ${ctx.options.gatewayNamespace} (keys tls.crt, tls.key, ca.crt)`,
      { tags: ['secret-copy'], data: { secret: `${ns}/${name}`, targetNamespace: ctx.options.gatewayNamespace, command: copy } },
    );
    if (verifyRaw !== undefined) {
      if (verifyRaw === 'on') report(ctx, 'proxy-ssl-verify', 'converted', 'backend certificate verified against ca.crt of the credential');
      else if (verifyRaw === 'off') report(ctx, 'proxy-ssl-verify', 'converted', 'no backend certificate verification (insecureSkipVerify: true), as in nginx', { tags: ['insecure-skip-verify'] });
      else report(ctx, 'proxy-ssl-verify', 'error', `"${show(verifyRaw)}" is not on/off; nginx uses off (insecureSkipVerify: true)`);
    }
    if (sniName !== undefined) {
      if (!NAME.test(sniName)) report(ctx, 'proxy-ssl-name', 'error', `"${show(sniName)}" is not a host name; not used`);
      else report(ctx, 'proxy-ssl-name', 'converted', `sni ${sniName}${verify ? ` and subjectAltNames [${sniName}]` : ''}`);
    }
    if (serverName !== undefined) {
      if (serverName === 'on') {
        if (tls.sni) report(ctx, 'proxy-ssl-server-name', 'converted', `SNI ${tls.sni} is sent`);
        else report(ctx, 'proxy-ssl-server-name', 'partial', 'SNI is sent, but without proxy-ssl-name Istio derives it from the destination/Host instead of nginx\'s proxied host name');
      } else if (serverName === 'off') report(ctx, 'proxy-ssl-server-name', 'partial', 'nginx sends no SNI; Istio may still send one (auto SNI) and cannot be told not to');
      else report(ctx, 'proxy-ssl-server-name', 'error', `"${show(serverName)}" is not on/off`);
    }
    const depth = ctx.get(k('proxy-ssl-verify-depth'));
    if (depth !== undefined) {
      if (!verify) report(ctx, 'proxy-ssl-verify-depth', 'ignored', 'no effect: proxy-ssl-verify is off');
      else report(ctx, 'proxy-ssl-verify-depth', 'unsupported', `nginx limits the backend chain to depth ${show(depth)}; Envoy validates the whole chain, not converted`, { advice: 'Usually safe to drop; otherwise patch the cluster validation_context with an EnvoyFilter.' });
    }
    const ciphers = ctx.get(k('proxy-ssl-ciphers'));
    if (ciphers !== undefined) report(ctx, 'proxy-ssl-ciphers', 'unsupported', `cipher list "${show(ciphers)}" not converted: DestinationRule tls has no cipher field (Envoy's defaults apply)`, { advice: 'Use an EnvoyFilter CLUSTER patch if the list matters.' });
    const protocols = ctx.get(k('proxy-ssl-protocols'));
    if (protocols !== undefined) {
      const set = protocols.split(/\s+/).filter(Boolean).sort().join(' ');
      if (set === 'TLSv1.2 TLSv1.3') report(ctx, 'proxy-ssl-protocols', 'converted', "TLS 1.2–1.3: Envoy's upstream default");
      else report(ctx, 'proxy-ssl-protocols', 'unsupported', `"${show(protocols)}" not converted: Envoy's upstream default TLS 1.2–1.3 applies`, { advice: 'Use an EnvoyFilter CLUSTER patch (tls_params) if the versions matter.' });
    }
  },
});
