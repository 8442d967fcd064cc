import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { annotation } from './keys.js';

const ADVICE = 'Istio has no basic auth: put an ext-authz provider in front (AuthorizationPolicy CUSTOM), or re-hash the users as {SHA} for an EnvoyFilter with Envoy\'s basic_auth filter.';

/** Basic auth with crypt(3) hashes: nothing Istio can emit reproduces it. */
export default defineRule({
  meta: {
    id: 'haproxytech/auth',
    controller: 'haproxytech',
    description: 'HTTP basic authentication.',
    keys: [
      ...annotation('auth-type', 'none', 'none (EnvoyFilter basic_auth at best)', ADVICE),
      ...annotation('auth-secret', 'none', 'none (EnvoyFilter basic_auth users, {SHA} only)', 'The Secret holds crypt(3) hashes Envoy cannot check; users must be re-hashed.'),
      ...annotation('auth-realm', 'none', 'none', 'Realm of the basic auth challenge; goes with auth-type.'),
    ],
  },
  create(ctx) {
    reportEach(ctx, (k) => ({ level: 'unsupported', message: 'basic authentication is not converted: requests reach the backend without credentials', advice: ADVICE, tags: ['auth', 'security'] }));
  },
});
