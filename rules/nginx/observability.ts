/** Access log and tracing switches: Istio configures them per workload (Telemetry API), not per route. */
import { defineNginxRule, goBool, k, key, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/observability',
    controller: 'ingress-nginx',
    description: 'Access logging and OpenTelemetry tracing.',
    keys: [
      key('enable-access-log', 'partial', 'Telemetry accessLogging (workload scope; filter only in v1alpha1)', 'Per-route switches need a Telemetry accessLogging filter on host/path.', { docs: 'enable-access-log' }),
      key('enable-opentelemetry', 'partial', 'Telemetry tracing (workload/namespace scope)', 'Configure tracing on the gateway with the Telemetry API; per-route opt-in/out is not possible.', { docs: 'enable-opentelemetry' }),
      key('opentelemetry-trust-incoming-span', 'partial', 'n/a (Envoy continues incoming traces)', "'true' is Istio's behaviour; 'false' has no Istio switch.", { docs: 'opentelemetry-trust-incoming-span' }),
      key('opentelemetry-operation-name', 'none', 'none', 'Istio names spans itself.', { docs: 'enable-opentelemetry' }),
    ],
  },
  create(ctx) {
    const bool = (n: string): boolean | 'invalid' | undefined => {
      const v = ctx.get(k(n));
      if (v === undefined) return undefined;
      const b = goBool(v);
      if (b === undefined) {
        report(ctx, n, 'error', `"${show(v)}" is not a boolean; ingress-nginx uses the default`);
        return 'invalid';
      }
      return b;
    };
    const log = bool('enable-access-log');
    if (log === true) report(ctx, 'enable-access-log', 'partial', 'access logs on (nginx default); Istio logs only when mesh config accessLogFile or a Telemetry resource enables them for the gateway', { tags: ['mesh-config'] });
    else if (log === false)
      report(ctx, 'enable-access-log', 'unsupported', 'nginx does not log these paths; Istio access logging is per workload, so the gateway logs them if logging is on', {
        advice: 'Add a Telemetry (v1alpha1) accessLogging filter excluding these hosts/paths if it matters.',
      });
    const otel = bool('enable-opentelemetry');
    if (otel === true) report(ctx, 'enable-opentelemetry', 'unsupported', 'tracing for this Ingress only: Istio enables tracing per workload with the Telemetry API, not per route', { advice: 'Configure tracing for the gateway workload (Telemetry + MeshConfig extensionProviders opentelemetry).', tags: ['mesh-config'] });
    else if (otel === false) report(ctx, 'enable-opentelemetry', 'unsupported', 'nginx does not trace these paths; Istio cannot turn tracing off per route');
    const trust = bool('opentelemetry-trust-incoming-span');
    if (trust === true) report(ctx, 'opentelemetry-trust-incoming-span', 'converted', "incoming trace context is continued (Envoy's behaviour)");
    else if (trust === false) report(ctx, 'opentelemetry-trust-incoming-span', 'unsupported', 'nginx starts a new trace at the edge; Envoy continues incoming trace context and Istio has no switch for that');
    const op = ctx.get(k('opentelemetry-operation-name'));
    if (op !== undefined) report(ctx, 'opentelemetry-operation-name', 'unsupported', `span name "${show(op)}" cannot be set: Istio names the spans itself`);
  },
});
