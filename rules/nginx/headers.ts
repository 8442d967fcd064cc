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
      key('custom-headers', 'full', 'VirtualService.http[].headers.response.set', 'Converted when the ConfigMap is in the input: its entries become headers.response.set on every route.', { docs: 'custom-headers' }),
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
    if (ch !== undefined) customHeaders(ctx, ch);
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

/**
 * custom-headers: `[namespace/]name` of a ConfigMap whose entries nginx adds to every response
 * (more_set_headers). Since v1.12 each name must also be listed in the controller ConfigMap's
 * global-allowed-response-headers, and a ConfigMap of another namespace needs
 * allow-cross-namespace-resources; otherwise the location answers 503.
 */
function customHeaders(ctx: Parameters<Parameters<typeof defineNginxRule>[0]['create']>[0], ref: string): void {
  const slash = ref.indexOf('/');
  const ns = slash >= 0 ? ref.slice(0, slash) : ctx.ingress.namespace;
  const name = slash >= 0 ? ref.slice(slash + 1) : ref;
  const cross = ns !== ctx.ingress.namespace && ctx.options.nginxConfig['allow-cross-namespace-resources'] !== 'true';
  if (cross) {
    report(ctx, 'custom-headers', 'error', `ConfigMap ${show(ref)} is in another namespace and allow-cross-namespace-resources is not "true": ingress-nginx (v1.12+) denied the location (503); no headers converted`, {
      advice: 'Move the ConfigMap into the Ingress namespace.',
    });
    return;
  }
  const cm = ctx.configMap(ns, name);
  if (!cm) {
    report(ctx, 'custom-headers', 'unsupported', `ConfigMap ${ns}/${name} is not in the input, so its response headers were not added`, {
      advice: `Add the ConfigMap to the input (or copy its entries into headers.response.set of the routes of ${ctx.ingress.namespace}/${ctx.ingress.name}, ${ingressPaths(ctx).length} path(s)).`,
    });
    return;
  }
  const names = Object.keys(cm.data).sort();
  // Envoy reads %…% in header values as command operators: a literal % must be doubled.
  const set: Record<string, string> = {};
  for (const n of names) set[n.toLowerCase()] = cm.data[n]!.replace(/%/g, '%%');
  const allowed = (ctx.options.nginxConfig['global-allowed-response-headers'] ?? '')
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  const notAllowed = names.filter((n) => !allowed.includes(n.toLowerCase()));
  if (!names.length) {
    report(ctx, 'custom-headers', 'ignored', `ConfigMap ${ns}/${name} has no entries: no headers added`);
    return;
  }
  ctx.intents.routePatches.push({ key: k('custom-headers'), patch: { headers: { response: { set } } } });
  if (notAllowed.length) {
    report(ctx, 'custom-headers', 'partial', `response headers ${names.join(', ')} set on every route (headers.response.set); ingress-nginx v1.12+ answered 503 instead unless the controller ConfigMap's global-allowed-response-headers listed ${notAllowed.join(', ')} (not in the ConfigMap given to the conversion)`, {
      advice: 'Check the controller version and its global-allowed-response-headers; pass the controller ConfigMap with --nginx-config.',
      tags: ['behaviour-change'],
    });
  } else {
    report(ctx, 'custom-headers', 'converted', `response headers ${names.join(', ')} from ConfigMap ${ns}/${name} set on every route (headers.response.set)`);
  }
}
