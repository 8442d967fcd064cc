import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { STANDARD_DOCS } from './docs.js';

/**
 * Contour knows the `ingress.kubernetes.io/` prefix but acts on one key only (force-ssl-redirect,
 * see redirect.ts). Other vendors' meaning of the remaining keys must not be imported.
 */
export default defineRule({
  meta: {
    id: 'contour/foreign',
    controller: 'contour',
    description: 'ingress.kubernetes.io/* keys other than force-ssl-redirect, which Contour ignores.',
    keys: [
      key('ingress.kubernetes.io/*', 'not-applicable', 'none', 'Contour ignores every ingress.kubernetes.io/ key except force-ssl-redirect; other controllers\' meaning of the key did not apply.', { docs: STANDARD_DOCS }),
    ],
  },
  create(ctx) {
    for (const k of ctx.presentKeys) {
      if (k === 'ingress.kubernetes.io/force-ssl-redirect') continue;
      ctx.report({ key: k, level: 'ignored', message: 'Contour ignores this key (it reads only ingress.kubernetes.io/force-ssl-redirect under this prefix); not converted', tags: ['foreign-key'] });
    }
  },
});
