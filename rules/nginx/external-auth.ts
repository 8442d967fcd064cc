/**
 * auth-url and friends → AuthorizationPolicy CUSTOM on the gateway + a MeshConfig
 * extensionProvider (envoyExtAuthzHttp) the user must add; the provider snippet is in the finding's
 * data. Also satisfy and enable-global-auth.
 */
import { createHash } from 'node:crypto';
import { authorizationPolicy, authzScope, defineNginxRule, goBool, ignoreAll, k, key, list, readBool, refOf, report, show } from './common.js';

const DEPENDENT = [
  'auth-method',
  'auth-signin',
  'auth-signin-redirect-param',
  'auth-response-headers',
  'auth-proxy-set-headers',
  'auth-request-redirect',
  'auth-cache-key',
  'auth-cache-duration',
  'auth-keepalive',
  'auth-keepalive-share-vars',
  'auth-keepalive-requests',
  'auth-keepalive-timeout',
  'auth-always-set-cookie',
];
const HEADER_LIST = /^[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*$/;

function yamlList(items: string[], indent: string): string {
  return items.map((i) => `${indent}- ${JSON.stringify(i)}`).join('\n');
}

export default defineNginxRule({
  meta: {
    id: 'nginx/external-auth',
    controller: 'ingress-nginx',
    description: 'External authentication (auth_request) as ext_authz.',
    keys: [
      key('auth-url', 'partial', 'AuthorizationPolicy {action: CUSTOM, provider} + MeshConfig.extensionProviders[].envoyExtAuthzHttp', 'Add the extensionProvider snippet from the finding to MeshConfig; Envoy appends the request path to the auth URL and relays non-2xx answers.', { docs: 'external-authentication' }),
      key('auth-method', 'none', 'none', 'The ext_authz check uses the original method; make the auth service accept it.', { docs: 'external-authentication' }),
      key('auth-signin', 'none', 'envoyExtAuthzHttp.headersToDownstreamOnDeny [location, set-cookie]', 'Make the auth service answer the redirect itself (e.g. oauth2-proxy in ext_authz mode).', { docs: 'external-authentication' }),
      key('auth-signin-redirect-param', 'none', 'none', 'Handled by the auth service in an Istio setup.', { docs: 'external-authentication' }),
      key('auth-response-headers', 'partial', 'envoyExtAuthzHttp.headersToUpstreamOnAllow', 'Converted into the provider (one provider per distinct list).', { docs: 'external-authentication' }),
      key('auth-proxy-set-headers', 'partial', 'envoyExtAuthzHttp.includeAdditionalHeadersInCheck', 'Copy the ConfigMap pairs into the provider by hand; nginx variables cannot be ported.', { docs: 'external-authentication' }),
      key('auth-request-redirect', 'partial', 'envoyExtAuthzHttp.includeAdditionalHeadersInCheck {x-auth-request-redirect}', 'Fixed value converted into the provider.', { docs: 'external-authentication' }),
      key('auth-cache-key', 'none', 'none', 'Envoy ext_authz has no cache; move caching into the auth service.', { docs: 'external-authentication' }),
      key('auth-cache-duration', 'none', 'none', 'Envoy ext_authz has no cache.', { docs: 'external-authentication' }),
      key('auth-keepalive', 'not-applicable', 'n/a (Envoy pools connections)', 'Nothing to migrate.', { docs: 'external-authentication' }),
      key('auth-keepalive-share-vars', 'not-applicable', 'n/a', 'Nothing to migrate.', { docs: 'external-authentication' }),
      key('auth-keepalive-requests', 'not-applicable', 'DestinationRule connectionPool.http.maxRequestsPerConnection (auth service)', 'Connection tuning only.', { docs: 'external-authentication' }),
      key('auth-keepalive-timeout', 'not-applicable', 'DestinationRule connectionPool.http.idleTimeout (auth service)', 'Connection tuning only.', { docs: 'external-authentication' }),
      key('auth-always-set-cookie', 'partial', 'envoyExtAuthzHttp.headersToDownstreamOnAllow [set-cookie]', "Envoy adds the auth Set-Cookie to every allowed response ('true' behaviour).", { docs: 'external-authentication' }),
      key('enable-global-auth', 'partial', 'AuthorizationPolicy CUSTOM with notHosts/notPaths', 'Only relevant with a ConfigMap global-auth-url: carve this Ingress out of the global CUSTOM policy by hand.', { docs: 'external-authentication' }),
      key('satisfy', 'partial', 'AuthorizationPolicy CUSTOM limited to sources outside the allow-list', "'any' (IP allow-list OR auth) is not generated; the converted policies require both.", { docs: 'satisfy' }),
    ],
  },
  create(ctx) {
    const url = ctx.get(k('auth-url'));
    const cfg = ctx.options.nginxConfig;

    // enable-global-auth
    const ga = readBool(ctx, 'enable-global-auth', true);
    if (ga !== undefined && ctx.has(k('enable-global-auth')) && goBool(ctx.get(k('enable-global-auth'))!) !== undefined) {
      if (!cfg['global-auth-url']) report(ctx, 'enable-global-auth', 'ignored', 'no global-auth-url in the ingress-nginx ConfigMap: nothing to opt in or out of');
      else if (ga) report(ctx, 'enable-global-auth', 'converted', 'global auth applies (default)');
      else
        report(ctx, 'enable-global-auth', 'unsupported', `this Ingress opts out of the global auth (${cfg['global-auth-url']}); exclude its hosts/paths (notHosts/notPaths) from the gateway-wide CUSTOM policy by hand`, { tags: ['mesh-config'] });
    }

    // satisfy
    const satisfy = ctx.get(k('satisfy'));
    if (satisfy !== undefined) {
      const hasIp = ctx.has(k('allowlist-source-range')) || ctx.has(k('whitelist-source-range'));
      const hasAuth = url !== undefined || ctx.has(k('auth-type'));
      if (satisfy !== 'any' && satisfy !== 'all') report(ctx, 'satisfy', 'error', `"${show(satisfy)}" is not all/any; nginx uses all`);
      else if (satisfy === 'all' || !(hasIp && hasAuth)) report(ctx, 'satisfy', satisfy === 'all' ? 'converted' : 'ignored', satisfy === 'all' ? 'all: every access check must pass; the generated policies are combined the same way' : "'any' only matters with both an IP allow-list and authentication");
      else
        report(ctx, 'satisfy', 'partial', "'any' lets a request in when EITHER the IP allow-list OR the authentication passes; the converted DENY and CUSTOM policies require both (stricter)", {
          advice: 'Limit the CUSTOM policy to sources outside the allow-list (from.source.notRemoteIpBlocks) and drop the DENY policy.',
          tags: ['behaviour-change'],
        });
    }

    if (url === undefined) {
      ignoreAll(ctx, DEPENDENT, 'no effect without auth-url');
      return;
    }
    let u: URL | undefined;
    try {
      u = /\$/.test(url) ? undefined : new URL(url);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      const vars = /\$/.test(url);
      report(ctx, 'auth-url', vars ? 'unsupported' : 'error', vars ? `"${show(url)}" uses nginx variables; an Istio extension provider has a fixed service, nothing emitted` : `"${show(url)}" is not an absolute http(s) URL; ingress-nginx denies the location`, {
        advice: 'Use a fixed auth service URL.',
      });
      ignoreAll(ctx, DEPENDENT, 'no effect: auth-url was not converted');
      return;
    }
    const scope = authzScope(ctx);
    if (scope.to.length === 0) {
      report(ctx, 'auth-url', 'unsupported', `not converted: ${scope.uncovered.join('; ')}; external authentication is NOT enforced`, {
        advice: 'Give the Ingress explicit hosts, or write the CUSTOM AuthorizationPolicy for the catch-all traffic by hand.',
        tags: ['security'],
      });
      ignoreAll(ctx, DEPENDENT, 'no effect: auth-url was not converted');
      return;
    }
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    const host = u.hostname;
    const pathPrefix = u.pathname === '/' ? '' : u.pathname;

    const upstreamHeaders: string[] = [];
    const rh = ctx.get(k('auth-response-headers'));
    if (rh !== undefined) {
      if (HEADER_LIST.test(rh.trim())) {
        upstreamHeaders.push(...list(rh).map((h) => h.toLowerCase()));
        report(ctx, 'auth-response-headers', 'converted', `headersToUpstreamOnAllow [${upstreamHeaders.join(', ')}] in the extension provider`);
      } else report(ctx, 'auth-response-headers', 'error', `"${show(rh)}" is not a comma-separated header list; ingress-nginx denies the location`);
    }
    const additional: Record<string, string> = {};
    const rr = ctx.get(k('auth-request-redirect'));
    if (rr !== undefined) {
      if (/\$/.test(rr)) report(ctx, 'auth-request-redirect', 'unsupported', `"${show(rr)}" uses nginx variables; provider header values are static`);
      else {
        additional['x-auth-request-redirect'] = rr;
        report(ctx, 'auth-request-redirect', 'converted', `x-auth-request-redirect: ${rr} sent in the check (includeAdditionalHeadersInCheck)`);
      }
    }
    const alwaysCookie = readBool(ctx, 'auth-always-set-cookie', false);
    if (alwaysCookie === true) report(ctx, 'auth-always-set-cookie', 'converted', 'the auth Set-Cookie is added to every allowed response (headersToDownstreamOnAllow)');
    else if (alwaysCookie === false && goBool(ctx.get(k('auth-always-set-cookie'))!) === false)
      report(ctx, 'auth-always-set-cookie', 'partial', 'nginx adds the auth Set-Cookie only to successful upstream responses; Envoy adds it to every allowed response');

    const providerKey = JSON.stringify([url, upstreamHeaders, additional]);
    const provider = `ingress2istio-ext-authz-${createHash('sha256').update(providerKey).digest('hex').slice(0, 8)}`;
    const rules = [{ to: scope.to }];
    const ap = authorizationPolicy(ctx, 'ext-authz', { action: 'CUSTOM', provider: { name: provider }, rules });
    ctx.intents.resources.push({ key: k('auth-url'), resource: ap });

    const snippet = [
      'extensionProviders:',
      `- name: ${provider}`,
      '  envoyExtAuthzHttp:',
      `    service: ${host}`,
      `    port: ${port}`,
      ...(pathPrefix ? [`    pathPrefix: ${JSON.stringify(pathPrefix)}`] : []),
      '    includeRequestHeadersInCheck:',
      yamlList(['authorization', 'cookie', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'], '    '),
      ...(Object.keys(additional).length ? ['    includeAdditionalHeadersInCheck:', ...Object.entries(additional).map(([h, v]) => `      ${h}: ${JSON.stringify(v)}`)] : []),
      ...(upstreamHeaders.length ? ['    headersToUpstreamOnAllow:', yamlList(upstreamHeaders, '    ')] : []),
      '    headersToDownstreamOnAllow:',
      yamlList(['set-cookie'], '    '),
      '    headersToDownstreamOnDeny:',
      yamlList(['content-type', 'location', 'set-cookie', 'www-authenticate'], '    '),
    ].join('\n');
    const diffs = [
      `Envoy calls ${host}:${port}${pathPrefix} + the original request path (nginx calls the fixed URL)`,
      'nginx sends all request headers and X-Original-URL/X-Original-Method; the provider sends the listed headers only',
      'any non-2xx answer of the auth service (including redirects) is relayed to the client',
    ];
    if (u.protocol === 'https:') diffs.push('the auth service is called over https: it must be a mesh host with a DestinationRule originating TLS (or a ServiceEntry)');
    if (scope.widened.length) diffs.push(`scope widened (stricter): ${scope.widened.join('; ')}`);
    if (scope.uncovered.length) diffs.push(`NOT covered: ${scope.uncovered.join('; ')}`);
    report(ctx, 'auth-url', 'partial', `AuthorizationPolicy CUSTOM with provider ${provider}; add the extension provider to the mesh config (snippet in data.meshConfig); differences: ${diffs.join('; ')}`, {
      istio: [refOf(ap)],
      data: { meshConfig: snippet, provider },
      tags: ['mesh-config'],
      advice: 'Merge data.meshConfig into meshConfig.extensionProviders (istio ConfigMap or IstioOperator) and restart nothing: istiod picks it up.',
    });

    const simple: Array<[string, string]> = [
      ['auth-method', 'the check request uses the original method in Envoy; the method override cannot be set'],
      ['auth-cache-key', 'Envoy ext_authz has no response cache: every request is checked'],
      ['auth-cache-duration', 'Envoy ext_authz has no response cache: every request is checked'],
    ];
    for (const [n, why] of simple) if (ctx.has(k(n))) report(ctx, n, 'unsupported', why, { advice: 'Handle it in the auth service.' });
    const signin = ctx.get(k('auth-signin'));
    if (signin !== undefined)
      report(ctx, 'auth-signin', 'unsupported', `nginx redirects unauthenticated users to ${show(signin)}; Istio relays the auth service's own answer, so the auth service must return that redirect itself`, {
        advice: 'Run the auth service in ext_authz mode (e.g. oauth2-proxy) so it answers 302 itself; location and set-cookie are already in headersToDownstreamOnDeny.',
      });
    if (ctx.has(k('auth-signin-redirect-param')))
      report(ctx, 'auth-signin-redirect-param', signin !== undefined ? 'unsupported' : 'ignored', signin !== undefined ? 'the sign-in redirect parameter is chosen by the auth service in Istio' : 'no effect without auth-signin');
    const psh = ctx.get(k('auth-proxy-set-headers'));
    if (psh !== undefined)
      report(ctx, 'auth-proxy-set-headers', 'unsupported', `the headers of ConfigMap ${show(psh)} are not read by the converter; copy them into includeAdditionalHeadersInCheck of provider ${provider} (static values only)`, { tags: ['mesh-config'] });
    for (const n of ['auth-keepalive', 'auth-keepalive-share-vars', 'auth-keepalive-requests', 'auth-keepalive-timeout'])
      if (ctx.has(k(n))) report(ctx, n, 'ignored', 'connection tuning towards the auth service; Envoy pools connections itself');
  },
});
