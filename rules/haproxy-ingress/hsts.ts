import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { PREFIXES, hi } from './keys.js';

/**
 * HSTS is ON by default in haproxy-ingress (max-age=15768000) for HTTPS responses. The engine adds
 * the default for Ingresses without any hsts key; this rule handles the keys (header on every route:
 * browsers ignore HSTS received over plain HTTP, so HTTP routes carrying it change nothing).
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/hsts',
    controller: 'haproxy-ingress',
    description: 'Strict-Transport-Security header.',
    keys: [
      ...hi('hsts', 'full', 'VirtualService http[].headers.response.set Strict-Transport-Security', 'Converted; on by default, "false" turns it off.'),
      ...hi('hsts-max-age', 'full', 'Strict-Transport-Security max-age', 'Converted (default 15768000).'),
      ...hi('hsts-include-subdomains', 'full', 'Strict-Transport-Security includeSubDomains', 'Converted.'),
      ...hi('hsts-preload', 'full', 'Strict-Transport-Security preload', 'Converted.'),
    ],
  },
  create(ctx) {
    const on = firstOf(ctx, PREFIXES, 'hsts');
    const age = firstOf(ctx, PREFIXES, 'hsts-max-age');
    const sub = firstOf(ctx, PREFIXES, 'hsts-include-subdomains');
    const pre = firstOf(ctx, PREFIXES, 'hsts-preload');
    const enabled = on?.value !== 'false';
    if (on && on.value !== 'true' && on.value !== 'false') ctx.report({ key: on.key, level: 'error', message: `not a boolean: ${JSON.stringify(on.value)}` });
    if (!enabled) {
      ctx.report({ key: on!.key, level: 'converted', message: 'no HSTS header (haproxy-ingress sends one by default)' });
      for (const e of [age, sub, pre]) if (e) ctx.report({ key: e.key, level: 'ignored', message: 'no effect: hsts is "false"' });
      return;
    }
    let maxAge = '15768000';
    if (age) {
      if (!/^\d+$/.test(age.value.trim())) ctx.report({ key: age.key, level: 'error', message: `not a number of seconds: ${JSON.stringify(age.value)}; default 15768000 kept` });
      else maxAge = age.value.trim();
    }
    const value = `max-age=${maxAge}${sub?.value === 'true' ? '; includeSubDomains' : ''}${pre?.value === 'true' ? '; preload' : ''}`;
    const tlsHosts = ctx.ingress.tls.flatMap((t) => t.hosts).sort();
    const key = (on ?? age ?? sub ?? pre)!.key;
    if (!tlsHosts.length) {
      for (const e of [on, age, sub, pre]) if (e) ctx.report({ key: e.key, level: 'ignored', message: 'the Ingress has no TLS host: HSTS is only sent over HTTPS' });
      return;
    }
    ctx.intents.routePatches.push({ key, patch: { headers: { response: { set: { 'Strict-Transport-Security': value } } } } });
    for (const e of [on, age, sub, pre]) if (e && !(e === age && !/^\d+$/.test(age.value.trim()))) ctx.report({ key: e.key, level: 'converted', message: `Strict-Transport-Security: ${value} on ${tlsHosts.join(', ')}` });
  },
});
