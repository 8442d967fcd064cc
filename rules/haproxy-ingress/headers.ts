import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { list } from '../common/values.js';
import { re2Error } from '../../src/semantics/paths.js';
import type { HTTPRoute, StringMatch } from '../../src/istio/types.js';
import { PREFIXES, backendServices, cm, hi } from './keys.js';

/** `Name: value` (or `Name value`) per line. */
export function headerPairs(v: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  for (const line of v.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^([^:\s]+)\s*(?::\s*|\s+)(.*)$/.exec(line);
    if (!m) return undefined;
    out.push([m[1]!, m[2]!.trim()]);
  }
  return out;
}

/**
 * Header changes (Backend scope), header-based routing constraints (Path scope) and client-address
 * headers (global). Values may use `%[namespace]` and `%[service]`, expanded here; other HAProxy
 * expressions are reported. Upstream docs swap the descriptions of response-del/-set; the code
 * (del = remove list, set = set) is followed.
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/headers',
    controller: 'haproxy-ingress',
    description: 'Request/response headers and header-based routing.',
    keys: [
      ...hi('request-set-headers', 'full', 'VirtualService http[].headers.request.set', 'Converted; a Host value becomes rewrite.authority.'),
      ...hi('headers', 'full', 'VirtualService http[].headers.request.set', 'Old name of request-set-headers; converted the same way.', { status: 'deprecated' }),
      ...hi('request-add-headers', 'full', 'VirtualService http[].headers.request.add', 'Converted.'),
      ...hi('request-del-headers', 'full', 'VirtualService http[].headers.request.remove', 'Converted.'),
      ...hi('response-set-headers', 'full', 'VirtualService http[].headers.response.set', 'Converted.'),
      ...hi('response-add-headers', 'full', 'VirtualService http[].headers.response.add', 'Converted.'),
      ...hi('response-del-headers', 'full', 'VirtualService http[].headers.response.remove', 'Converted.'),
      ...hi('http-header-match', 'full', 'VirtualService http[].match[].headers[name].exact', 'Converted: every route of the Ingress also requires these headers.'),
      ...hi('http-header-match-regex', 'full', 'VirtualService http[].match[].headers[name].regex', 'Converted; unanchored patterns are widened to match anywhere in the value.'),
      ...hi('use-forwarded-proto', 'partial', 'gatewayTopology.numTrustedProxies', 'Istio trusts X-Forwarded-Proto from the front proxy only with numTrustedProxies set.'),
      cm('forwardfor', 'partial', 'gatewayTopology.numTrustedProxies / xff handling', 'Istio appends X-Forwarded-For; set numTrustedProxies to keep or trust upstream values.'),
      cm('original-forwarded-for-hdr', 'none', 'none', 'Envoy has no header for the original X-Forwarded-For; nothing to set.'),
      cm('real-ip-hdr', 'partial', 'headers.request.set with %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%', 'Set the header with an Envoy command operator in the VirtualService by hand.'),
    ],
  },
  create(ctx) {
    const services = backendServices(ctx.ingress);
    const expand = (v: string): string | undefined => {
      const out = v.replace(/%\[namespace\]/g, ctx.ingress.namespace).replace(/%\[service\]/g, services.length === 1 ? services[0]! : '%[service]');
      return out.includes('%[') ? undefined : out;
    };
    const setNew = firstOf(ctx, PREFIXES, 'request-set-headers');
    const setOld = firstOf(ctx, PREFIXES, 'headers');
    if (setNew && setOld) ctx.report({ key: setOld.key, level: 'ignored', message: `${setNew.key} is also set and wins` });
    const pairsKeys: Array<[{ key: string; value: string } | undefined, 'request' | 'response', 'set' | 'add']> = [
      [setNew ?? setOld, 'request', 'set'],
      [firstOf(ctx, PREFIXES, 'request-add-headers'), 'request', 'add'],
      [firstOf(ctx, PREFIXES, 'response-set-headers'), 'response', 'set'],
      [firstOf(ctx, PREFIXES, 'response-add-headers'), 'response', 'add'],
    ];
    for (const [e, dir, op] of pairsKeys) {
      if (!e) continue;
      const pairs = headerPairs(e.value);
      if (!pairs) {
        ctx.report({ key: e.key, level: 'error', message: `expected "Name: value" per line: ${JSON.stringify(e.value)}` });
        continue;
      }
      const values: Record<string, string> = {};
      const dynamic: string[] = [];
      let authority: string | undefined;
      for (const [n, raw] of pairs) {
        const val = expand(raw);
        if (val === undefined) dynamic.push(n);
        else if (dir === 'request' && op === 'set' && n.toLowerCase() === 'host') authority = val;
        else values[n] = val;
      }
      if (Object.keys(values).length) ctx.intents.routePatches.push({ key: e.key, patch: { headers: { [dir]: { [op]: values } } } });
      if (authority) ctx.intents.routePatches.push({ key: e.key, patch: { rewrite: { authority } } });
      const msg = `${dir} headers ${op}: ${Object.keys(values).join(', ') || 'none'}${authority ? `; Host becomes rewrite.authority ${authority}` : ''}`;
      if (dynamic.length) ctx.report({ key: e.key, level: 'partial', message: `${msg}; not converted: ${dynamic.join(', ')} (HAProxy expressions)`, advice: 'Rewrite those values with Envoy %VAR% command operators by hand.' });
      else ctx.report({ key: e.key, level: 'converted', message: msg });
    }
    for (const [n, dir] of [['request-del-headers', 'request'], ['response-del-headers', 'response']] as const) {
      const e = firstOf(ctx, PREFIXES, n);
      if (!e) continue;
      const names = list(e.value, /[\s,]+/);
      ctx.intents.routePatches.push({ key: e.key, patch: { headers: { [dir]: { remove: names } } } });
      ctx.report({ key: e.key, level: 'converted', message: `${dir} headers removed: ${names.join(', ')}` });
    }
    for (const [n, kind] of [['http-header-match', 'exact'], ['http-header-match-regex', 'regex']] as const) {
      const e = firstOf(ctx, PREFIXES, n);
      if (!e) continue;
      const pairs = headerPairs(e.value);
      if (!pairs?.length) {
        ctx.report({ key: e.key, level: 'error', message: `expected "Name: value" per line: ${JSON.stringify(e.value)}` });
        continue;
      }
      const bad = kind === 'regex' ? pairs.filter(([, p]) => re2Error(p)) : [];
      if (bad.length) {
        ctx.report({ key: e.key, level: 'unsupported', message: `not valid RE2: ${bad.map(([h, p]) => `${h}: ${p}`).join('; ')}; the routes are not converted with this constraint`, advice: 'Rewrite the patterns in RE2 syntax.', tags: ['behaviour-change'] });
        continue;
      }
      const headers: Record<string, StringMatch> = Object.fromEntries(pairs.map(([h, p]) => [h.toLowerCase(), kind === 'exact' ? { exact: p } : { regex: /^\^.*\$$/.test(p) ? p : `.*(?:${p}).*` }]));
      ctx.intents.routeTransforms.push({
        key: e.key,
        apply: (route: HTTPRoute) => {
          const matches = route.match?.length ? route.match : [{}];
          route.match = matches.map((m) => ({ ...m, headers: { ...m.headers, ...headers } }));
        },
      });
      ctx.report({ key: e.key, level: 'converted', message: `routes of the Ingress also require ${pairs.map(([h, p]) => `${h} ${kind === 'exact' ? '=' : '~'} ${p}`).join(', ')}` });
    }
    const xfp = firstOf(ctx, PREFIXES, 'use-forwarded-proto');
    if (xfp) ctx.report({ key: xfp.key, level: 'partial', message: `X-Forwarded-Proto from the front proxy ${xfp.value === 'false' ? 'was ignored' : 'was trusted'} by HAProxy; Istio trusts it only with numTrustedProxies`, advice: 'Set gatewayTopology.numTrustedProxies on the gateway to match.', tags: ['mesh-config'] });
  },
});
