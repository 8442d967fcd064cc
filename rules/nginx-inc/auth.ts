import { defineRule } from '../types.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { k } from './keys.js';

const BASIC = 'Istio has no basic auth: use an ext-authz provider (AuthorizationPolicy CUSTOM) or re-hash the users as {SHA} for an EnvoyFilter basic_auth filter.';
const POLICIES = 'Translate each referenced Policy by type (access control → AuthorizationPolicy, rate limit → EnvoyFilter, JWT → RequestAuthentication, …) by hand.';

/** Basic auth, JWT (NGINX Plus) and NIC Policy resources. */
export default defineRule({
  meta: {
    id: 'nginx-inc/auth',
    controller: 'nginx-inc',
    description: 'Basic auth, JWT validation and Policy resources.',
    keys: [
      k('nginx.org/basic-auth-secret', 'none', 'none', BASIC),
      k('nginx.org/basic-auth-realm', 'none', 'none', BASIC),
      k('nginx.com/jwt-key', 'partial', 'RequestAuthentication jwtRules[].jwks + AuthorizationPolicy DENY notRequestPrincipals', 'Needs an issuer NIC never asked for; add RequestAuthentication plus a DENY policy for token-less requests by hand.'),
      k('nginx.com/jwt-token', 'partial', 'RequestAuthentication jwtRules[].fromHeaders / fromParams / fromCookies', 'Token location for the RequestAuthentication: $http_x → header x, $arg_x → param x, $cookie_x → cookie x.'),
      k('nginx.com/jwt-realm', 'not-applicable', 'none', NOT_APPLICABLE),
      k('nginx.com/jwt-login-url', 'none', 'none', 'Istio answers 401/403; redirecting to a login page needs an ext-authz service.'),
      k('nginx.org/policies', 'none', 'none', POLICIES),
      k('nginx.com/policies', 'none', 'none', POLICIES),
    ],
  },
  create(ctx) {
    for (const key of ctx.presentKeys) {
      const v = ctx.get(key)!;
      if (key.startsWith('nginx.org/basic-auth')) ctx.report({ key, level: 'unsupported', message: 'basic authentication is not converted: requests reach the backend without credentials', advice: BASIC, tags: ['auth', 'security'] });
      else if (key === 'nginx.com/jwt-key') ctx.report({ key, level: 'unsupported', message: `JWT validation with keys from Secret ${v} is not converted: requests reach the backend without token checks`, advice: 'Add a RequestAuthentication (jwks from the Secret, plus the issuer) and an AuthorizationPolicy denying requests without a principal.', tags: ['auth', 'security'] });
      else if (key === 'nginx.com/jwt-token') {
        const m = /^\$(http|arg|cookie)_(\w+)$/.exec(v.trim());
        ctx.report({ key, level: 'unsupported', message: `token taken from ${m ? `${m[1] === 'http' ? 'header' : m[1] === 'arg' ? 'query parameter' : 'cookie'} ${m[1] === 'http' ? m[2]!.replace(/_/g, '-') : m[2]}` : JSON.stringify(v)}; goes with jwt-key, which is not converted`, advice: 'Use it as fromHeaders/fromParams/fromCookies in the RequestAuthentication.', tags: ['auth'] });
      } else if (key === 'nginx.com/jwt-realm') ctx.report({ key, level: 'ignored', message: 'not applicable to Istio' });
      else if (key === 'nginx.com/jwt-login-url') ctx.report({ key, level: 'unsupported', message: `clients without a valid token are no longer redirected to ${v}`, advice: 'Let an ext-authz service answer with the redirect.', tags: ['auth'] });
      else ctx.report({ key, level: 'unsupported', message: `Policy resources ${v} are not converted`, advice: POLICIES, tags: ['security'] });
    }
  },
});
