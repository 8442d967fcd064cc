/**
 * nginx tuning knobs with no meaning for Envoy: buffers, temp files, debug logs, HTTP/2 push,
 * service-upstream. Reported as ignored with the reason.
 */
import { defineNginxRule, key, report, k, show, type KeyOpts } from './common.js';
import type { SupportLevel } from '../types.js';

interface Tuning {
  name: string;
  why: string;
  istio?: string;
  docs?: KeyOpts['docs'];
}

const TUNING: Tuning[] = [
  { name: 'client-body-buffer-size', why: 'nginx memory buffer for request bodies; Envoy manages its buffers itself', docs: 'client-body-buffer-size' },
  { name: 'http2-push-preload', why: 'Envoy does not implement HTTP/2 server push (browsers removed it too); the Link header still reaches the client', docs: 'http2-push-preload' },
  { name: 'proxy-buffering', why: 'Envoy streams responses with its own flow control', docs: 'proxy-buffering' },
  { name: 'proxy-buffers-number', why: 'nginx memory tuning', docs: 'proxy-buffers-number' },
  { name: 'proxy-buffer-size', why: 'nginx buffer for upstream response headers; Envoy\'s header limits are larger by default and configured elsewhere', docs: 'proxy-buffer-size' },
  { name: 'proxy-busy-buffers-size', why: 'nginx memory tuning', docs: 'proxy-busy-buffers-size' },
  { name: 'proxy-max-temp-file-size', why: 'nginx disk buffering of responses; Envoy never spools to disk', docs: 'proxy-max-temp-file-size' },
  { name: 'enable-rewrite-log', why: 'nginx debug log for rewrites', docs: 'enable-rewrite-log' },
  { name: 'service-upstream', why: 'Istio gateways always balance over the Service endpoints (EDS) and follow endpoint changes', docs: 'service-upstream' },
];

const SUPPORT: SupportLevel = 'not-applicable';

export default defineNginxRule({
  meta: {
    id: 'nginx/tuning',
    controller: 'ingress-nginx',
    description: 'nginx buffer and logging tuning: nothing to port.',
    keys: TUNING.map((t) => key(t.name, SUPPORT, t.istio ?? 'n/a', `Nothing to migrate: ${t.why}.`, { docs: t.docs })),
  },
  create(ctx) {
    for (const t of TUNING) {
      const v = ctx.get(k(t.name));
      if (v === undefined) continue;
      report(ctx, t.name, 'ignored', `"${show(v)}" not applicable to Istio: ${t.why}`);
    }
  },
});
