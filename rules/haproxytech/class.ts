import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { annotation } from './keys.js';

/** The class annotation selected the controller up to 3.1 only; ownership is decided before the rules run. */
export default defineRule({
  meta: {
    id: 'haproxytech/class',
    controller: 'haproxytech',
    description: 'Legacy ingress.class annotation.',
    keys: annotation('ingress.class', 'not-applicable', 'none (selects the controller)', 'Selected the controller up to 3.1; since 3.2 only spec.ingressClassName counts. Not copied to Istio.', { status: 'removed', removedIn: '3.2' }),
  },
  create(ctx) {
    reportEach(ctx, (_k, v) => ({ level: 'ignored', message: `class ${JSON.stringify(v)} selects the controller (read up to 3.1 only); used for ownership, not converted` }));
  },
});
