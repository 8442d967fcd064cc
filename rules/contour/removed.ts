import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import { serviceAnnotations } from './upstream.js';
import { LEGACY_DOCS } from './docs.js';

const LEGACY = 'contour.heptio.com/';
const REMOVED_IN = 'v1.11.0';
const ADVICE = 'Had no effect since Contour v1.11; if the cluster ran an older Contour, rename it to projectcontour.io/ and convert again.';

const INGRESS_KEYS: Array<[string, 'full' | 'partial' | 'not-applicable', string]> = [
  ['ingress.class', 'not-applicable', 'none (selects the controller)'],
  ['num-retries', 'full', 'VirtualService http[].retries.attempts'],
  ['per-try-timeout', 'full', 'VirtualService http[].retries.perTryTimeout'],
  ['retry-on', 'full', 'VirtualService http[].retries.retryOn'],
  ['request-timeout', 'full', 'VirtualService http[].timeout'],
  ['response-timeout', 'full', 'VirtualService http[].timeout'],
  ['tls-minimum-protocol-version', 'full', 'Gateway servers[].tls.minProtocolVersion'],
  ['websocket-routes', 'full', 'none needed'],
];
const SERVICE_KEYS: Array<[string, 'full' | 'partial', string]> = [
  ['max-connections', 'full', 'DestinationRule connectionPool.tcp.maxConnections'],
  ['max-pending-requests', 'full', 'DestinationRule connectionPool.http.http1MaxPendingRequests'],
  ['max-requests', 'full', 'DestinationRule connectionPool.http.http2MaxRequests'],
  ['max-retries', 'full', 'DestinationRule connectionPool.http.maxRetries'],
  ['upstream-protocol.h2', 'partial', 'DestinationRule portLevelSettings[].tls + h2UpgradePolicy'],
  ['upstream-protocol.h2c', 'full', 'DestinationRule portLevelSettings[].connectionPool.http.h2UpgradePolicy'],
  ['upstream-protocol.tls', 'full', 'DestinationRule portLevelSettings[].tls'],
];

/**
 * Legacy `contour.heptio.com/*` keys: honoured up to v1.10, ignored from v1.11.0. Converting them
 * could add behaviour the cluster did not have, so they are reported, never converted. The support
 * level is the one the key would have if it were live (catalog), the status says it is removed.
 */
export default defineRule({
  meta: {
    id: 'contour/removed',
    controller: 'contour',
    description: 'Legacy contour.heptio.com/* keys, ignored by Contour since v1.11.0.',
    keys: [
      ...INGRESS_KEYS.map(([k, s, istio]) => key(LEGACY + k, s, istio, ADVICE, { status: 'removed', removedIn: REMOVED_IN, docs: LEGACY_DOCS })),
      ...SERVICE_KEYS.map(([k, s, istio]) => key(LEGACY + k, s, istio, ADVICE, { status: 'removed', removedIn: REMOVED_IN, docs: LEGACY_DOCS, on: 'service' })),
    ],
  },
  create(ctx) {
    for (const k of ctx.presentKeys) {
      const modern = `projectcontour.io/${k.slice(LEGACY.length)}`;
      const shadowed = ctx.has(modern) ? ` (${modern} is also set and is what Contour reads)` : '';
      ctx.report({
        key: k,
        level: 'ignored',
        message: `removed in Contour ${REMOVED_IN}: had no effect since v1.11, not converted${shadowed}`,
        advice: ADVICE,
        tags: ['removed-key'],
      });
    }
    serviceAnnotations(ctx, LEGACY, false);
  },
});
