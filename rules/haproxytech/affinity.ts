import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { annotation } from './keys.js';

/**
 * Cookie persistence. haproxytech reads it from the Service or the ConfigMap only: on an Ingress it
 * has no effect. From the Service it becomes a cookie-based consistent hash (hash-based, so scaling
 * moves some clients, unlike HAProxy's server cookie).
 */
export default defineRule({
  meta: {
    id: 'haproxytech/affinity',
    controller: 'haproxytech',
    description: 'Cookie-based session persistence (Service annotation).',
    keys: [
      ...annotation('cookie-persistence', 'partial', 'DestinationRule loadBalancer.consistentHash.httpCookie', 'Cookie-keyed consistent hashing: close, but scaling the backend moves some sessions.', { on: 'service' }),
      ...annotation('cookie-persistence-no-dynamic', 'partial', 'DestinationRule loadBalancer.consistentHash.httpCookie', 'Same as cookie-persistence; the dynamic-cookie option has no counterpart.', { on: 'service' }),
    ],
  },
  create(ctx) {
    reportEach(ctx, () => ({ level: 'ignored', message: 'haproxytech reads cookie persistence from the Service or the controller ConfigMap only; on an Ingress it had no effect' }));
    const services = [...new Set(ctx.ingress.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend.kind === 'service' ? [p.backend.service] : []))))].sort();
    for (const name of services) {
      const svc = ctx.service(ctx.ingress.namespace, name);
      if (!svc) continue;
      for (const n of ['cookie-persistence', 'cookie-persistence-no-dynamic']) {
        const k = ['haproxy.org/', 'haproxy.com/', 'ingress.kubernetes.io/'].map((p) => p + n).find((x) => svc.annotations[x] !== undefined);
        if (!k) continue;
        const cookie = svc.annotations[k]!.trim();
        ctx.intents.trafficPolicies.push({ key: k, service: name, policy: { loadBalancer: { consistentHash: { httpCookie: { name: cookie, ttl: '0s', path: '/' } } } } });
        ctx.report({ key: k, level: 'partial', message: `Service ${name}: sticky sessions by consistent hash of cookie ${cookie}; scaling the backend moves some sessions (HAProxy pinned them to a server)`, tags: ['destinationrule'], data: { service: `${svc.namespace}/${name}` } });
        break;
      }
    }
  },
});
