/**
 * proxy-next-upstream, proxy-next-upstream-tries, proxy-next-upstream-timeout → VirtualService
 * retries. nginx: `error timeout` × 3 tries by default (ConfigMap), never retrying non-idempotent
 * requests unless `non_idempotent`; `off` or 1 try disables retries → `attempts: 0`.
 */
import type { HTTPRetry } from '../../src/istio/types.js';
import type { RuleContext } from '../types.js';
import { defineNginxRule, goInt, k, key, readInt, report, show } from './common.js';

const RETRY_ON: Record<string, string[]> = {
  error: ['connect-failure', 'refused-stream', 'reset'],
  timeout: ['reset'],
  invalid_header: ['reset'],
  http_500: ['500'],
  http_502: ['502'],
  http_503: ['503'],
  http_504: ['504'],
  http_403: ['403'],
  http_404: ['404'],
  http_429: ['429'],
  non_idempotent: [],
  off: [],
};

function tokensOf(v: string): string[] {
  return v.split(/\s+/).filter((t) => t !== '');
}

function effectiveTokens(ctx: RuleContext): { tokens: string[]; invalid: string[] } {
  const v = ctx.get(k('proxy-next-upstream')) ?? ctx.options.nginxConfig['proxy-next-upstream'] ?? 'error timeout';
  const tokens = tokensOf(v);
  return { tokens: tokens.filter((t) => t in RETRY_ON), invalid: tokens.filter((t) => !(t in RETRY_ON)) };
}

export default defineNginxRule({
  meta: {
    id: 'nginx/retries',
    controller: 'ingress-nginx',
    description: 'Upstream retries (proxy_next_upstream).',
    keys: [
      key('proxy-next-upstream', 'partial', 'VirtualService.http[].retries.retryOn', "error → connect-failure,refused-stream,reset; timeout → reset; http_5xx → codes; off → attempts 0. Envoy also retries non-idempotent requests.", { docs: 'custom-timeouts' }),
      key('proxy-next-upstream-timeout', 'partial', 'VirtualService.http[].timeout (bounds all attempts)', 'Not converted: no field bounds the retry time alone; the route timeout bounds the whole request.', { docs: 'custom-timeouts' }),
      key('proxy-next-upstream-tries', 'full', 'VirtualService.http[].retries.attempts', 'attempts = tries - 1 (3 → 2); 0 (unlimited) has no equivalent.', { docs: 'custom-timeouts' }),
    ],
  },
  create(ctx) {
    const cfg = ctx.options.nginxConfig;
    const { tokens, invalid } = effectiveTokens(ctx);
    const nuRaw = ctx.get(k('proxy-next-upstream'));
    if (nuRaw !== undefined && invalid.length) {
      report(ctx, 'proxy-next-upstream', 'error', `unknown condition(s) ${invalid.map((i) => `"${show(i)}"`).join(', ')}; nginx rejects the directive`);
    }
    const cfgTries = goInt(cfg['proxy-next-upstream-tries'] ?? '') ?? 3;
    const triesRaw = readInt(ctx, 'proxy-next-upstream-tries', `ConfigMap proxy-next-upstream-tries, ${cfgTries}`, 0);
    const tries = triesRaw ?? cfgTries;
    const off = tokens.includes('off') || tokens.length === 0 || tries === 1;

    const retries: HTTPRetry = {};
    if (off) retries.attempts = 0;
    else {
      retries.attempts = tries === 0 ? 2 : tries - 1;
      const on: string[] = [];
      for (const t of tokens) for (const e of RETRY_ON[t]!) if (!on.includes(e)) on.push(e);
      if (on.length) retries.retryOn = on.join(',');
    }
    if (nuRaw !== undefined || triesRaw !== undefined) {
      ctx.intents.routePatches.push({ key: k(nuRaw !== undefined ? 'proxy-next-upstream' : 'proxy-next-upstream-tries'), patch: { retries } });
    }

    const nonIdem = tokens.includes('non_idempotent');
    if (nuRaw !== undefined && !(invalid.length && tokens.length === 0)) {
      if (off) {
        report(ctx, 'proxy-next-upstream', 'converted', `retries disabled (retries.attempts: 0; Istio would otherwise retry 2 times by default)`);
      } else {
        const diffs: string[] = [];
        if (!nonIdem) diffs.push('Envoy also retries non-idempotent requests (POST, PATCH, LOCK) that nginx never re-sends without non_idempotent');
        if (tokens.includes('timeout')) diffs.push('nginx "timeout" retries after its connect/read timeout; Envoy retries on resets (set perTryTimeout for per-attempt timeouts)');
        if (tokens.includes('invalid_header')) diffs.push('invalid_header approximated by reset');
        report(ctx, 'proxy-next-upstream', 'partial', `retries.retryOn "${retries.retryOn ?? ''}", attempts ${retries.attempts}; differences: ${diffs.join('; ') || 'none known'}`, {
          tags: nonIdem ? [] : ['behaviour-change'],
        });
      }
    }
    if (triesRaw !== undefined) {
      if (off && triesRaw === 1) report(ctx, 'proxy-next-upstream-tries', 'converted', '1 try: retries disabled (attempts: 0)');
      else if (off) report(ctx, 'proxy-next-upstream-tries', 'ignored', 'no effect: proxy-next-upstream is off');
      else if (triesRaw === 0)
        report(ctx, 'proxy-next-upstream-tries', 'partial', '0 means unlimited tries in nginx (bounded by the number of endpoints); Istio needs a number, 2 retries are used', {
          advice: 'Set an explicit number of tries.',
        });
      else report(ctx, 'proxy-next-upstream-tries', 'converted', `${triesRaw} tries → retries.attempts ${triesRaw - 1}`);
    }
    const timeout = readInt(ctx, 'proxy-next-upstream-timeout', `ConfigMap proxy-next-upstream-timeout, ${cfg['proxy-next-upstream-timeout'] ?? '0'}`, 0);
    if (timeout !== undefined) {
      if (timeout === 0) report(ctx, 'proxy-next-upstream-timeout', 'converted', '0: no limit on the time spent retrying (Istio has none either)');
      else
        report(ctx, 'proxy-next-upstream-timeout', 'unsupported', `nginx stops retrying after ${timeout}s; Istio has no retry-time budget (only the route timeout bounds the whole request), so nothing was emitted`, {
          advice: 'Set the route timeout or retries.perTryTimeout by hand if the bound matters.',
        });
    }
  },
});
