import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { ingressScope } from '../common/access.js';
import { gatewayObjectMeta, istioRef, securityApiVersion } from '../common/names.js';
import type { AuthorizationPolicy } from '../../src/istio/types.js';
import { PREFIXES, cm, hi } from './keys.js';
import { matcher } from './paths.js';

const BASIC = 'Istio has no basic auth: use an ext-authz provider (AuthorizationPolicy CUSTOM) or re-hash the users as {SHA} for an EnvoyFilter basic_auth filter.';
const MESH = 'Belongs to the extensionProviders entry in MeshConfig; add it there.';

/**
 * Authentication. `auth-url` → AuthorizationPolicy CUSTOM pointing at an extension provider that
 * must be added to MeshConfig (the converter only reports it). Basic auth and OAuth are reported.
 */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/auth',
    controller: 'haproxy-ingress',
    description: 'External, OAuth and basic authentication.',
    keys: [
      ...hi('auth-url', 'partial', 'AuthorizationPolicy CUSTOM + MeshConfig extensionProviders[].envoyExtAuthzHttp', 'The AuthorizationPolicy is generated; add the extension provider it names to MeshConfig.'),
      ...hi('auth-method', 'partial', 'none (Envoy forwards the client method)', 'Envoy\'s HTTP ext-authz sends the client\'s method; a fixed method cannot be set.'),
      ...hi('auth-headers-request', 'partial', 'extensionProviders[].envoyExtAuthzHttp.includeRequestHeadersInCheck', MESH),
      ...hi('auth-headers-succeed', 'partial', 'extensionProviders[].envoyExtAuthzHttp.headersToUpstreamOnAllow', MESH),
      ...hi('auth-headers-fail', 'partial', 'extensionProviders[].envoyExtAuthzHttp.headersToDownstreamOnDeny', MESH),
      ...hi('auth-signin', 'none', 'none', 'Redirecting unauthenticated users to a sign-in page needs the auth service itself to answer with the redirect.'),
      ...hi('auth-external-placement', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('auth-realm', 'none', 'none', BASIC),
      ...hi('auth-secret', 'none', 'none', BASIC),
      ...hi('oauth', 'partial', 'AuthorizationPolicy CUSTOM + extensionProviders pointing at oauth2-proxy', 'Configure oauth2-proxy as an envoyExtAuthzHttp provider and attach it with a CUSTOM AuthorizationPolicy.'),
      ...hi('oauth-headers', 'partial', 'extensionProviders[].envoyExtAuthzHttp.headersToUpstreamOnAllow', MESH),
      ...hi('oauth-uri-prefix', 'partial', 'VirtualService route for the prefix to oauth2-proxy', 'Route the oauth2-proxy prefix to its Service in the VirtualService.'),
      cm('auth-log-format', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('auth-proxy', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const url = firstOf(ctx, PREFIXES, 'auth-url');
    const provider = `ingress2istio-${ctx.ingress.namespace}-${ctx.ingress.name}-ext-authz`;
    if (url) {
      const m = /^(https?|svc):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url.value.trim());
      const scope = ingressScope(ctx.ingress, matcher(ctx));
      if (!m) ctx.report({ key: url.key, level: 'error', message: `not an http(s):// or svc:// URL: ${JSON.stringify(url.value)}` });
      else if (scope.unscopable) {
        ctx.report({ key: url.key, level: 'unsupported', message: `external auth not converted: ${scope.unscopable}`, advice: 'Give the Ingress rule a host, or write the CUSTOM AuthorizationPolicy by hand.', tags: ['auth', 'security'] });
      } else {
        const operation: { hosts?: string[]; paths?: string[] } = {};
        if (scope.hosts.length) operation.hosts = scope.hosts;
        if (scope.paths.length) operation.paths = scope.paths;
        const policy: AuthorizationPolicy = {
          apiVersion: securityApiVersion(ctx.options),
          kind: 'AuthorizationPolicy',
          metadata: gatewayObjectMeta(ctx.ingress, ctx.options, 'ext-authz'),
          spec: { selector: { matchLabels: { ...ctx.options.gatewaySelector } }, action: 'CUSTOM', provider: { name: provider }, rules: [operation.hosts || operation.paths ? { to: [{ operation }] } : {}] },
        };
        ctx.intents.resources.push({ key: url.key, resource: policy });
        const service = m[1] === 'svc' ? `${m[2]}.${ctx.ingress.namespace}.svc.${ctx.options.clusterDomain}` : m[2]!;
        const port = m[3] ?? (m[1] === 'https' ? '443' : '80');
        ctx.report({
          key: url.key,
          level: 'partial',
          message: `requests are checked by ${url.value} through extension provider ${provider}, which MeshConfig must define${scope.widened ? `; the policy covers the whole host(s) because ${scope.widened}` : ''}`,
          advice: `Add to MeshConfig extensionProviders: {name: ${provider}, envoyExtAuthzHttp: {service: ${service}, port: ${port}${m[4] ? `, pathPrefix: ${m[4]}` : ''}}}.`,
          tags: ['mesh-config', 'auth'],
          data: { provider, service, port, pathPrefix: m[4] ?? '' },
          istio: [istioRef('AuthorizationPolicy', policy.metadata)],
        });
      }
    }
    for (const n of ['auth-method', 'auth-headers-request', 'auth-headers-succeed', 'auth-headers-fail']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: url ? 'partial' : 'ignored', message: url ? `${n} ${JSON.stringify(e.value)} belongs to the extension provider ${provider} in MeshConfig` : 'no effect without auth-url', advice: url ? MESH : undefined, tags: url ? ['mesh-config'] : undefined });
    }
    for (const n of ['auth-secret', 'auth-realm']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: 'unsupported', message: 'basic authentication is not converted: requests reach the backend without credentials', advice: BASIC, tags: ['auth', 'security'] });
    }
    const signin = firstOf(ctx, PREFIXES, 'auth-signin');
    if (signin) ctx.report({ key: signin.key, level: 'unsupported', message: `unauthenticated users are no longer redirected to ${signin.value}`, advice: 'Let the auth service answer 302 to the sign-in page itself.' });
    const placement = firstOf(ctx, PREFIXES, 'auth-external-placement');
    if (placement) ctx.report({ key: placement.key, level: 'ignored', message: 'HAProxy internals: not applicable to Istio' });
    for (const n of ['oauth', 'oauth-headers', 'oauth-uri-prefix']) {
      const e = firstOf(ctx, PREFIXES, n);
      if (e) ctx.report({ key: e.key, level: 'unsupported', message: `OAuth (${n} ${JSON.stringify(e.value)}) is not converted: requests reach the backend unauthenticated`, advice: 'Run oauth2-proxy as an envoyExtAuthzHttp extension provider and attach it with a CUSTOM AuthorizationPolicy.', tags: ['auth', 'security', 'mesh-config'] });
    }
  },
});
