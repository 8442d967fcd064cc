import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { goDuration, istioDuration } from '../common/values.js';
import { INGRESS_DOCS } from './docs.js';

const RESPONSE = 'projectcontour.io/response-timeout';
const REQUEST = 'projectcontour.io/request-timeout';

/**
 * `infinity`/`infinite` (and a zero duration, which Envoy also reads as "no timeout") → 'none';
 * Go duration → Istio duration; else undefined.
 */
export function contourTimeout(v: string): string | 'none' | undefined {
  if (v === 'infinity' || v === 'infinite') return 'none';
  const ms = goDuration(v);
  if (ms === undefined) return undefined;
  return ms === 0 ? 'none' : istioDuration(ms);
}

/**
 * Contour's route timeout. `response-timeout` wins; `request-timeout` is the undocumented but still
 * read fallback. Without either, Contour inherits Envoy's 15 s (the engine writes it out, see
 * `routeDefaults` in src/semantics/contour.ts). An unparsable value falls back to that default.
 */
export default defineRule({
  meta: {
    id: 'contour/timeouts',
    controller: 'contour',
    description: 'Route (response) timeout.',
    keys: [
      key(RESPONSE, 'full', 'VirtualService http[].timeout', 'Converted; "infinity" disables the timeout.', { docs: INGRESS_DOCS }),
      key(REQUEST, 'full', 'VirtualService http[].timeout', 'Undocumented fallback for response-timeout; rename it to response-timeout if you stay on Contour.', { docs: INGRESS_DOCS, status: 'deprecated' }),
    ],
  },
  create(ctx) {
    const resp = ctx.get(RESPONSE);
    const req = ctx.get(REQUEST);
    const effective = resp !== undefined ? RESPONSE : REQUEST;
    if (resp !== undefined && req !== undefined) ctx.report({ key: REQUEST, level: 'ignored', message: `${RESPONSE} is set and wins` });
    const v = ctx.get(effective);
    if (v === undefined) return;
    const t = contourTimeout(v);
    if (t === undefined) {
      ctx.report({ key: effective, level: 'error', message: `not a duration: ${JSON.stringify(v)}; Contour ignores it and keeps Envoy's 15s route timeout` });
      return;
    }
    if (t === 'none') {
      // Istio rejects timeout 0s; having no timeout field means no timeout (this also drops the 15s Contour default).
      ctx.intents.routeTransforms.push({ key: effective, apply: (route) => void delete route.timeout });
      ctx.report({ key: effective, level: 'converted', message: 'no route timeout' });
      return;
    }
    ctx.intents.routePatches.push({ key: effective, patch: { timeout: t } });
    ctx.report({ key: effective, level: 'converted', message: `route timeout ${t}` });
  },
});
