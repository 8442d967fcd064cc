import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { k } from './keys.js';

const SNIPPET = 'Raw NGINX configuration cannot be translated; rebuild what it does with Istio resources or an EnvoyFilter by hand.';
const WAF = 'NGINX App Protect has no Istio counterpart; use a WAF in front of the gateway or a Wasm/ext-authz WAF.';

/** Snippets, custom error pages and App Protect: never translated. */
export default defineRule({
  meta: {
    id: 'nginx-inc/snippets',
    controller: 'nginx-inc',
    description: 'Snippets, custom error pages and App Protect (WAF, DoS).',
    keys: [
      k('nginx.org/location-snippets', 'none', 'none', SNIPPET),
      k('nginx.org/server-snippets', 'none', 'none', SNIPPET),
      k('nginx.org/custom-http-errors', 'none', 'none', 'Custom error pages need an EnvoyFilter (local_reply_config / custom_response); not generated.'),
      k('appprotect.f5.com/app-protect-enable', 'none', 'none', WAF),
      k('appprotect.f5.com/app-protect-policy', 'none', 'none', WAF),
      k('appprotect.f5.com/app-protect-security-log-enable', 'none', 'none', WAF),
      k('appprotect.f5.com/app-protect-security-log', 'none', 'none', WAF),
      k('appprotect.f5.com/app-protect-security-log-destination', 'none', 'none', WAF),
      k('appprotectdos.f5.com/app-protect-dos-resource', 'none', 'none', WAF),
    ],
  },
  create(ctx) {
    reportEach(ctx, (key) => {
      if (key.endsWith('-snippets')) return { level: 'unsupported', message: 'raw NGINX configuration is not converted (NIC also rejects it unless snippets are enabled)', advice: SNIPPET, tags: ['snippet'] };
      if (key === 'nginx.org/custom-http-errors') return { level: 'unsupported', message: 'custom error pages are not converted; Envoy\'s default error bodies are sent', advice: 'Use an EnvoyFilter with local_reply_config or the custom_response filter.', tags: ['envoyfilter'] };
      return { level: 'unsupported', message: 'App Protect (NGINX Plus) is not converted: requests reach the backend without WAF/DoS protection', advice: WAF, tags: ['security'] };
    });
  },
});
