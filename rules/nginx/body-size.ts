/**
 * proxy-body-size (nginx default 1m, Istio unlimited) → Envoy buffer filter via EnvoyFilter, and
 * proxy-request-buffering (nginx buffers by default, Envoy streams).
 */
import { defineNginxRule, k, key, nginxSize, refOf, report, show } from './common.js';
import { gatewayHosts, perHostConfig, sharedFilter } from './envoyfilter.js';

const FILTER = 'envoy.filters.http.buffer';
export const SHARED_BUFFER_FILTER = 'ingress2istio-buffer';
const UINT32_MAX = 4294967295;

export default defineNginxRule({
  meta: {
    id: 'nginx/body-size',
    controller: 'ingress-nginx',
    description: 'Request body size limit and request buffering.',
    keys: [
      key('proxy-body-size', 'partial', 'EnvoyFilter envoy.filters.http.buffer max_request_bytes', "Converted with a buffer filter per host (EnvoyFilter): bodies are buffered whole; without it Istio accepts any size.", { docs: 'custom-max-body-size' }),
      key('proxy-request-buffering', 'partial', "n/a (Envoy streams; 'on' would need a buffer filter)", "'off' is Envoy's streaming behaviour; 'on' is not reproduced.", { docs: 'proxy-request-buffering' }),
    ],
  },
  create(ctx) {
    const raw = ctx.get(k('proxy-body-size'));
    if (raw !== undefined) {
      const bytes = nginxSize(raw);
      const hosts = gatewayHosts(ctx);
      if (bytes === undefined) {
        report(ctx, 'proxy-body-size', 'error', `"${show(raw)}" is not an nginx size (digits with optional k/m/g); nginx rejects the configuration`);
      } else if (bytes === 0) {
        report(ctx, 'proxy-body-size', 'converted', '0: no body size limit (Istio has none either)');
      } else if (!ctx.options.envoyFilters) {
        report(ctx, 'proxy-body-size', 'unsupported', `nginx rejects bodies over ${raw} (${bytes} bytes) with 413; Istio accepts any size and EnvoyFilters are disabled (--no-envoyfilter)`, {
          tags: ['behaviour-change', 'envoyfilter'],
          advice: 'Enable EnvoyFilters or limit the body size in the application.',
        });
      } else if (hosts.length === 0) {
        report(ctx, 'proxy-body-size', 'unsupported', `nginx rejects bodies over ${raw}; the Ingress has no host to scope a buffer filter to, nothing emitted`, { tags: ['envoyfilter'] });
      } else {
        const max = Math.min(bytes, UINT32_MAX);
        const shared = sharedFilter(ctx, SHARED_BUFFER_FILTER, {
          name: FILTER,
          disabled: true,
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer', max_request_bytes: 1048576 },
        });
        const perHost = perHostConfig(ctx, 'body-size', FILTER, {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.buffer.v3.BufferPerRoute',
          buffer: { max_request_bytes: max },
        })!;
        ctx.intents.resources.push({ key: k('proxy-body-size'), resource: shared }, { key: k('proxy-body-size'), resource: perHost });
        report(
          ctx,
          'proxy-body-size',
          'partial',
          `bodies over ${raw} (${max} bytes) get 413 through an Envoy buffer filter on ${hosts.join(', ')} (all paths of the host); difference: the buffer filter holds the whole body before forwarding (no streaming uploads)${max < bytes ? `; capped at ${UINT32_MAX} bytes` : ''}`,
          { istio: [refOf(shared), refOf(perHost)], tags: ['behaviour-change', 'envoyfilter'], advice: 'EnvoyFilters are version-sensitive: re-test on Istio upgrades.' },
        );
      }
    }
    const rb = ctx.get(k('proxy-request-buffering'));
    if (rb !== undefined) {
      if (rb === 'off') report(ctx, 'proxy-request-buffering', 'converted', 'request bodies are streamed to the backend (Envoy default)');
      else if (rb === 'on') report(ctx, 'proxy-request-buffering', 'partial', 'nginx buffers the whole request body before contacting the backend; Envoy streams it (slow clients now hold a backend connection)', { tags: ['behaviour-change'] });
      else report(ctx, 'proxy-request-buffering', 'error', `"${show(rb)}" is not on/off`);
    }
  },
});
