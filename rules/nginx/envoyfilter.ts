/**
 * EnvoyFilter building blocks shared by rate-limit.ts and body-size.ts: a filter inserted once
 * into the gateway's HTTP chain (a shared, identical object for every Ingress) and enabled per
 * virtual host (`<host>:<port>` on an Istio gateway) with typed_per_filter_config.
 * EnvoyFilters are version-sensitive: every finding that relies on them is tagged `envoyfilter`.
 */
import type { IstioResource, EnvoyFilterSpec } from '../../src/istio/types.js';
import type { RuleContext } from '../types.js';
import { MANAGED_BY_LABEL, envoyFilter, hasCatchAll, ingressHosts, objectName } from './common.js';

const HCM_ROUTER = {
  context: 'GATEWAY',
  listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } },
} as const;

/** Gateway server ports whose virtual hosts are patched. */
export const GATEWAY_PORTS = [80, 443];

/** The shared EnvoyFilter inserting `filter` (disabled unless a route/vhost enables it). */
export function sharedFilter(ctx: RuleContext, name: string, filter: Record<string, unknown>): IstioResource<'EnvoyFilter', EnvoyFilterSpec> {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name, namespace: ctx.options.gatewayNamespace, labels: { [MANAGED_BY_LABEL]: 'ingress2istio' } },
    spec: {
      workloadSelector: { labels: { ...ctx.options.gatewaySelector } },
      configPatches: [{ applyTo: 'HTTP_FILTER', match: HCM_ROUTER, patch: { operation: 'INSERT_BEFORE', value: filter } }],
    },
  };
}

/**
 * Virtual hosts of the Ingress on the gateway: its hosts, plus `*` (the catch-all virtual host,
 * which like nginx's `_` server only gets requests no other host claims) for rules without host.
 */
export function gatewayHosts(ctx: RuleContext): string[] {
  return [...ingressHosts(ctx), ...(hasCatchAll(ctx) ? ['*'] : [])];
}

/** Per-Ingress EnvoyFilter enabling `filterName` with `config` on the virtual hosts of the Ingress's hosts. */
export function perHostConfig(ctx: RuleContext, purpose: string, filterName: string, config: Record<string, unknown>): IstioResource<'EnvoyFilter', EnvoyFilterSpec> | undefined {
  const hosts = gatewayHosts(ctx);
  if (hosts.length === 0) return undefined;
  const configPatches: NonNullable<EnvoyFilterSpec['configPatches']> = [];
  for (const h of hosts)
    for (const port of GATEWAY_PORTS)
      configPatches.push({
        applyTo: 'VIRTUAL_HOST',
        match: { context: 'GATEWAY' as const, routeConfiguration: { vhost: { name: `${h}:${port}` } } },
        patch: { operation: 'MERGE', value: { typed_per_filter_config: { [filterName]: config } } },
      });
  return envoyFilter(ctx, objectName(ctx, purpose), { configPatches });
}
