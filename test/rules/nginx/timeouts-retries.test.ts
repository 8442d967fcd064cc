import timeouts from '../../../rules/nginx/timeouts.js';
import retries from '../../../rules/nginx/retries.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(timeouts, [
  {
    name: 'connect timeout on the DestinationRule of each backend',
    ingress: ingressYaml({ annotations: { 'proxy-connect-timeout': '3' } }),
    expect: {
      findings: [{ key: 'proxy-connect-timeout', level: 'converted', message: 'connectTimeout 3s on the DestinationRule of web:80' }],
      intents: { trafficPolicies: [{ service: 'web', port: 80, policy: { connectionPool: { tcp: { connectTimeout: '3s' } } } }] },
      istio: { resources: [{ kind: 'DestinationRule', spec: { host: 'web.default.svc.cluster.local', workloadSelector: { matchLabels: { istio: 'ingressgateway' } }, trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { connectTimeout: '3s' } } }] } } }] },
    },
  },
  {
    name: 'read timeout becomes a total route timeout, flagged',
    ingress: ingressYaml({ annotations: { 'proxy-read-timeout': '120' } }),
    expect: {
      findings: [{ key: 'proxy-read-timeout', level: 'partial', message: 'route timeout 120s', tags: ['behaviour-change'] }],
      istio: { routes: [{ timeout: '120s' }] },
    },
  },
  {
    name: 'send timeout has no equivalent',
    ingress: ingressYaml({ annotations: { 'proxy-send-timeout': '30' } }),
    expect: { findings: [{ key: 'proxy-send-timeout', level: 'unsupported' }], intents: { routePatches: [], trafficPolicies: [] } },
  },
  {
    name: 'units are not accepted (nginx parses an integer)',
    ingress: ingressYaml({ annotations: { 'proxy-read-timeout': '60s' } }),
    expect: { findings: [{ key: 'proxy-read-timeout', level: 'error', message: 'ConfigMap proxy-read-timeout, 60s' }], intents: { routePatches: [] } },
  },
]);

ruleTester.run(retries, [
  {
    name: 'off disables retries: attempts 0',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'off' } }),
    expect: {
      findings: [{ key: 'proxy-next-upstream', level: 'converted', message: 'attempts: 0' }],
      intents: { routePatches: [{ patch: { retries: { attempts: 0 } } }] },
      istio: { routes: [{ retries: { attempts: 0 } }] },
    },
  },
  {
    name: 'error timeout http_502 with 4 tries',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error timeout http_502', 'proxy-next-upstream-tries': '4' } }),
    expect: {
      findings: [
        { key: 'proxy-next-upstream', level: 'partial', message: 'non-idempotent', tags: ['behaviour-change'] },
        { key: 'proxy-next-upstream-tries', level: 'converted', message: 'retries.attempts 3' },
      ],
      intents: { routePatches: [{ patch: { retries: { attempts: 3, retryOn: 'connect-failure,refused-stream,reset,502' } } }] },
    },
  },
  {
    name: 'one try means no retry',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-tries': '1' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-tries', level: 'converted' }], intents: { routePatches: [{ patch: { retries: { attempts: 0 } } }] } },
  },
  {
    name: 'tries 0 (unlimited) is flagged',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-tries': '0' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-tries', level: 'partial', message: 'unlimited' }] },
  },
  {
    name: 'non_idempotent removes the method difference',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error non_idempotent' } }),
    expect: { findings: [{ key: 'proxy-next-upstream', level: 'partial', message: 'retryOn "connect-failure,refused-stream,reset", attempts 2' }] },
  },
  {
    name: 'unknown condition is an error',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error sometimes' } }),
    expect: { findings: [{ key: 'proxy-next-upstream', level: 'error', message: '"sometimes"' }, { key: 'proxy-next-upstream', level: 'partial' }] },
  },
  {
    name: 'retry timeout has no budget field',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-timeout': '10' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-timeout', level: 'unsupported' }], intents: { routePatches: [] } },
  },
]);
