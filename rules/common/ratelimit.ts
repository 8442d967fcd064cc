/**
 * Local (per gateway pod) rate limits as an EnvoyFilter: the local_ratelimit HTTP filter is inserted
 * disabled, and enabled with a token bucket on the virtual hosts of the Ingress's hosts.
 */
import type { EnvoyFilter } from '../../src/istio/types.js';
import type { Ingress } from '../../src/model/ingress.js';
import type { ConvertOptions } from '../../src/model/options.js';
import { MANAGED_BY, gatewayObjectMeta } from './names.js';

const LRL = 'envoy.filters.http.local_ratelimit';
const LRL_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

export interface LocalRateLimit {
  /** Requests allowed per fill interval. */
  tokens: number;
  fillIntervalMs: number;
  /** HTTP status returned when limited (Envoy default 429). */
  status?: number;
  /** Extra tokens on top of `tokens` (burst). */
  burst?: number;
  /** Count but do not enforce. */
  dryRun?: boolean;
}

/**
 * The gateway-wide part: inserts the local_ratelimit filter, disabled unless a virtual host enables it.
 * Every rule that limits rates emits this same object (same name, same bytes); the engine keeps one.
 */
export function localRateLimitBase(opts: ConvertOptions): EnvoyFilter {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name: 'ingress2istio-local-ratelimit', namespace: opts.gatewayNamespace, labels: { ...MANAGED_BY } },
    spec: {
      workloadSelector: { labels: { ...opts.gatewaySelector } },
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: { context: 'GATEWAY', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } } },
          patch: { operation: 'INSERT_BEFORE', value: { name: LRL, typed_config: { '@type': LRL_TYPE, stat_prefix: 'ingress2istio_local_rate_limit' } } },
        },
      ],
    },
  };
}

/** The per-Ingress part: a token bucket on the virtual hosts (`host:80`, `host:443`) of the Ingress's hosts. */
export function localRateLimitFilter(ing: Ingress, opts: ConvertOptions, purpose: string, limit: LocalRateLimit): EnvoyFilter {
  const hosts = [...new Set(ing.rules.map((r) => r.host ?? '*'))].sort();
  const bucket: Record<string, unknown> = {
    '@type': LRL_TYPE,
    stat_prefix: 'ingress2istio_local_rate_limit',
    token_bucket: { max_tokens: limit.tokens + (limit.burst ?? 0), tokens_per_fill: limit.tokens, fill_interval: `${limit.fillIntervalMs / 1000}s` },
    filter_enabled: { runtime_key: 'ingress2istio_lrl_enabled', default_value: { numerator: 100, denominator: 'HUNDRED' } },
    filter_enforced: { runtime_key: 'ingress2istio_lrl_enforced', default_value: { numerator: limit.dryRun ? 0 : 100, denominator: 'HUNDRED' } },
  };
  if (limit.status && limit.status !== 429) bucket.status = { code: limit.status };
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: gatewayObjectMeta(ing, opts, purpose),
    spec: {
      workloadSelector: { labels: { ...opts.gatewaySelector } },
      configPatches: hosts.flatMap((h) =>
        [80, 443].map((port) => ({
          applyTo: 'VIRTUAL_HOST',
          match: { context: 'GATEWAY', routeConfiguration: { vhost: { name: `${h}:${port}` } } },
          patch: { operation: 'MERGE', value: { typed_per_filter_config: { [LRL]: bucket } } },
        })),
      ),
    },
  };
}
