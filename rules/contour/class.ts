import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { CLASS_DOCS, STANDARD_DOCS } from './docs.js';

/**
 * Class selection and other metadata Contour reads (or deliberately ignores). Ownership was decided
 * before the rule runs; here each key only gets its finding.
 */
export default defineRule({
  meta: {
    id: 'contour/class',
    controller: 'contour',
    description: 'Ingress class selection and metadata keys with no meaning in Istio.',
    keys: [
      key('kubernetes.io/ingress.class', 'not-applicable', 'none (selects the controller)', 'Used to decide that Contour owns the Ingress (it wins over spec.ingressClassName); not copied to Istio.', { docs: CLASS_DOCS }),
      key('projectcontour.io/ingress.class', 'not-applicable', 'none (selects the controller)', 'Contour-specific class selector, checked before kubernetes.io/ingress.class; not copied to Istio.', { docs: CLASS_DOCS }),
      key('kubernetes.io/ingress.global-static-ip-name', 'not-applicable', 'none (cloud load balancer setting)', 'GCE load balancer setting that Contour never reads; set the address on the gateway Service instead if needed.', { docs: STANDARD_DOCS }),
      key('projectcontour.io/generated-by-version', 'not-applicable', 'none (Secret bookkeeping)', 'Written by Contour on certificate Secrets it generates; nothing to migrate.', { docs: CLASS_DOCS }),
    ],
  },
  create(ctx) {
    for (const k of ctx.presentKeys) {
      const message =
        k === 'kubernetes.io/ingress.global-static-ip-name'
          ? 'Contour does not read this key; it had no effect on routing'
          : k === 'projectcontour.io/generated-by-version'
            ? 'bookkeeping label of Contour-generated Secrets; no effect on routing'
            : `class selector ${JSON.stringify(ctx.get(k))}: used only to decide the owner (${ctx.ingress.owner.reason})`;
      ctx.report({ key: k, level: 'ignored', message });
    }
  },
});
