import { defineRule } from '../types.js';
import { firstOf, splitByServiceOverride } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import type { ClientTLSSettings, TrafficPolicy } from '../../src/istio/types.js';
import { PREFIXES, backendServices, cm, hi } from './keys.js';

const ADVICE = 'No per-backend Istio setting reproduces it; Envoy\'s defaults apply.';

/**
 * Backend protocol and TLS. `backend-protocol`: h1 | h1-ssl | h2 | h2-ssl | fcgi | fcgi-ssl (aliases
 * http, https, grpc, grpcs). `secure-backends: "true"` is the older switch for h1-ssl. Without a CA
 * HAProxy does not verify the backend certificate; the result does the same (insecureSkipVerify).
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/backend',
    controller: 'haproxy-ingress',
    description: 'Backend protocol, TLS to the backend, PROXY protocol.',
    keys: [
      ...hi('backend-protocol', 'partial', 'DestinationRule trafficPolicy.tls / connectionPool.http.h2UpgradePolicy', 'Converted for h1/h2 with or without TLS; FastCGI has no Istio counterpart. Declaring the Service port protocol is more robust.'),
      ...hi('secure-backends', 'full', 'DestinationRule trafficPolicy.tls {mode: SIMPLE}', 'Converted; without secure-verify-ca-secret the certificate is not verified, as in HAProxy.'),
      ...hi('secure-crt-secret', 'partial', 'DestinationRule trafficPolicy.tls {mode: MUTUAL, credentialName}', 'Copy the client certificate Secret into the gateway namespace and set credentialName.'),
      ...hi('secure-verify-ca-secret', 'partial', 'DestinationRule trafficPolicy.tls.credentialName (ca.crt)', 'Copy the CA into a Secret in the gateway namespace (key ca.crt) and set credentialName.'),
      ...hi('secure-sni', 'partial', 'DestinationRule trafficPolicy.tls.sni', 'A literal name is converted; "sni" and "host" (per request) need autoSni / cannot be expressed per DestinationRule.'),
      ...hi('secure-verify-hostname', 'full', 'DestinationRule trafficPolicy.tls.subjectAltNames', 'Converted.'),
      ...hi('proxy-protocol', 'partial', 'DestinationRule trafficPolicy.proxyProtocol', 'Set trafficPolicy.proxyProtocol on the DestinationRule by hand.'),
      ...hi('fcgi-app', 'none', 'none', 'Istio cannot speak FastCGI; put an HTTP server (e.g. nginx or a php-fpm HTTP front) before the application.'),
      cm('fcgi-enabled-apps', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('source-address-intf', 'none', 'none', ADVICE),
      ...hi('ssl-cipher-suites-backend', 'none', 'none', ADVICE),
      ...hi('ssl-ciphers-backend', 'none', 'none', ADVICE),
      ...hi('ssl-options-backend', 'none', 'none', ADVICE),
      ...hi('service-upstream', 'not-applicable', 'none', 'Not applicable to Istio: Envoy balances over the Service endpoints itself.'),
    ],
  },
  create(ctx) {
    const services = backendServices(ctx.ingress);
    const proto = firstOf(ctx, PREFIXES, 'backend-protocol');
    const secure = firstOf(ctx, PREFIXES, 'secure-backends');
    const ca = firstOf(ctx, PREFIXES, 'secure-verify-ca-secret');
    const crt = firstOf(ctx, PREFIXES, 'secure-crt-secret');
    const sni = firstOf(ctx, PREFIXES, 'secure-sni');
    const verifyHost = firstOf(ctx, PREFIXES, 'secure-verify-hostname');
    const alias: Record<string, string> = { http: 'h1', https: 'h1-ssl', grpc: 'h2', grpcs: 'h2-ssl' };
    let p = proto ? (alias[proto.value.trim()] ?? proto.value.trim()) : undefined;
    if (p && !['h1', 'h1-ssl', 'h2', 'h2-ssl', 'fcgi', 'fcgi-ssl'].includes(p)) {
      ctx.report({ key: proto!.key, level: 'error', message: `unknown backend protocol ${JSON.stringify(proto!.value)}; haproxy-ingress falls back to h1` });
      p = undefined;
    }
    if (secure && !p) p = secure.value === 'true' ? 'h1-ssl' : 'h1';
    else if (secure) ctx.report({ key: secure.key, level: 'ignored', message: `${proto!.key} is set and decides the protocol` });
    const ssl = p === 'h1-ssl' || p === 'h2-ssl';
    const policy: TrafficPolicy = {};
    if (ssl) {
      const tls: ClientTLSSettings = { mode: crt ? 'MUTUAL' : 'SIMPLE' };
      if (!ca) tls.insecureSkipVerify = true;
      if (sni && !['sni', 'host'].includes(sni.value.trim())) tls.sni = sni.value.trim();
      if (verifyHost) tls.subjectAltNames = [verifyHost.value.trim()];
      policy.tls = tls;
    }
    if (p === 'h2' || p === 'h2-ssl') policy.connectionPool = { http: { h2UpgradePolicy: 'UPGRADE' } };
    if (p?.startsWith('fcgi')) {
      ctx.report({ key: proto!.key, level: 'unsupported', message: 'FastCGI backend: Istio cannot speak FastCGI; the routes are sent as HTTP', advice: 'Put an HTTP front (nginx, Caddy) before the FastCGI application.' });
    } else if (Object.keys(policy).length) {
      const k = (proto ?? secure)!;
      const use = splitByServiceOverride(ctx, services, PREFIXES, proto ? 'backend-protocol' : 'secure-backends', k.key);
      for (const s of use) ctx.intents.trafficPolicies.push({ key: k.key, service: s, policy });
    }
    const desc = ssl ? `TLS${ca ? ' (certificate verified)' : ' without certificate verification, as HAProxy'}` : 'plain';
    if (proto && !p?.startsWith('fcgi')) ctx.report({ key: proto.key, level: 'converted', message: `${p === 'h2' || p === 'h2-ssl' ? 'HTTP/2' : 'HTTP/1.1'} over ${desc} connection to ${services.join(', ')}`, advice: p === 'h2' || p === 'h2-ssl' ? 'Also declare the Service port as http2/grpc (appProtocol) so Istio keeps HTTP/2 end to end.' : undefined, tags: ['destinationrule'] });
    else if (secure && !proto) ctx.report({ key: secure.key, level: 'converted', message: `${desc} connection to ${services.join(', ')}`, tags: ['destinationrule'] });
    for (const e of [ca, crt]) {
      if (!e) continue;
      const [ns, name] = e.value.includes('/') ? e.value.split('/', 2) : [ctx.ingress.namespace, e.value];
      ctx.report({
        key: e.key,
        level: ssl ? 'partial' : 'ignored',
        message: ssl ? `${e === ca ? 'backend CA' : 'client certificate'} from Secret ${ns}/${name} must be readable by the gateway` : 'no effect: the backend is not reached over TLS',
        advice: ssl ? `Copy Secret ${ns}/${name} into ${ctx.options.gatewayNamespace}${e === ca ? ' with the CA under ca.crt' : ''} and set tls.credentialName on the DestinationRule.` : undefined,
        tags: ssl ? ['secret-copy'] : undefined,
        data: { secret: `${ns}/${name}` },
      });
    }
    if (sni) {
      const v = sni.value.trim();
      ctx.report({ key: sni.key, level: !ssl ? 'ignored' : v === 'sni' || v === 'host' ? 'unsupported' : 'converted', message: !ssl ? 'no effect: the backend is not reached over TLS' : v === 'sni' || v === 'host' ? `SNI taken from the request (${v}) is not set per DestinationRule` : `SNI ${v}`, advice: v === 'sni' || v === 'host' ? 'Istio sets SNI from the Host header with autoSni (proxy-level); otherwise set tls.sni to a fixed name.' : undefined });
    }
    if (verifyHost) ctx.report({ key: verifyHost.key, level: ssl ? 'converted' : 'ignored', message: ssl ? `backend certificate must name ${verifyHost.value}` : 'no effect: the backend is not reached over TLS' });
    const pp = firstOf(ctx, PREFIXES, 'proxy-protocol');
    if (pp) ctx.report({ key: pp.key, level: 'unsupported', message: `HAProxy sent PROXY protocol ${pp.value} to the backend; not converted`, advice: 'Add trafficPolicy.proxyProtocol to the Service\'s DestinationRule.' });
    for (const n of ['fcgi-app', 'source-address-intf', 'ssl-cipher-suites-backend', 'ssl-ciphers-backend', 'ssl-options-backend', 'service-upstream']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: n === 'service-upstream' ? 'ignored' : 'unsupported', message: n === 'service-upstream' ? 'not applicable to Istio: Envoy balances over endpoints itself' : `${n} is not converted`, advice: n === 'service-upstream' ? undefined : ADVICE });
    }
  },
});
