/** ssl-passthrough → Gateway TLS PASSTHROUGH server + VirtualService tls route on SNI. */
import { defineNginxRule, goBool, ingressHosts, k, key, readBool, report } from './common.js';

export default defineNginxRule({
  appliesToPassthrough: true,
  meta: {
    id: 'nginx/passthrough',
    controller: 'ingress-nginx',
    description: 'TLS passthrough (route on SNI without terminating TLS).',
    keys: [
      key('ssl-passthrough', 'full', 'Gateway.servers[] {protocol: TLS, tls.mode: PASSTHROUGH} + VirtualService.tls[] {match.sniHosts}', 'Converted; it only had an effect if the controller ran with --enable-ssl-passthrough.', { docs: 'ssl-passthrough' }),
    ],
  },
  create(ctx) {
    const v = readBool(ctx, 'ssl-passthrough', false);
    if (v === undefined || goBool(ctx.get(k('ssl-passthrough'))!) === undefined) return;
    if (!v) {
      report(ctx, 'ssl-passthrough', 'converted', 'passthrough off (default): TLS terminates at the gateway');
      return;
    }
    const hosts = ingressHosts(ctx);
    if (hosts.length === 0) {
      report(ctx, 'ssl-passthrough', 'error', 'ssl-passthrough needs a host (SNI); ingress-nginx ignores it on a rule without host');
      return;
    }
    ctx.intents.passthrough = { key: k('ssl-passthrough') };
    report(
      ctx,
      'ssl-passthrough',
      'converted',
      `TLS for ${hosts.join(', ')} is passed through to the backend of "/" on SNI (Gateway PASSTHROUGH + VirtualService tls route); the HTTP rules of the host are not used (nginx ignores them too); this assumes the controller ran with --enable-ssl-passthrough, without it the annotation had no effect`,
      { advice: 'Check the controller flags: without --enable-ssl-passthrough, nginx terminated TLS for this host.' },
    );
  },
});
