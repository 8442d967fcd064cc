/** ModSecurity WAF switches: no built-in WAF in Istio. (modsecurity-snippet lives in snippets.ts.) */
import { defineNginxRule, goBool, k, key, report, show } from './common.js';

const KEYS: Array<[string, string]> = [
  ['enable-modsecurity', 'ModSecurity WAF'],
  ['enable-owasp-core-rules', 'OWASP Core Rule Set'],
  ['modsecurity-transaction-id', 'ModSecurity transaction id'],
];

export default defineNginxRule({
  meta: {
    id: 'nginx/waf',
    controller: 'ingress-nginx',
    description: 'ModSecurity web application firewall.',
    keys: KEYS.map(([n]) => key(n, 'none', 'none (WasmPlugin with a WAF such as Coraza)', 'Istio has no built-in WAF; a Coraza proxy-wasm WasmPlugin on the gateway is the usual replacement.', { docs: 'modsecurity' })),
  },
  create(ctx) {
    const globalOn = goBool(ctx.options.nginxConfig['enable-modsecurity'] ?? '') === true;
    for (const [n, what] of KEYS) {
      const v = ctx.get(k(n));
      if (v === undefined) continue;
      const b = goBool(v);
      if (n !== 'modsecurity-transaction-id' && b === false) {
        report(ctx, n, 'converted', `${what} off: nothing to do`);
        continue;
      }
      if (n !== 'modsecurity-transaction-id' && b === undefined) {
        report(ctx, n, 'error', `"${show(v)}" is not a boolean; ingress-nginx ignores it`);
        continue;
      }
      const inert = n === 'enable-owasp-core-rules' && goBool(ctx.get(k('enable-modsecurity')) ?? '') !== true && !globalOn;
      if (inert) report(ctx, n, 'ignored', 'no effect: ModSecurity is not enabled for this Ingress');
      else
        report(ctx, n, 'unsupported', `${what} is not carried over: the Istio gateway has no WAF, so requests it blocked now reach the backend`, {
          advice: 'Deploy a WAF WasmPlugin (e.g. Coraza with the OWASP CRS) on the gateway.',
          tags: ['security'],
        });
    }
  },
});
