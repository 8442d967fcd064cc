import timeouts from '../../../rules/nginx/timeouts.js';
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
