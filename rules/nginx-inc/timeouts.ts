import { defineRule } from '../types.js';
import { istioDuration, nginxTime } from '../common/values.js';
import { backendServices, k, rejected } from './keys.js';

const CONNECT = 'nginx.org/proxy-connect-timeout';
const READ = 'nginx.org/proxy-read-timeout';
const SEND = 'nginx.org/proxy-send-timeout';

/**
 * Proxy timeouts (default 60s each in NIC). Connect → DestinationRule connectTimeout per backend
 * Service. Read is an inactivity timeout between two reads; Istio's route timeout bounds the whole
 * response, so it is mapped with a warning. Send (inactivity while sending) has no counterpart.
 */
export default defineRule({
  meta: {
    id: 'nginx-inc/timeouts',
    controller: 'nginx-inc',
    description: 'Proxy connect, read and send timeouts.',
    keys: [
      k(CONNECT, 'full', 'DestinationRule connectionPool.tcp.connectTimeout', 'Converted per backend Service (Istio has no per-Ingress value: conflicts are reported).'),
      k(READ, 'partial', 'VirtualService http[].timeout (total, not inactivity)', 'Mapped to the route timeout, which limits the whole response: raise it for streams and long downloads.'),
      k(SEND, 'none', 'none', 'Envoy has no send-inactivity timeout per route; nothing to set.'),
    ],
  },
  create(ctx) {
    const c = ctx.get(CONNECT);
    if (c !== undefined) {
      const ms = nginxTime(c);
      if (ms === undefined) rejected(ctx, CONNECT, `not an NGINX time: ${JSON.stringify(c)}`);
      else if (ms === 0) ctx.report({ key: CONNECT, level: 'unsupported', message: 'a zero connect timeout cannot be expressed in Istio (at least 1ms); Istio keeps its 10s default' });
      else {
        for (const s of backendServices(ctx)) ctx.intents.trafficPolicies.push({ key: CONNECT, service: s, policy: { connectionPool: { tcp: { connectTimeout: istioDuration(ms) } } } });
        ctx.report({ key: CONNECT, level: 'converted', message: `connect timeout ${istioDuration(ms)} for ${backendServices(ctx).join(', ')}`, tags: ['destinationrule'] });
      }
    }
    const r = ctx.get(READ);
    if (r !== undefined) {
      const ms = nginxTime(r);
      if (ms === undefined) rejected(ctx, READ, `not an NGINX time: ${JSON.stringify(r)}`);
      else if (ms === 0) ctx.report({ key: READ, level: 'unsupported', message: 'a zero read timeout cannot be expressed in Istio; no route timeout is set' });
      else {
        const t = istioDuration(ms);
        ctx.intents.routePatches.push({ key: READ, patch: { timeout: t } });
        ctx.report({ key: READ, level: 'partial', message: `route timeout ${t}: NGINX allowed ${t} between two reads from the backend, Istio allows ${t} for the whole response`, advice: 'Raise the timeout for streaming responses or long downloads.', tags: ['behaviour-change'] });
      }
    }
    const s = ctx.get(SEND);
    if (s !== undefined) {
      if (nginxTime(s) === undefined) rejected(ctx, SEND, `not an NGINX time: ${JSON.stringify(s)}`);
      else ctx.report({ key: SEND, level: 'unsupported', message: `send timeout ${s} is not converted (Envoy has no per-route send-inactivity timeout)`, advice: 'Nothing equivalent; usually harmless.' });
    }
  },
});
