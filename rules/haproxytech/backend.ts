import { defineRule } from '../types.js';
import { firstOf, splitByServiceOverride } from '../common/report.js';
import type { TrafficPolicy } from '../../src/istio/types.js';
import { PREFIXES, annotation } from './keys.js';

/**
 * Backend connection settings: TLS to the backend, HTTP/2, per-pod limits, PROXY protocol, and the
 * Service-only `route-acl`. They apply to every backend Service of the Ingress.
 */
export default defineRule({
  meta: {
    id: 'haproxytech/backend',
    controller: 'haproxytech',
    description: 'Backend TLS, protocol and connection limits.',
    keys: [
      ...annotation('server-ssl', 'full', 'DestinationRule trafficPolicy.tls {mode: SIMPLE, insecureSkipVerify: true}', 'Converted; HAProxy does not verify the backend certificate unless server-ca is set, and neither does the result.'),
      ...annotation('server-ca', 'partial', 'DestinationRule trafficPolicy.tls.credentialName (ca.crt in the gateway namespace)', 'Copy the CA into a Secret in the gateway namespace (key ca.crt) and reference it.'),
      ...annotation('server-crt', 'partial', 'DestinationRule trafficPolicy.tls {mode: MUTUAL, credentialName}', 'Copy the client certificate Secret into the gateway namespace.'),
      ...annotation('server-proto', 'full', 'DestinationRule connectionPool.http.h2UpgradePolicy: UPGRADE', 'Converted; declaring the Service port as http2/grpc is the more robust alternative.'),
      ...annotation('pod-maxconn', 'partial', 'DestinationRule connectionPool.tcp.maxConnections (for all pods together)', 'HAProxy limits each pod; Istio limits the whole Service: multiply by the replica count.'),
      ...annotation('send-proxy-protocol', 'partial', 'DestinationRule trafficPolicy.proxyProtocol', 'Set trafficPolicy.proxyProtocol (v1/v2) on the Service\'s DestinationRule by hand.'),
      ...annotation('route-acl', 'partial', 'VirtualService http[].match (headers, query, …)', 'A raw HAProxy ACL: express the condition as VirtualService matches by hand.', { on: 'service' }),
    ],
  },
  create(ctx) {
    const services = [...new Set(ctx.ingress.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend.kind === 'service' ? [p.backend.service] : []))))].sort();
    const forAll = (key: string, policy: TrafficPolicy): void => {
      for (const s of splitByServiceOverride(ctx, services, PREFIXES, key.slice(key.indexOf('/') + 1), key)) ctx.intents.trafficPolicies.push({ key, service: s, policy });
    };
    const ssl = firstOf(ctx, PREFIXES, 'server-ssl');
    const ca = firstOf(ctx, PREFIXES, 'server-ca');
    const crt = firstOf(ctx, PREFIXES, 'server-crt');
    if (ssl) {
      if (ssl.value === 'true') {
        forAll(ssl.key, { tls: ca ? { mode: crt ? 'MUTUAL' : 'SIMPLE' } : { mode: crt ? 'MUTUAL' : 'SIMPLE', insecureSkipVerify: true } });
        ctx.report({ key: ssl.key, level: 'converted', message: `TLS to ${services.join(', ')}${ca ? ' (certificate verified, see server-ca)' : ' without certificate verification, as HAProxy'}` });
      } else ctx.report({ key: ssl.key, level: 'converted', message: 'plain connection to the backend' });
    }
    for (const e of [ca, crt]) {
      if (!e) continue;
      const isCa = e === ca;
      const [ns, name] = e.value.includes('/') ? e.value.split('/', 2) : [ctx.ingress.namespace, e.value];
      ctx.report({
        key: e.key,
        level: ssl?.value === 'true' ? 'partial' : 'ignored',
        message: ssl?.value === 'true' ? `${isCa ? 'backend CA' : 'client certificate'} from Secret ${ns}/${name} must be readable by the gateway` : 'no effect without server-ssl: "true"',
        advice: ssl?.value === 'true' ? `Copy Secret ${ns}/${name} into ${ctx.options.gatewayNamespace}${isCa ? ' with the CA under ca.crt' : ' (tls.crt, tls.key)'} and set tls.credentialName on the DestinationRule.` : undefined,
        tags: ssl?.value === 'true' ? ['secret-copy'] : undefined,
        data: { secret: `${ns}/${name}` },
      });
    }
    const proto = firstOf(ctx, PREFIXES, 'server-proto');
    if (proto) {
      if (proto.value.trim() === 'h2') {
        forAll(proto.key, { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } });
        ctx.report({ key: proto.key, level: 'converted', message: `HTTP/2 to ${services.join(', ')}` });
      } else ctx.report({ key: proto.key, level: 'error', message: `only "h2" is accepted; ${JSON.stringify(proto.value)} is ignored by haproxytech` });
    }
    const maxconn = firstOf(ctx, PREFIXES, 'pod-maxconn');
    if (maxconn) ctx.report({ key: maxconn.key, level: 'unsupported', message: `HAProxy allowed ${maxconn.value} connections per pod; Istio's limit is per Service, so it is not set`, advice: 'Set connectionPool.tcp.maxConnections to this value times the replica count if you need a cap.' });
    const pp = firstOf(ctx, PREFIXES, 'send-proxy-protocol');
    if (pp) ctx.report({ key: pp.key, level: 'unsupported', message: `HAProxy sent PROXY protocol (${pp.value}) to the backend; not converted`, advice: 'Add trafficPolicy.proxyProtocol to the Service\'s DestinationRule.' });
    const acl = firstOf(ctx, PREFIXES, 'route-acl');
    if (acl) ctx.report({ key: acl.key, level: 'ignored', message: 'route-acl is read from Services only; on an Ingress it had no effect' });
    for (const s of services) {
      const svc = ctx.service(ctx.ingress.namespace, s);
      const k = svc && PREFIXES.map((p) => `${p}route-acl`).find((x) => svc.annotations[x] !== undefined);
      if (svc && k) ctx.report({ key: k, level: 'unsupported', message: `Service ${s} is also routed by the HAProxy ACL ${JSON.stringify(svc.annotations[k])}; not converted`, advice: 'Express the ACL as VirtualService matches by hand.', data: { service: `${svc.namespace}/${s}` } });
    }
  },
});
