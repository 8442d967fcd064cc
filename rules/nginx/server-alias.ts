/** server-alias: extra host names served by the same routes. */
import { defineNginxRule, ingressHosts, k, key, list, report, show } from './common.js';

const HOSTNAME = /^(\*\.)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;

export default defineNginxRule({
  meta: {
    id: 'nginx/server-alias',
    controller: 'ingress-nginx',
    description: 'Additional host names for the server of the Ingress.',
    keys: [key('server-alias', 'full', 'VirtualService.hosts[] + Gateway.servers[].hosts[]', 'Converted; the certificate must cover the aliases; nginx regex names (~…) cannot be expressed.', { docs: 'server-alias' })],
  },
  create(ctx) {
    const v = ctx.get(k('server-alias'));
    if (v === undefined) return;
    const items = list(v);
    const good = items.filter((h) => HOSTNAME.test(h));
    const regex = items.filter((h) => h.startsWith('~'));
    const bad = items.filter((h) => !HOSTNAME.test(h) && !h.startsWith('~'));
    const hosts = ingressHosts(ctx);
    if (hosts.length === 0) {
      report(ctx, 'server-alias', 'ignored', 'no effect on a rule without host (the catch-all server takes no aliases)');
      return;
    }
    if (good.length) ctx.intents.serverAliases = { key: k('server-alias'), hosts: good.map((h) => h.toLowerCase()) };
    const problems: string[] = [];
    if (regex.length) problems.push(`nginx regex name(s) ${regex.join(', ')} cannot be expressed in Istio host lists`);
    if (bad.length) problems.push(`invalid name(s) ${bad.map((b) => `"${show(b)}"`).join(', ')} dropped`);
    const wildcard = good.some((h) => h.startsWith('*.')) ? '; a wildcard alias matches any number of labels in Envoy, one label in nginx' : '';
    const base = good.length ? `${good.join(', ')} served by the same routes as ${hosts.join(', ')} (VirtualService and Gateway hosts; the certificate must cover them; nginx ignores an alias another Ingress already uses as host)${wildcard}` : 'no usable alias';
    report(ctx, 'server-alias', problems.length ? (good.length ? 'partial' : 'unsupported') : 'converted', problems.length ? `${base}; ${problems.join('; ')}` : base);
  },
});
