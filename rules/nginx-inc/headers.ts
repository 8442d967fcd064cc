import { defineRule } from '../types.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { k, nicBool, rejected } from './keys.js';

const HIDE = 'nginx.org/proxy-hide-headers';
const PASS = 'nginx.org/proxy-pass-headers';
const SET = 'nginx.org/proxy-set-headers';
const ADD = 'nginx.org/add-header';
const INHERIT = 'nginx.org/add-header-inherit';
const TOKENS = 'nginx.org/server-tokens';
const REDIRECT_FROM = 'nginx.org/proxy-redirect-from';
const REDIRECT_TO = 'nginx.org/proxy-redirect-to';

/** NGINX variables that have an Envoy command-operator equivalent. */
const VARIABLES: Record<string, string> = {
  $remote_addr: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
  $host: '%REQ(:AUTHORITY)%',
  $request_id: '%REQ(X-REQUEST-ID)%',
};

function translate(v: string): string | undefined {
  const out = v.replace(/\$[a-z_]+/g, (m) => VARIABLES[m] ?? m);
  return /\$[a-z_]/.test(out) ? undefined : out;
}

/** `Name: value, Name2, …` (comma-separated; a name without value forwards the client's header). */
export function setHeaderEntries(v: string): Array<[string, string | undefined]> {
  return v.split(',').map((e) => e.trim()).filter(Boolean).map((e) => {
    const i = e.indexOf(':');
    return i < 0 ? [e, undefined] : [e.slice(0, i).trim(), e.slice(i + 1).trim()];
  });
}

/** Request/response header changes. */
export default defineRule({
  meta: {
    id: 'nginx-inc/headers',
    controller: 'nginx-inc',
    description: 'Request and response headers, server tokens, Location rewriting.',
    keys: [
      k(SET, 'full', 'VirtualService http[].headers.request.set', 'Converted; $remote_addr, $host and $request_id are translated, other NGINX variables are reported.'),
      k(HIDE, 'full', 'VirtualService http[].headers.response.remove', 'Converted.'),
      k(PASS, 'not-applicable', 'none (Envoy passes these headers anyway)', 'Not applicable to Istio: Envoy does not hide Date, Server, X-Accel-* by default.'),
      k(ADD, 'partial', 'VirtualService http[].headers.response.add', 'Converted; Istio adds the header to every response, NGINX only to 2xx/3xx unless "always".'),
      k(INHERIT, 'not-applicable', 'none', NOT_APPLICABLE),
      k(TOKENS, 'partial', 'EnvoyFilter (server_header_transformation)', 'Envoy answers with "server: istio-envoy"; hiding it needs an EnvoyFilter.'),
      k(REDIRECT_FROM, 'none', 'none', 'Envoy does not rewrite Location headers of backend redirects; fix the backend\'s redirects instead.'),
      k(REDIRECT_TO, 'none', 'none', 'Envoy does not rewrite Location headers of backend redirects; fix the backend\'s redirects instead.'),
    ],
  },
  create(ctx) {
    const set = ctx.get(SET);
    if (set !== undefined) {
      const entries = setHeaderEntries(set);
      const values: Record<string, string> = {};
      const untranslated: string[] = [];
      for (const [n, v] of entries) {
        if (v === undefined) continue;
        const t = translate(v);
        if (t === undefined) untranslated.push(n);
        else values[n] = t;
      }
      if (Object.keys(values).length) ctx.intents.routePatches.push({ key: SET, patch: { headers: { request: { set: values } } } });
      const passed = entries.filter(([, v]) => v === undefined).map(([n]) => n);
      const msg = `request headers set: ${Object.keys(values).join(', ') || 'none'}${passed.length ? `; forwarded as sent: ${passed.join(', ')}` : ''}`;
      if (untranslated.length) ctx.report({ key: SET, level: 'partial', message: `${msg}; not converted: ${untranslated.join(', ')} (NGINX variables without Envoy equivalent)`, advice: 'Rewrite those values with Envoy %VAR% command operators by hand.' });
      else ctx.report({ key: SET, level: 'converted', message: msg });
    }
    const hide = ctx.get(HIDE);
    if (hide !== undefined) {
      const names = hide.split(',').map((s) => s.trim()).filter(Boolean);
      ctx.intents.routePatches.push({ key: HIDE, patch: { headers: { response: { remove: names } } } });
      ctx.report({ key: HIDE, level: 'converted', message: `response headers removed: ${names.join(', ')}` });
    }
    const add = ctx.get(ADD);
    if (add !== undefined) {
      const values: Record<string, string> = {};
      const notAlways: string[] = [];
      const untranslated: string[] = [];
      for (const e of add.split(',').map((s) => s.trim()).filter(Boolean)) {
        const m = /^([^:\s]+)\s*:\s*(.*?)(\s*:\s*always)?$/.exec(e);
        if (!m) {
          rejected(ctx, ADD, `expected "Name: value[: always]", got ${JSON.stringify(e)}`);
          return;
        }
        const t = translate(m[2]!);
        if (t === undefined) untranslated.push(m[1]!);
        else values[m[1]!] = t;
        if (!m[3]) notAlways.push(m[1]!);
      }
      if (Object.keys(values).length) ctx.intents.routePatches.push({ key: ADD, patch: { headers: { response: { add: values } } } });
      const diffs = [...(notAlways.length ? [`${notAlways.join(', ')} now also on 4xx/5xx responses (NGINX added them to 2xx/3xx only)`] : []), ...(untranslated.length ? [`not converted: ${untranslated.join(', ')} (NGINX variables)`] : [])];
      ctx.report({ key: ADD, level: diffs.length ? 'partial' : 'converted', message: `response headers added: ${Object.keys(values).join(', ') || 'none'}${diffs.length ? `; ${diffs.join('; ')}` : ''}` });
    }
    for (const key of [PASS, INHERIT]) if (ctx.has(key)) ctx.report({ key, level: 'ignored', message: 'not applicable to Istio' });
    const tokens = ctx.get(TOKENS);
    if (tokens !== undefined) {
      const b = nicBool(tokens);
      ctx.report({ key: TOKENS, level: b === true ? 'converted' : 'unsupported', message: b === true ? 'server header sent (Envoy sends "server: istio-envoy")' : `NGINX ${b === false ? 'hid its version' : `sent server: ${JSON.stringify(tokens)}`}; Envoy sends "server: istio-envoy"`, advice: b === true ? undefined : 'Use an EnvoyFilter setting server_header_transformation (or server_name) on the gateway if it matters.' });
    }
    for (const key of [REDIRECT_FROM, REDIRECT_TO]) {
      const v = ctx.get(key);
      if (v !== undefined) ctx.report({ key, level: 'unsupported', message: `Location headers of backend redirects are no longer rewritten (${key.endsWith('from') ? 'from' : 'to'} ${JSON.stringify(v)})`, advice: 'Make the backend emit correct redirect URLs.', tags: ['behaviour-change'] });
    }
  },
});
