/** default-backend, custom-http-errors, disable-proxy-intercept-errors: error handling via another Service. */
import { defineNginxRule, goBool, k, key, list, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/default-backend',
    controller: 'ingress-nginx',
    description: 'Fallback Service and custom error pages.',
    keys: [
      key('default-backend', 'none', 'none (EnvoyFilter aggregate cluster)', 'Istio does not fail over to another Service when a backend has no endpoints; flag and decide by hand.', { docs: 'default-backend' }),
      key('custom-http-errors', 'none', 'none (EnvoyFilter custom_response filter)', 'No Istio primitive replaces upstream errors with another Service\'s response; use app-level error pages or Envoy custom_response.', { docs: 'custom-http-errors' }),
      key('disable-proxy-intercept-errors', 'not-applicable', 'n/a', 'Only meaningful with custom-http-errors.', { docs: 'disable-proxy-intercept-errors' }),
    ],
  },
  create(ctx) {
    const db = ctx.get(k('default-backend'));
    if (db !== undefined) {
      report(ctx, 'default-backend', 'unsupported', `nginx sends requests to Service ${show(db)} when the backend has no endpoints (and serves custom error pages from it); Istio answers 503 instead`, {
        advice: 'Accept the 503, or approximate with an Envoy aggregate cluster (EnvoyFilter).',
        tags: ['behaviour-change'],
      });
    }
    const che = ctx.get(k('custom-http-errors'));
    if (che !== undefined) {
      const codes = list(che);
      const bad = codes.filter((c) => !/^\d{3}$/.test(c) || Number(c) < 400 || Number(c) > 599);
      if (bad.length) report(ctx, 'custom-http-errors', 'error', `${bad.map((b) => `"${show(b)}"`).join(', ')} not status codes 400–599; ingress-nginx rejects the list`);
      else
        report(ctx, 'custom-http-errors', 'unsupported', `nginx replaces backend responses ${codes.join(', ')} with pages from the default backend; Istio passes the backend's own error responses through`, {
          advice: 'Serve error pages from the application, or use Envoy custom_response via EnvoyFilter.',
          tags: ['behaviour-change'],
        });
    }
    const d = ctx.get(k('disable-proxy-intercept-errors'));
    if (d !== undefined) report(ctx, 'disable-proxy-intercept-errors', 'ignored', `"${show(d)}"${goBool(d) === undefined ? ' (not a boolean)' : ''}: only meaningful with custom-http-errors, which Istio has no equivalent for`);
  },
});
