/**
 * enable-cors and cors-*: one corsPolicy on every route of the Ingress, with nginx's defaults
 * written out (Istio has none).
 */
import type { CorsPolicy, StringMatch } from '../../src/istio/types.js';
import { defineNginxRule, ignoreAll, k, key, list, readBool, readInt, report, show } from './common.js';
import { re2Quote } from './regex.js';

export const CORS_DEFAULTS = {
  methods: 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
  headers: 'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization',
  maxAge: 1728000,
  credentials: true,
};

const ORIGIN = /^(\*|null|[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d+)?)$/;
const METHODS = /^[A-Za-z]+(\s*,\s*[A-Za-z]+)*\s*,?$/;
const HEADERS = /^[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*\s*,?$/;

const SUBKEYS = ['cors-allow-origin', 'cors-allow-methods', 'cors-allow-headers', 'cors-expose-headers', 'cors-allow-credentials', 'cors-max-age'];

function originMatch(o: string): StringMatch {
  if (o === '*') return { regex: '.*' };
  const m = /^([^:]+):\/\/\*\.(.*)$/.exec(o);
  if (m) return { regex: `(?i)${re2Quote(m[1]!)}://[A-Za-z0-9-]+\\.${re2Quote(m[2]!)}` };
  return { exact: o };
}

export default defineNginxRule({
  meta: {
    id: 'nginx/cors',
    controller: 'ingress-nginx',
    description: 'CORS: corsPolicy on the Ingress routes with the nginx defaults filled in.',
    keys: [
      key('enable-cors', 'full', 'VirtualService.http[].corsPolicy', 'Converted with nginx defaults written out (origins *, methods, headers, credentials true, max-age 1728000s).', { docs: 'enable-cors' }),
      key('cors-allow-origin', 'full', 'VirtualService.http[].corsPolicy.allowOrigins[]', "Literal origins → exact, '*' → regex '.*', '*.domain' → one-label regex; Envoy echoes the origin instead of '*'.", { docs: 'enable-cors' }),
      key('cors-allow-methods', 'full', 'VirtualService.http[].corsPolicy.allowMethods[]', 'Converted.', { docs: 'enable-cors' }),
      key('cors-allow-headers', 'full', 'VirtualService.http[].corsPolicy.allowHeaders[]', 'Converted.', { docs: 'enable-cors' }),
      key('cors-expose-headers', 'full', 'VirtualService.http[].corsPolicy.exposeHeaders[]', 'Converted.', { docs: 'enable-cors' }),
      key('cors-allow-credentials', 'full', 'VirtualService.http[].corsPolicy.allowCredentials', 'Converted (true written out, it is the nginx default).', { docs: 'enable-cors' }),
      key('cors-max-age', 'full', 'VirtualService.http[].corsPolicy.maxAge', 'Converted to <n>s.', { docs: 'enable-cors' }),
    ],
  },
  create(ctx) {
    const enabled = readBool(ctx, 'enable-cors', false);
    if (enabled !== true) {
      if (enabled === false && ['true', 'false', '1', '0', 't', 'f', 'T', 'F', 'TRUE', 'FALSE', 'True', 'False'].includes(ctx.get(k('enable-cors'))!)) {
        report(ctx, 'enable-cors', 'converted', 'CORS disabled (nginx default): no corsPolicy');
      }
      ignoreAll(ctx, SUBKEYS, 'no effect without enable-cors: "true"');
      return;
    }
    const policy: CorsPolicy = {};
    const notes: string[] = [];

    // origins
    const originRaw = ctx.get(k('cors-allow-origin'));
    let origins = ['*'];
    if (originRaw !== undefined) {
      const items = list(originRaw);
      const good = items.filter((o) => ORIGIN.test(o));
      const bad = items.filter((o) => !ORIGIN.test(o));
      if (bad.length) {
        report(ctx, 'cors-allow-origin', 'error', `origin(s) ${bad.map((b) => `"${show(b)}"`).join(', ')} rejected by ingress-nginx's validation and dropped${good.length ? '' : '; no valid origin left, so nginx uses "*"'}`);
      }
      origins = good.length ? good : ['*'];
      if (!bad.length) report(ctx, 'cors-allow-origin', 'converted', `allowOrigins ${origins.map((o) => JSON.stringify(originMatch(o))).join(', ')}${origins.some((o) => o.includes('*.')) ? ' (a wildcard matches exactly one label, as in nginx)' : ''}`);
    }
    policy.allowOrigins = origins.map(originMatch);

    // methods
    const methodsRaw = ctx.get(k('cors-allow-methods'));
    let methods = CORS_DEFAULTS.methods;
    if (methodsRaw !== undefined) {
      if (METHODS.test(methodsRaw)) {
        methods = methodsRaw;
        report(ctx, 'cors-allow-methods', 'converted', `allowMethods ${list(methods).join(', ')}`);
      } else report(ctx, 'cors-allow-methods', 'error', `"${show(methodsRaw)}" rejected by ingress-nginx's validation (letters and commas only); the default ${CORS_DEFAULTS.methods} applies`);
    }
    policy.allowMethods = list(methods);

    const headersRaw = ctx.get(k('cors-allow-headers'));
    let headers = CORS_DEFAULTS.headers;
    if (headersRaw !== undefined) {
      if (HEADERS.test(headersRaw)) {
        headers = headersRaw;
        report(ctx, 'cors-allow-headers', 'converted', `allowHeaders ${list(headers).join(', ')}`);
      } else report(ctx, 'cors-allow-headers', 'error', `"${show(headersRaw)}" rejected by ingress-nginx's validation (letters, digits, - and _); the default list applies`);
    }
    policy.allowHeaders = list(headers);

    const exposeRaw = ctx.get(k('cors-expose-headers'));
    if (exposeRaw !== undefined) {
      if (exposeRaw === '*' || HEADERS.test(exposeRaw)) {
        policy.exposeHeaders = list(exposeRaw);
        report(ctx, 'cors-expose-headers', 'converted', `exposeHeaders ${list(exposeRaw).join(', ')}`);
      } else report(ctx, 'cors-expose-headers', 'error', `"${show(exposeRaw)}" rejected by ingress-nginx's validation; no Access-Control-Expose-Headers is sent`);
    }

    const cred = readBool(ctx, 'cors-allow-credentials', CORS_DEFAULTS.credentials);
    policy.allowCredentials = cred ?? CORS_DEFAULTS.credentials;
    if (cred !== undefined && ctx.has(k('cors-allow-credentials')) && ['true', 'false', '1', '0', 't', 'f', 'T', 'F', 'TRUE', 'FALSE', 'True', 'False'].includes(ctx.get(k('cors-allow-credentials'))!)) {
      report(ctx, 'cors-allow-credentials', 'converted', `allowCredentials ${cred}`);
    }

    const age = readInt(ctx, 'cors-max-age', String(CORS_DEFAULTS.maxAge));
    policy.maxAge = `${age ?? CORS_DEFAULTS.maxAge}s`;
    if (age !== undefined) report(ctx, 'cors-max-age', 'converted', `maxAge ${age}s`);

    ctx.intents.routePatches.push({ key: k('enable-cors'), patch: { corsPolicy: policy } });
    const star = origins.includes('*');
    if (star && policy.allowCredentials) notes.push("origin '*' with credentials: nginx sends a literal '*' (browsers then refuse credentialed requests), Envoy echoes the request's Origin (browsers accept them)");
    const summary = `corsPolicy on every route of the Ingress: origins ${origins.join(', ')}; methods ${policy.allowMethods.join(',')}; credentials ${policy.allowCredentials}; maxAge ${policy.maxAge} (nginx defaults written out; Envoy answers preflights itself)`;
    if (notes.length) report(ctx, 'enable-cors', 'partial', `${summary}; difference: ${notes.join('; ')}`, { tags: ['behaviour-change'] });
    else report(ctx, 'enable-cors', 'converted', summary);
  },
});
