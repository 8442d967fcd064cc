import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { cm, hi } from './keys.js';

const ADVICE = 'Raw HAProxy configuration and WAF (ModSecurity/Coraza) cannot be translated; rebuild the behaviour with Istio resources, an EnvoyFilter or a Wasm/ext-authz WAF by hand.';

/** Config snippets and WAF: never translated. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/snippets',
    controller: 'haproxy-ingress',
    description: 'Configuration snippets and WAF.',
    keys: [
      ...hi('config-backend', 'none', 'none', ADVICE),
      ...hi('config-backend-early', 'none', 'none', ADVICE),
      ...hi('config-backend-late', 'none', 'none', ADVICE),
      cm('config-defaults', 'none', 'none', ADVICE),
      cm('config-frontend', 'none', 'none', ADVICE),
      cm('config-frontend-early', 'none', 'none', ADVICE),
      cm('config-frontend-late', 'none', 'none', ADVICE),
      cm('config-global', 'none', 'none', ADVICE),
      cm('config-peers', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('config-proxy', 'none', 'none', ADVICE),
      cm('config-sections', 'none', 'none', ADVICE),
      cm('config-tcp', 'none', 'none', ADVICE),
      ...hi('config-tcp-service', 'none', 'none', ADVICE),
      cm('modsecurity-args', 'none', 'none', ADVICE),
      cm('modsecurity-endpoints', 'none', 'none', ADVICE),
      cm('modsecurity-timeout-connect', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('modsecurity-timeout-hello', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('modsecurity-timeout-idle', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('modsecurity-timeout-processing', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('modsecurity-timeout-server', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('modsecurity-use-coraza', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('waf', 'none', 'none', ADVICE),
      ...hi('waf-mode', 'none', 'none', ADVICE),
    ],
  },
  create(ctx) {
    reportEach(ctx, (k) => ({ level: 'unsupported', message: /waf/.test(k) ? 'WAF inspection is not converted: requests reach the backend unfiltered' : 'raw HAProxy configuration is not converted', advice: ADVICE, tags: /waf/.test(k) ? ['snippet', 'security'] : ['snippet'] }));
  },
});
