import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { INGRESS_DOCS } from './docs.js';

const WS = 'projectcontour.io/websocket-routes';

/**
 * Contour allows the websocket upgrade only on the listed paths; Istio's gateway upgrades
 * websockets on every route, which is broader but never breaks a listed path.
 */
export default defineRule({
  meta: {
    id: 'contour/websocket',
    controller: 'contour',
    description: 'Websocket upgrade per path.',
    keys: [key(WS, 'full', 'none needed (Istio allows websocket upgrades on every route)', 'Nothing to do: Istio upgrades websockets on every route.', { docs: INGRESS_DOCS })],
  },
  create(ctx) {
    const v = ctx.get(WS);
    if (v === undefined) return;
    const listed = v.split(',').map((s) => s.trim()).filter(Boolean);
    const paths = new Set(ctx.ingress.rules.flatMap((r) => r.paths.map((p) => p.path)));
    const unknown = listed.filter((p) => !paths.has(p));
    const others = [...paths].filter((p) => !listed.includes(p)).sort();
    let message = `websocket upgrades allowed on ${listed.join(', ') || 'no path'}`;
    if (others.length) message += `; Istio also allows them on ${others.join(', ')} (Contour refused them there)`;
    ctx.report({ key: WS, level: 'converted', message, tags: others.length ? ['broader'] : undefined });
    if (unknown.length) ctx.report({ key: WS, level: 'error', message: `listed path(s) ${unknown.join(', ')} are not paths of this Ingress; Contour matched them against nothing` });
  },
});
