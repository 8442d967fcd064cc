/**
 * Annotations ingress-nginx removed. The current controller ignores them, so they had no effect
 * on a live cluster; they are reported, never converted (converting would turn on behaviour the
 * cluster did not have).
 */
import { defineNginxRule, key, report, k } from './common.js';

interface Removed {
  name: string;
  in: string;
  /** What replaced it, or what to do. */
  then: string;
}

const REMOVED: Removed[] = [
  { name: 'secure-backends', in: 'v0.21.0', then: 'Successor: backend-protocol: "HTTPS".' },
  { name: 'grpc-backend', in: 'v0.21.0', then: 'Successor: backend-protocol: "GRPC".' },
  { name: 'upstream-max-fails', in: 'v0.21.0', then: 'Nearest Istio concept: DestinationRule outlierDetection; add it only if the behaviour is wanted.' },
  { name: 'upstream-fail-timeout', in: 'v0.21.0', then: 'Nearest Istio concept: DestinationRule outlierDetection; add it only if the behaviour is wanted.' },
  { name: 'add-base-url', in: 'v0.22.0', then: 'Remove it.' },
  { name: 'base-url-scheme', in: 'v0.22.0', then: 'Remove it.' },
  { name: 'session-cookie-hash', in: 'v0.24.0', then: 'Remove it.' },
  { name: 'vts-filter-key', in: 'v0.16.0', then: 'Istio metrics come from the proxies; remove it.' },
  { name: 'lua-resty-waf', in: 'v0.27.0', then: 'A WAF in Istio needs a WasmPlugin (e.g. Coraza); remove it.' },
  { name: 'lua-resty-waf-debug', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'lua-resty-waf-ignore-rulesets', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'lua-resty-waf-extra-rules', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'lua-resty-waf-allow-unknown-content-types', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'lua-resty-waf-score-threshold', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'lua-resty-waf-process-multipart-body', in: 'v0.27.0', then: 'Remove it.' },
  { name: 'secure-verify-ca-secret', in: 'v0.27.0', then: 'Successor: proxy-ssl-secret + proxy-ssl-verify.' },
  { name: 'mirror-uri', in: 'v0.29.0', then: 'Successor: mirror-target.' },
  { name: 'enable-influxdb', in: 'v1.7.1', then: 'Use Istio telemetry; remove it.' },
  { name: 'influxdb-measurement', in: 'v1.7.1', then: 'Remove it.' },
  { name: 'influxdb-port', in: 'v1.7.1', then: 'Remove it.' },
  { name: 'influxdb-host', in: 'v1.7.1', then: 'Remove it.' },
  { name: 'influxdb-server-name', in: 'v1.7.1', then: 'Remove it.' },
  { name: 'enable-opentracing', in: 'v1.10.0', then: 'Successor: enable-opentelemetry (Istio Telemetry tracing).' },
  { name: 'opentracing-trust-incoming-span', in: 'v1.10.0', then: 'Successor: opentelemetry-trust-incoming-span.' },
  { name: 'global-rate-limit', in: 'v1.12.0', then: 'If a global limit is still wanted, configure Envoy global rate limiting (ratelimit service) by hand.' },
  { name: 'global-rate-limit-window', in: 'v1.12.0', then: 'Remove it.' },
  { name: 'global-rate-limit-key', in: 'v1.12.0', then: 'Remove it.' },
  { name: 'global-rate-limit-ignored-cidrs', in: 'v1.12.0', then: 'Remove it.' },
];

export const removedMessage = (version: string) => `removed in ${version}, had no effect on the live controller; not converted`;

export default defineNginxRule({
  appliesToCanary: true,
  appliesToPassthrough: true,
  meta: {
    id: 'nginx/removed',
    controller: 'ingress-nginx',
    description: 'Annotations removed from ingress-nginx: reported as stale, never converted.',
    keys: REMOVED.map((r) =>
      key(r.name, 'not-applicable', 'n/a (ignored by current ingress-nginx)', `Removed in ${r.in}. ${r.then}`, {
        status: 'removed',
        removedIn: r.in,
        docs: 'https://github.com/kubernetes/ingress-nginx/blob/main/Changelog.md',
      }),
    ),
  },
  create(ctx) {
    for (const r of REMOVED) {
      if (!ctx.has(k(r.name))) continue;
      report(ctx, r.name, 'ignored', removedMessage(r.in), { advice: r.then, tags: ['removed'] });
    }
  },
});
