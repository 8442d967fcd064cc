import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import { cm, hi } from './keys.js';

const ADVICE = 'Peers/stick-table sharing between HAProxy instances has no Istio counterpart; use Envoy\'s global rate limit service if you relied on shared counters.';

/** Global HAProxy process, DNS, logging and controller settings: not applicable to Istio. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/tuning',
    controller: 'haproxy-ingress',
    description: 'HAProxy process, DNS, logging, peers and controller tuning.',
    keys: [
      cm('allow-local-bind', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('close-sessions-duration', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cpu-map', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cross-namespace-secrets-ca', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cross-namespace-secrets-crt', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cross-namespace-secrets-passwd', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('cross-namespace-services', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-accepted-payload-size', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-cluster-domain', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-hold-obsolete', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-hold-valid', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-resolvers', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('dns-timeout-retry', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('external-has-lua', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('groupname', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('http-log-format', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('https-log-format', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('load-server-state', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('master-exit-on-failure', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('nbthread', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('peers-name', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('peers-port', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('peers-table', 'none', 'none', ADVICE),
      cm('peers-table-global', 'none', 'none', ADVICE),
      cm('syslog-endpoint', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('syslog-format', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('syslog-length', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('syslog-tag', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('tcp-log-format', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('use-chroot', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('use-cpu-map', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('use-haproxy-user', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('username', 'not-applicable', 'none', NOT_APPLICABLE),
      ...hi('var-namespace', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('worker-max-reloads', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    reportEach(ctx, (k) => (/peers-table/.test(k) ? { level: 'unsupported', message: 'stick-table sharing between HAProxy peers is not converted', advice: ADVICE } : { level: 'ignored', message: 'HAProxy tuning: not applicable to Istio' }));
  },
});
