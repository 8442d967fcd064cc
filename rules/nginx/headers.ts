/**
 * Header and authority changes: upstream-vhost (rewrite.authority), custom-headers (ConfigMap of
 * response headers), proxy-redirect-*, proxy-cookie-* (header text substitution, not in Istio).
 */
import { defineNginxRule, ingressPaths, k, key, report, show } from './common.js';

const HOST = /^[A-Za-z0-9*]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d+)?$/;

export default defineNginxRule({
  meta: {
    id: 'nginx/headers',
    controller: 'ingress-nginx',
    description: 'Host header rewrite, custom response headers and response header substitutions.',
    keys: [
      key('upstream-vhost', 'full', 'VirtualService.http[].rewrite.authority', 'Converted on every route of the Ingress.', { docs: 'custom-nginx-upstream-vhost' }),
      key('custom-headers', 'full', 'VirtualService.http[].headers.response.set', 'Copy the ConfigMap entries into headers.response.set (the converter does not read ConfigMaps yet).', { docs: 'custom-headers' }),
      key('proxy-redirect-from', 'none', 'none (EnvoyFilter Lua)', 'Location/Refresh rewriting has no Istio API; fix the backend or use a Lua EnvoyFilter.', { docs: 'proxy-redirect' }),
      key('proxy-redirect-to', 'none', 'none', 'See proxy-redirect-from.', { docs: 'proxy-redirect' }),
      key('proxy-cookie-domain', 'none', 'none', 'Set-Cookie rewriting needs Lua/Wasm.', { docs: 'proxy-cookie-domain' }),
      key('proxy-cookie-path', 'none', 'none', 'Set-Cookie rewriting needs Lua/Wasm.', { docs: 'proxy-cookie-path' }),
    ],
  },
  create(ctx) {
    const vhost = ctx.get(k('upstream-vhost'));
    if (vhost !== undefined) {
      if (vhost === '') report(ctx, 'upstream-vhost', 'ignored', 'empty: the client Host is forwarded');
      else if (!HOST.test(vhost)) report(ctx, 'upstream-vhost', 'error', `"${show(vhost)}" is not a host name ingress-nginx's validation accepts (nginx variables are rejected); the client Host is forwarded`);
      else {
        ctx.intents.routePatches.push({ key: k('upstream-vhost'), patch: { rewrite: { authority: vhost } } });
        report(ctx, 'upstream-vhost', 'converted', `Host/authority sent to the backend: ${vhost} (rewrite.authority on every route of the Ingress)`);
      }
    }
    const ch = ctx.get(k('custom-headers'));
    if (ch !== undefined) {
      report(ctx, 'custom-headers', 'unsupported', `response headers from ConfigMap ${show(ch)} were not added: the converter does not read that ConfigMap; nginx also requires each header in the ConfigMap global-allowed-response-headers (otherwise the location answers 503)`, {
        advice: `Copy the ConfigMap entries into headers.response.set of the routes of ${ctx.ingress.namespace}/${ctx.ingress.name} (${ingressPaths(ctx).length} path(s)).`,
      });
    }
    const from = ctx.get(k('proxy-redirect-from'));
    const to = ctx.get(k('proxy-redirect-to'));
    for (const [name, v] of [['proxy-redirect-from', from], ['proxy-redirect-to', to]] as const) {
      if (v === undefined) continue;
      if (from === undefined || from === 'off' || from === 'default' || from === '') {
        report(ctx, name, 'ignored', from === 'default' ? 'default: nginx rewrites Location only for its own proxy_pass prefix, which ingress-nginx never needs' : 'off: no Location/Refresh rewriting (Envoy does none either)');
      } else if (to === undefined) {
        report(ctx, name, 'ignored', 'no effect: proxy-redirect-to is missing');
      } else {
        report(ctx, name, 'unsupported', `nginx rewrites "${show(from)}" to "${show(to)}" in Location/Refresh response headers; Istio can only set or remove headers with static values`, {
          advice: 'Make the backend emit the right URLs, or add a Lua EnvoyFilter.',
          tags: ['behaviour-change'],
        });
      }
    }
    for (const name of ['proxy-cookie-domain', 'proxy-cookie-path']) {
      const v = ctx.get(k(name));
      if (v === undefined) continue;
      if (v === 'off' || v === '') report(ctx, name, 'ignored', 'off: no Set-Cookie rewriting (Envoy does none either)');
      else report(ctx, name, 'unsupported', `nginx rewrites Set-Cookie ${name === 'proxy-cookie-domain' ? 'domains' : 'paths'} ("${show(v)}"); Istio cannot substitute text in response headers`, { advice: 'Fix the backend cookies, or use a Lua/Wasm filter.', tags: ['behaviour-change'] });
    }
  },
});
