import { defineRule } from '../types.js';
import { k } from './keys.js';

/** The deprecated class annotation; ownership was decided before the rules run. */
export default defineRule({
  meta: {
    id: 'nginx-inc/class',
    controller: 'nginx-inc',
    description: 'Ingress class annotation.',
    keys: [k('kubernetes.io/ingress.class', 'not-applicable', 'none (selects the controller)', 'Used to decide that NGINX Inc owns the Ingress (it wins over spec.ingressClassName); not copied to Istio.', { status: 'deprecated' })],
  },
  create(ctx) {
    const v = ctx.get('kubernetes.io/ingress.class');
    if (v !== undefined) ctx.report({ key: 'kubernetes.io/ingress.class', level: 'ignored', message: `class ${JSON.stringify(v)} selects the controller (${ctx.ingress.owner.reason}); not converted` });
  },
});
