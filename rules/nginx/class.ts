/** The legacy class annotation: it selects the controller, it does not configure routing. */
import { defineNginxRule, key, report, show } from './common.js';

export default defineNginxRule({
  appliesToCanary: true,
  appliesToPassthrough: true,
  meta: {
    id: 'nginx/class',
    controller: 'ingress-nginx',
    description: 'kubernetes.io/ingress.class: controller selection, used to decide ownership.',
    keys: [
      key(
        'kubernetes.io/ingress.class',
        'not-applicable',
        'n/a (input selection)',
        'Used to decide which Ingresses ingress-nginx owned; drop it from the migrated manifests (spec.ingressClassName replaces it).',
        { status: 'deprecated', docs: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation' },
      ),
    ],
  },
  create(ctx) {
    const v = ctx.get('kubernetes.io/ingress.class') ?? '';
    report(ctx, 'kubernetes.io/ingress.class', 'ignored', `class "${show(v)}" selects the controller (${ctx.ingress.owner.reason}); nothing to convert`);
  },
});
