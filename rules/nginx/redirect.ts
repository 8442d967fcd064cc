/**
 * permanent-redirect(-code), temporal-redirect(-code), from-to-www-redirect, use-port-in-redirects,
 * relative-redirects. nginx: `return <code> <url>` for every location of the Ingress (query string
 * dropped), temporal-redirect beats permanent-redirect, codes 300–308 (permanent) / 300–307
 * (temporal) with fallbacks 301 / 302. Istio accepts 301, 302, 303, 307, 308 only.
 */
import type { RuleContext } from '../types.js';
import type { VirtualService } from '../../src/istio/types.js';
import { defineNginxRule, goInt, ingressHosts, k, key, objectMeta, objectName, readBool, refOf, report, show } from './common.js';

const ISTIO_CODES = [301, 302, 303, 307, 308];
/** ingress-nginx URL validation for redirect targets (no nginx variables). */
const URL_CHARS = /^[-._~a-zA-Z0-9/:,?&=%#@+!*'()[\];]*$/;

function redirectCode(ctx: RuleContext, errored: Set<string>, name: string, min: number, max: number, dflt: number): number {
  const v = ctx.get(k(name));
  if (v === undefined) return dflt;
  const n = goInt(v);
  if (n === undefined || n < min || n > max) {
    report(ctx, name, 'error', `"${show(v)}" is not a redirect code in ${min}–${max}; ingress-nginx falls back to ${dflt}`);
    errored.add(name);
    return dflt;
  }
  return n;
}

function validUrl(v: string): URL | undefined {
  if (!URL_CHARS.test(v)) return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

export default defineNginxRule({
  meta: {
    id: 'nginx/redirect',
    controller: 'ingress-nginx',
    description: 'Fixed redirects of a whole Ingress and the www/non-www redirect.',
    keys: [
      key('permanent-redirect', 'partial', 'VirtualService.http[].redirect {scheme, authority, port, uri, redirectCode}', 'Converted; Envoy keeps the request query string when the target has none (nginx drops it).', { docs: 'permanent-redirect' }),
      key('permanent-redirect-code', 'full', 'VirtualService.http[].redirect.redirectCode', 'Istio only takes 301/302/303/307/308: 300, 304, 305, 306 become 301.', { docs: 'permanent-redirect-code' }),
      key('temporal-redirect', 'partial', 'VirtualService.http[].redirect {scheme, authority, port, uri, redirectCode: 302}', 'Converted; same query-string difference as permanent-redirect; wins over permanent-redirect as in nginx.', { docs: 'temporal-redirect' }),
      key('temporal-redirect-code', 'full', 'VirtualService.http[].redirect.redirectCode', 'Istio only takes 301/302/303/307/308: 300, 304, 305, 306 become 302.', { docs: 'temporal-redirect' }),
      key('from-to-www-redirect', 'full', 'VirtualService {hosts: [<counterpart>], http[].redirect {authority: <host>, redirectCode: 308}} + Gateway host', 'A redirect VirtualService is generated; add the counterpart host to the Gateway and its certificate.', { docs: 'redirect-fromto-www' }),
      key('use-port-in-redirects', 'partial', 'VirtualService.http[].redirect.port / derivePort', 'Only matters for redirects on non-standard ports; set redirect.port on the generated redirects if so.', { docs: 'use-port-in-redirects' }),
      key('relative-redirects', 'not-applicable', 'n/a', 'Nothing to migrate: Istio redirects are always absolute.', { docs: 'relative-redirects' }),
    ],
  },
  create(ctx) {
    const errored = new Set<string>();
    const perm = ctx.get(k('permanent-redirect'));
    const temp = ctx.get(k('temporal-redirect'));
    const permCode = redirectCode(ctx, errored, 'permanent-redirect-code', 300, 308, 301);
    const tempCode = redirectCode(ctx, errored, 'temporal-redirect-code', 300, 307, 302);

    const handle = (name: 'permanent-redirect' | 'temporal-redirect', url: string, code: number, codeKey: string, fallback: number): boolean => {
      const u = validUrl(url);
      if (!u) {
        report(ctx, name, 'error', `"${show(url)}" is not an absolute http(s) URL that ingress-nginx's validation accepts (nginx variables are not allowed); the redirect had no effect`);
        if (ctx.has(k(codeKey))) report(ctx, codeKey, 'ignored', `no effect: ${name} is invalid`);
        return false;
      }
      let istioCode = code;
      if (!ISTIO_CODES.includes(code)) {
        istioCode = fallback;
        report(ctx, codeKey, 'partial', `nginx answers ${code}, which Istio cannot emit (301/302/303/307/308 only); ${fallback} is used instead`, { tags: ['behaviour-change'] });
      } else if (ctx.has(k(codeKey)) && !errored.has(codeKey)) {
        report(ctx, codeKey, 'converted', `redirect code ${code}`);
      }
      ctx.intents.redirect = { key: k(name), url, code: istioCode };
      const hasQuery = u.search !== '';
      const pathNote = u.pathname === '/' && !url.endsWith('/') ? ' (the URL has no path, so redirect.uri is "/", otherwise Envoy would keep the request path)' : '';
      report(
        ctx,
        name,
        hasQuery ? 'converted' : 'partial',
        `every path of the Ingress answers ${istioCode} to ${url}${pathNote}${hasQuery ? '' : "; difference: Envoy appends the request's query string when the target has none, nginx drops it"}`,
        hasQuery ? {} : { tags: ['behaviour-change'] },
      );
      return true;
    };

    if (temp !== undefined) {
      handle('temporal-redirect', temp, tempCode, 'temporal-redirect-code', 302);
      if (perm !== undefined) report(ctx, 'permanent-redirect', 'ignored', 'temporal-redirect takes precedence over permanent-redirect in nginx');
      if (ctx.has(k('permanent-redirect-code'))) report(ctx, 'permanent-redirect-code', 'ignored', 'no effect: temporal-redirect takes precedence over permanent-redirect');
    } else if (perm !== undefined) {
      handle('permanent-redirect', perm, permCode, 'permanent-redirect-code', 301);
      if (ctx.has(k('temporal-redirect-code'))) report(ctx, 'temporal-redirect-code', 'ignored', 'no effect without temporal-redirect');
    } else {
      if (ctx.has(k('permanent-redirect-code'))) report(ctx, 'permanent-redirect-code', 'ignored', 'no effect without permanent-redirect');
      if (ctx.has(k('temporal-redirect-code'))) report(ctx, 'temporal-redirect-code', 'ignored', 'no effect without temporal-redirect');
    }

    // --- from-to-www-redirect
    const www = readBool(ctx, 'from-to-www-redirect', false);
    if (www === false && goBoolStrict(ctx.get(k('from-to-www-redirect')))) {
      report(ctx, 'from-to-www-redirect', 'converted', 'no www redirect (nginx default)');
    } else if (www === true) {
      const pairs = ingressHosts(ctx)
        .filter((h) => !h.startsWith('*'))
        .map((h) => ({ host: h, from: h.startsWith('www.') ? h.slice(4) : `www.${h}` }));
      if (pairs.length === 0) {
        report(ctx, 'from-to-www-redirect', 'ignored', 'no effect: the Ingress has no non-wildcard host');
      } else {
        const gw = `${ctx.options.gatewayNamespace}/${ctx.options.gatewayName}`;
        const refs: string[] = [];
        for (const p of pairs) {
          const vs: VirtualService = {
            apiVersion: `networking.istio.io/${ctx.options.apiVersion}`,
            kind: 'VirtualService',
            metadata: objectMeta(ctx, objectName(ctx, `www-${p.from}`)),
            spec: { hosts: [p.from], gateways: [gw], http: [{ name: 'from-to-www-redirect', redirect: { authority: p.host, redirectCode: 308 } }] },
          };
          ctx.intents.resources.push({ key: k('from-to-www-redirect'), resource: vs });
          refs.push(refOf(vs));
        }
        report(
          ctx,
          'from-to-www-redirect',
          'partial',
          `${pairs.map((p) => `${p.from} → ${p.host}`).join(', ')} answer 308 (path and query kept) through a separate VirtualService (its host is added to the Gateway's HTTP server; for HTTPS, a certificate must also cover ${pairs.map((p) => p.from).join(', ')}); nginx skips the redirect when another Ingress defines that host — check none does`,
          { advice: 'Add the counterpart host to the Gateway servers (and certificate), or drop the generated VirtualService.', istio: refs, tags: ['gateway-host'] },
        );
      }
    }

    // --- use-port-in-redirects / relative-redirects
    const port = readBool(ctx, 'use-port-in-redirects', false);
    if (port === true) {
      report(ctx, 'use-port-in-redirects', 'partial', "nginx puts the server port in the redirects it generates; Istio redirects use the scheme's default port", {
        advice: 'If the gateway listens on non-standard ports, set redirect.port (or derivePort: FROM_REQUEST_PORT) on the generated redirects.',
      });
    } else if (port === false && goBoolStrict(ctx.get(k('use-port-in-redirects')))) {
      report(ctx, 'use-port-in-redirects', 'converted', 'no port in redirects (nginx default; Istio redirects use the default port too)');
    }
    const rel = ctx.get(k('relative-redirects'));
    if (rel !== undefined) report(ctx, 'relative-redirects', 'ignored', `"${show(rel)}" not applicable: Istio redirects are always absolute and Envoy issues no nginx-style internal redirects`);
  },
});

function goBoolStrict(v: string | undefined): boolean {
  return v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v);
}
