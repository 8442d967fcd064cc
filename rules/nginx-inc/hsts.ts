import { defineRule } from '../types.js';
import { k, nicBool, rejected } from './keys.js';

const HSTS = 'nginx.org/hsts';
const AGE = 'nginx.org/hsts-max-age';
const SUB = 'nginx.org/hsts-include-subdomains';
const PROXY = 'nginx.org/hsts-behind-proxy';

/** HSTS (off by default). When on, NIC always adds `preload` and replaces an upstream HSTS header. */
export default defineRule({
  meta: {
    id: 'nginx-inc/hsts',
    controller: 'nginx-inc',
    description: 'Strict-Transport-Security.',
    keys: [
      k(HSTS, 'full', 'VirtualService http[].headers.response.set Strict-Transport-Security', 'Converted (max-age, includeSubDomains, always preload).'),
      k(AGE, 'full', 'Strict-Transport-Security max-age', 'Converted (default 2592000).'),
      k(SUB, 'full', 'Strict-Transport-Security includeSubDomains', 'Converted.'),
      k(PROXY, 'partial', 'x-forwarded-proto match (numTrustedProxies)', 'NGINX decided from X-Forwarded-Proto; Istio sends the header on every route of the TLS hosts.'),
    ],
  },
  create(ctx) {
    const on = ctx.get(HSTS);
    const keys = [HSTS, AGE, SUB, PROXY].filter((x) => ctx.has(x));
    const enabled = on !== undefined ? nicBool(on) : false;
    if (on !== undefined && enabled === undefined) return rejected(ctx, HSTS, `not a boolean: ${JSON.stringify(on)}`);
    if (!enabled) {
      for (const x of keys) ctx.report({ key: x, level: x === HSTS ? 'converted' : 'ignored', message: x === HSTS ? 'no HSTS header' : `no effect: ${HSTS} is not "true"` });
      return;
    }
    let age = '2592000';
    const a = ctx.get(AGE);
    if (a !== undefined) {
      if (!/^\d+$/.test(a.trim())) return rejected(ctx, AGE, `not a number of seconds: ${JSON.stringify(a)}`);
      age = a.trim();
    }
    const s = ctx.get(SUB);
    const sub = s !== undefined ? nicBool(s) : false;
    if (s !== undefined && sub === undefined) return rejected(ctx, SUB, `not a boolean: ${JSON.stringify(s)}`);
    const value = `max-age=${age};${sub ? ' includeSubDomains;' : ''} preload`;
    ctx.intents.routePatches.push({ key: HSTS, patch: { headers: { response: { set: { 'Strict-Transport-Security': value } } } } });
    for (const x of [HSTS, AGE, SUB]) if (ctx.has(x)) ctx.report({ key: x, level: 'converted', message: `Strict-Transport-Security: ${value}` });
    const p = ctx.get(PROXY);
    if (p !== undefined) ctx.report({ key: PROXY, level: nicBool(p) ? 'partial' : 'converted', message: nicBool(p) ? 'NGINX sent HSTS only when X-Forwarded-Proto was https; Istio sends it on every route' : 'off' });
  },
});
