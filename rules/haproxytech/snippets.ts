import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE, key } from '../common/meta.js';
import { PREFIXES, annotation, configMap, docs } from './keys.js';

const ADVICE = 'Raw HAProxy configuration cannot be translated; rewrite what it does with Istio resources (or an EnvoyFilter) by hand.';

/** Raw HAProxy configuration (snippets, custom annotations, CRs): never translated. */
export default defineRule({
  meta: {
    id: 'haproxytech/snippets',
    controller: 'haproxytech',
    description: 'Config snippets, custom backend/frontend annotations and HAProxy configuration CRs.',
    keys: [
      configMap('global-config-snippet', 'none', 'none', ADVICE),
      configMap('frontend-config-snippet', 'none', 'none', ADVICE),
      configMap('stats-config-snippet', 'not-applicable', 'none', NOT_APPLICABLE),
      ...annotation('backend-config-snippet', 'none', 'none', ADVICE),
      ...PREFIXES.flatMap((p, i) =>
        ['backend', 'frontend'].map((kind) => key(`${p}${kind}.*`, 'none', 'none', 'Custom annotations validated by a ValidationRules CR behave like snippets; rewrite them by hand.', { docs: docs('custom-annotations'), ...(i ? { status: 'alias' as const } : {}) })),
      ),
      configMap('cr-global', 'not-applicable', 'none', NOT_APPLICABLE),
      configMap('cr-defaults', 'none', 'none', ADVICE),
      ...annotation('cr-backend', 'none', 'none', 'A Backend CR replaces all backend annotations; translate its settings by hand.'),
      configMap('cr-frontend-http', 'none', 'none', ADVICE),
      configMap('cr-frontend-https', 'none', 'none', ADVICE),
      configMap('cr-frontend-stats', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    reportEach(ctx, (k) => ({
      level: 'unsupported',
      message: /cr-backend$/.test(k) ? 'the Backend CR replaced every backend annotation of this Ingress; its settings are not converted' : 'raw HAProxy configuration is not converted',
      advice: ADVICE,
      tags: ['snippet'],
    }));
  },
});
