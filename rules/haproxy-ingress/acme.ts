import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { cm, hi } from './keys.js';

const ADVICE = 'Issue gateway certificates with cert-manager (ACME issuer) into the gateway namespace.';

/** Built-in ACME client and certificate signer: replaced by cert-manager, nothing to convert. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/acme',
    controller: 'haproxy-ingress',
    description: 'Built-in ACME certificate management.',
    keys: [
      cm('acme-emails', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('acme-endpoint', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('acme-expiring', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('acme-preferred-chain', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('acme-shared', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('acme-terms-agreed', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('cert-signer', 'none', 'none', ADVICE),
    ],
  },
  create(ctx) {
    reportEach(ctx, () => ({ level: 'ignored', message: 'certificate issuing by the controller: not applicable to Istio', advice: ADVICE, tags: ['certificates'] }));
  },
});
