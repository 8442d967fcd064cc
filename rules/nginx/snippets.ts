/**
 * Snippet annotations: raw nginx (or ModSecurity) configuration. Never translated. The finding
 * shows the snippet (truncated) and flags dangerous content. Since v1.9 snippets are dropped unless
 * the ConfigMap sets allow-snippet-annotations: "true"; since v1.12 they are Critical risk and the
 * default annotations-risk-level (High) rejects the whole Ingress.
 */
import type { RuleContext } from '../types.js';
import { defineNginxRule, goBool, k, key, report, show } from './common.js';

const SNIPPETS: Array<[string, string, string]> = [
  ['configuration-snippet', 'location', 'Rebuild by hand: add_header/more_set_headers → headers.response.set, proxy_set_header → headers.request.set, return 30x → redirect, return 4xx/5xx → directResponse; anything else → EnvoyFilter (Lua/Wasm).'],
  ['server-snippet', 'server', 'Rebuild by hand as VirtualService routes (redirects, headers, direct responses) for the host.'],
  ['stream-snippet', 'stream', 'Plain TCP proxies can be rebuilt as a TCP Gateway server + VirtualService tcp route.'],
  ['auth-snippet', 'auth location', 'proxy_set_header lines map to includeAdditionalHeadersInCheck of the ext_authz provider; review the rest.'],
  ['modsecurity-snippet', 'ModSecurity', 'SecLang rules can be reused in a Coraza WasmPlugin on the gateway.'],
];

/** Content ingress-nginx refuses or that is dangerous in a snippet. */
const DANGEROUS: Array<[RegExp, string]> = [
  [/\r/, 'carriage return (\\r), used to smuggle directives past validation'],
  [/_by_lua|lua_package|\blua_/, 'Lua code'],
  [/\bload_module\b/, 'load_module'],
  [/\b(include|root|alias)\s/, 'file-system access (include/root/alias)'],
  [/\bproxy_pass\b/, 'proxy_pass (routing around the controller)'],
  [/serviceaccount|\/var\/run\/secrets/, 'service-account token path'],
  [/\bssl_engine\b/, 'ssl_engine'],
];

export function dangerousContent(v: string): string[] {
  return DANGEROUS.filter(([re]) => re.test(v)).map(([, what]) => what);
}

function snippetsAllowed(ctx: RuleContext): boolean {
  return goBool(ctx.options.nginxConfig['allow-snippet-annotations'] ?? '') === true;
}

export default defineNginxRule({
  meta: {
    id: 'nginx/snippets',
    controller: 'ingress-nginx',
    description: 'Raw nginx configuration snippets: shown for manual review, never translated.',
    keys: SNIPPETS.map(([name, where, advice]) => key(name, 'none', 'none (manual: VirtualService headers/redirect/directResponse, EnvoyFilter, WasmPlugin)', `Raw ${where} directives are not translated. ${advice}`, { docs: name === 'modsecurity-snippet' ? 'modsecurity' : name })),
  },
  create(ctx) {
    const allowed = snippetsAllowed(ctx);
    const risk = ctx.options.nginxConfig['annotations-risk-level'];
    for (const [name, where, advice] of SNIPPETS) {
      const v = ctx.get(k(name));
      if (v === undefined) continue;
      const danger = dangerousContent(v);
      const lines = v.split('\n').length;
      const shown = `${lines} line${lines === 1 ? '' : 's'}: "${show(v, 160)}"`;
      const dangerText = danger.length ? `; DANGEROUS content: ${danger.join(', ')}` : '';
      const tags = ['snippet', ...(danger.length ? ['dangerous'] : [])];
      const blocklist = (ctx.options.nginxConfig['annotation-value-word-blocklist'] ?? '')
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      const blocked = blocklist.filter((w) => v.includes(w));
      if (blocked.length) {
        report(ctx, name, 'error', `${where} snippet contains ${blocked.map((w) => `"${w}"`).join(', ')} from the ConfigMap annotation-value-word-blocklist: ingress-nginx rejected the whole Ingress (${shown})${dangerText}`, {
          advice: 'The Ingress was never live with this snippet; check what actually served its hosts.',
          tags,
          data: { snippet: v },
        });
        continue;
      }
      if (!allowed) {
        report(ctx, name, 'ignored', `${where} snippet (${shown}) had no effect: ingress-nginx drops snippet annotations unless the ConfigMap sets allow-snippet-annotations: "true" (default false since v1.9)${dangerText}`, {
          advice: 'Check whether the snippet was meant to be live; if so, rebuild it by hand.',
          tags,
          data: { snippet: v },
        });
        continue;
      }
      const riskNote = risk !== 'Critical' ? '; note: snippets are Critical risk and ingress-nginx >= v1.12 rejects the whole Ingress unless annotations-risk-level is Critical' : '';
      report(ctx, name, 'unsupported', `${where} snippet not translated (${shown})${dangerText}${riskNote}`, { advice, tags, data: { snippet: v } });
    }
  },
});
