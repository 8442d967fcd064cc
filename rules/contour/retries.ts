import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { goDuration, istioDuration } from '../common/values.js';
import type { HTTPRetry } from '../../src/istio/types.js';
import { INGRESS_DOCS } from './docs.js';

const RETRY_ON = 'projectcontour.io/retry-on';
const NUM = 'projectcontour.io/num-retries';
const PER_TRY = 'projectcontour.io/per-try-timeout';

/** Envoy retry conditions Contour accepts; Istio passes the same names to Envoy. */
export const RETRY_CONDITIONS = new Set([
  '5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);

/** Contour's num-retries quirk: -1 → 0 retries; 0, 1, other negatives, unparsable → 1; n > 1 → n. */
export function contourAttempts(v: string | undefined): number {
  if (v === undefined) return 1;
  const n = /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (n === -1) return 0;
  if (Number.isNaN(n) || n < 2) return 1;
  return n;
}

/** Builds the retry policy from three keys, shared with the legacy contour.heptio.com/* spellings. */
export function retryPolicy(get: (k: string) => string | undefined, keys: { on: string; num: string; perTry: string }): { retries?: HTTPRetry; notes: Record<string, { level: 'converted' | 'ignored' | 'error'; message: string }> } {
  const notes: Record<string, { level: 'converted' | 'ignored' | 'error'; message: string }> = {};
  const on = get(keys.on);
  const num = get(keys.num);
  const perTry = get(keys.perTry);
  if (on === undefined) {
    if (num !== undefined) notes[keys.num] = { level: 'ignored', message: `no effect without ${keys.on}: Contour does not retry` };
    if (perTry !== undefined) notes[keys.perTry] = { level: 'ignored', message: `no effect without ${keys.on}: Contour does not retry` };
    return { notes };
  }
  const conds = on.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = conds.filter((c) => !RETRY_CONDITIONS.has(c));
  const retries: HTTPRetry = { attempts: contourAttempts(num), retryOn: conds.join(',') };
  notes[keys.on] = unknown.length
    ? { level: 'error', message: `unknown retry condition(s) ${unknown.join(', ')}: Envoy rejects them; copied as written, check the value` }
    : { level: 'converted', message: `retries on ${retries.retryOn}` };
  if (num !== undefined) {
    notes[keys.num] = { level: 'converted', message: `${JSON.stringify(num)} means ${retries.attempts} retr${retries.attempts === 1 ? 'y' : 'ies'} in Contour (-1 = none, 0 and 1 = one)` };
  }
  if (perTry !== undefined) {
    if (perTry === 'infinity' || perTry === 'infinite') {
      notes[keys.perTry] = { level: 'converted', message: 'no per-try timeout (Istio default)' };
    } else {
      const ms = goDuration(perTry);
      if (ms === undefined) notes[keys.perTry] = { level: 'error', message: `not a duration: ${JSON.stringify(perTry)}; Contour ignores it` };
      else if (ms === 0) notes[keys.perTry] = { level: 'converted', message: 'no per-try timeout (0 disables it, as in Istio by default)' };
      else {
        retries.perTryTimeout = istioDuration(ms);
        notes[keys.perTry] = { level: 'converted', message: `per-try timeout ${retries.perTryTimeout}` };
      }
    }
  }
  return { retries, notes };
}

/**
 * Contour retries only when retry-on is set. Without it the engine must write `attempts: 0` to keep
 * parity (Istio retries twice by default); see `routeDefaults` in src/semantics/contour.ts.
 */
export default defineRule({
  meta: {
    id: 'contour/retries',
    controller: 'contour',
    description: 'Retry policy of every route of the Ingress.',
    keys: [
      key(RETRY_ON, 'full', 'VirtualService http[].retries.retryOn', 'Converted: same Envoy retry conditions.', { docs: INGRESS_DOCS }),
      key(NUM, 'full', 'VirtualService http[].retries.attempts', 'Converted with Contour\'s quirk (-1 = no retry, 0 and 1 = one retry); ignored without retry-on.', { docs: INGRESS_DOCS }),
      key(PER_TRY, 'full', 'VirtualService http[].retries.perTryTimeout', 'Converted; ignored without retry-on.', { docs: INGRESS_DOCS }),
    ],
  },
  create(ctx) {
    const { retries, notes } = retryPolicy((k) => ctx.get(k), { on: RETRY_ON, num: NUM, perTry: PER_TRY });
    if (retries) ctx.intents.routePatches.push({ key: RETRY_ON, patch: { retries } });
    for (const [k, n] of Object.entries(notes)) ctx.report({ key: k, level: n.level, message: n.message });
  },
});
