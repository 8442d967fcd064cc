import { defineRule } from '../types.js';
import { istioDuration, nginxTime } from '../common/values.js';
import type { HTTPRetry } from '../../src/istio/types.js';
import { k, rejected } from './keys.js';

const NEXT = 'nginx.org/proxy-next-upstream';
const NEXT_TIMEOUT = 'nginx.org/proxy-next-upstream-timeout';
const NEXT_TRIES = 'nginx.org/proxy-next-upstream-tries';

const CONDITIONS: Record<string, string> = {
  error: 'connect-failure,refused-stream,reset',
  timeout: 'reset',
};

/**
 * NGINX's "next upstream": on the listed conditions the request is passed to another server.
 * error → connect-failure/refused-stream/reset; http_5xx → retriable-status-codes; invalid_header has
 * no counterpart; NGINX never retries non-idempotent methods unless `non_idempotent` is listed, Envoy
 * retries any method.
 */
export function nextUpstream(v: string): { retryOn?: string; off: boolean; lost: string[]; nonIdempotent: boolean } {
  const words = v.split(/\s+/).filter(Boolean);
  if (words.includes('off')) return { off: true, lost: [], nonIdempotent: false };
  const on = new Set<string>();
  const codes: string[] = [];
  const lost: string[] = [];
  for (const w of words) {
    const m = /^http_(\d{3})$/.exec(w);
    if (m) codes.push(m[1]!);
    else if (CONDITIONS[w]) CONDITIONS[w]!.split(',').forEach((c) => on.add(c));
    else if (w !== 'non_idempotent') lost.push(w);
  }
  if (codes.length) on.add('retriable-status-codes');
  const retryOn = [...[...on].sort(), ...codes.sort()].join(',');
  return { retryOn: retryOn || undefined, off: false, lost, nonIdempotent: words.includes('non_idempotent') };
}

export default defineRule({
  meta: {
    id: 'nginx-inc/retries',
    controller: 'nginx-inc',
    description: 'Passing failed requests to the next upstream server (retries).',
    keys: [
      k(NEXT, 'partial', 'VirtualService http[].retries.retryOn', 'Converted to Envoy retry conditions; invalid_header has none, and Envoy also retries POST/PATCH.'),
      k(NEXT_TIMEOUT, 'partial', 'VirtualService http[].timeout (all attempts)', 'Istio bounds all attempts with the route timeout; set it to cover the retries.'),
      k(NEXT_TRIES, 'full', 'VirtualService http[].retries.attempts', 'Converted: attempts = tries - 1.'),
    ],
  },
  create(ctx) {
    const v = ctx.get(NEXT);
    const tries = ctx.get(NEXT_TRIES);
    const to = ctx.get(NEXT_TIMEOUT);
    const retries: HTTPRetry = {};
    if (v !== undefined) {
      const r = nextUpstream(v);
      if (r.off) {
        retries.attempts = 0;
        ctx.report({ key: NEXT, level: 'converted', message: 'no retries' });
      } else {
        if (r.retryOn) retries.retryOn = r.retryOn;
        const diffs = [...(r.lost.length ? [`not carried over: ${r.lost.join(' ')}`] : []), ...(r.nonIdempotent ? [] : ['Envoy also retries non-idempotent requests (POST, PATCH) that NGINX never passed on'])];
        ctx.report({ key: NEXT, level: diffs.length ? 'partial' : 'converted', message: `retries on ${r.retryOn ?? 'nothing'}${diffs.length ? `; ${diffs.join('; ')}` : ''}`, tags: r.nonIdempotent ? undefined : ['behaviour-change'] });
      }
    }
    if (tries !== undefined) {
      const n = /^\d+$/.test(tries.trim()) ? Number(tries) : NaN;
      if (Number.isNaN(n)) rejected(ctx, NEXT_TRIES, `not an integer: ${JSON.stringify(tries)}`);
      else if (n === 0) ctx.report({ key: NEXT_TRIES, level: 'partial', message: 'NGINX tried every server (0 = unlimited); Istio\'s default of 2 retries is kept' });
      else {
        if (retries.attempts === undefined) retries.attempts = n - 1;
        ctx.report({ key: NEXT_TRIES, level: 'converted', message: `${n - 1} retr${n - 1 === 1 ? 'y' : 'ies'} (${n} tries in total)` });
      }
    }
    if (to !== undefined) {
      const ms = nginxTime(to);
      if (ms === undefined) rejected(ctx, NEXT_TIMEOUT, `not an NGINX time: ${JSON.stringify(to)}`);
      else ctx.report({ key: NEXT_TIMEOUT, level: ms === 0 ? 'converted' : 'unsupported', message: ms === 0 ? 'no limit on the time spent on retries' : `retries were bounded to ${istioDuration(ms)} in total; Istio bounds them with the route timeout only`, advice: ms === 0 ? undefined : 'Set the route timeout (proxy-read-timeout) to cover all attempts.' });
    }
    if (Object.keys(retries).length) ctx.intents.routePatches.push({ key: v !== undefined ? NEXT : NEXT_TRIES, patch: { retries } });
  },
});
