/**
 * auth-type, auth-secret, auth-secret-type, auth-realm. Envoy's basic_auth filter (EnvoyFilter)
 * needs the users inlined and accepts only {SHA} hashes; the converter does not read Secrets, so
 * this is reported with the recipe.
 */
import { defineNginxRule, ignoreAll, k, key, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/basic-auth',
    controller: 'ingress-nginx',
    description: 'HTTP basic/digest authentication.',
    keys: [
      key('auth-type', 'partial', 'EnvoyFilter envoy.filters.http.basic_auth (Envoy >= 1.29) or AuthorizationPolicy CUSTOM', 'basic: Envoy basic_auth filter with the users inlined ({SHA} hashes only) or an ext_authz service; digest: ext_authz only.', { docs: 'authentication' }),
      key('auth-secret', 'partial', 'EnvoyFilter basic_auth users (inline htpasswd)', 'Re-hash bcrypt/apr1 entries as {SHA} or move to an ext_authz service.', { docs: 'authentication' }),
      key('auth-secret-type', 'partial', 'n/a (input format)', 'auth-file and auth-map give the same user list.', { docs: 'authentication' }),
      key('auth-realm', 'none', 'none', 'Cosmetic: the realm of the challenge cannot be set through Istio.', { docs: 'authentication' }),
    ],
  },
  create(ctx) {
    const type = ctx.get(k('auth-type'));
    const secret = ctx.get(k('auth-secret'));
    if (type === undefined) {
      ignoreAll(ctx, ['auth-secret', 'auth-secret-type', 'auth-realm'], 'no effect without auth-type');
      return;
    }
    if (type !== 'basic' && type !== 'digest') {
      report(ctx, 'auth-type', 'error', `"${show(type)}" is not basic or digest; ingress-nginx applies no authentication`);
      ignoreAll(ctx, ['auth-secret', 'auth-secret-type', 'auth-realm'], 'no effect: auth-type is invalid');
      return;
    }
    if (secret === undefined || secret === '') {
      report(ctx, 'auth-type', 'error', `auth-type ${type} without auth-secret: ingress-nginx denies the location (HTTP 503)`);
      ignoreAll(ctx, ['auth-secret-type', 'auth-realm'], 'no effect: auth-secret is missing');
      return;
    }
    const secretRef = secret.includes('/') ? secret : `${ctx.ingress.namespace}/${secret}`;
    if (type === 'digest') {
      report(ctx, 'auth-type', 'unsupported', 'HTTP digest authentication has no Envoy/Istio equivalent; the paths are now unauthenticated unless you add an external auth service', {
        advice: 'Put an ext_authz service (AuthorizationPolicy CUSTOM) in front, or switch clients to another scheme.',
        tags: ['security'],
      });
    } else {
      report(
        ctx,
        'auth-type',
        'unsupported',
        `basic authentication with the users of Secret ${secretRef} was not converted: the paths are now unauthenticated. Envoy's basic_auth filter (EnvoyFilter, Envoy >= 1.29) needs the users inlined and accepts only {SHA} hashes (bcrypt/apr1 entries must be re-hashed)`,
        { advice: 'Add an EnvoyFilter with envoy.filters.http.basic_auth scoped to these routes, or an ext_authz service (AuthorizationPolicy CUSTOM).', tags: ['envoyfilter', 'security'], data: { secret: secretRef } },
      );
    }
    report(ctx, 'auth-secret', 'unsupported', `users of Secret ${secretRef} not migrated (see auth-type)`, { tags: ['security'] });
    const st = ctx.get(k('auth-secret-type'));
    if (st !== undefined) {
      if (st !== 'auth-file' && st !== 'auth-map') report(ctx, 'auth-secret-type', 'error', `"${show(st)}" is not auth-file or auth-map; ingress-nginx denies the location`);
      else report(ctx, 'auth-secret-type', 'unsupported', `${st}: format of the Secret; not migrated (see auth-type)`);
    }
    const realm = ctx.get(k('auth-realm'));
    if (realm !== undefined) report(ctx, 'auth-realm', 'unsupported', `realm "${show(realm)}" of the WWW-Authenticate challenge cannot be set through Istio`);
  },
});
