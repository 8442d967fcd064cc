import removed from '../../../rules/nginx/removed.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(removed, [
  {
    name: 'removed keys are stale, never converted',
    ingress: ingressYaml({ annotations: { 'secure-backends': 'true', 'global-rate-limit': '100', 'enable-influxdb': 'true' } }),
    expect: {
      findings: [
        { key: 'enable-influxdb', level: 'ignored', message: 'removed in v1.7.1, had no effect on the live controller', tags: ['removed'] },
        { key: 'global-rate-limit', level: 'ignored', message: 'removed in v1.12.0' },
        { key: 'secure-backends', level: 'ignored', message: 'removed in v0.21.0' },
      ],
      intents: { trafficPolicies: [], resources: [] },
    },
  },
  {
    name: 'removed keys are reported on canary Ingresses too',
    ingress: ingressYaml({ annotations: { canary: 'true', 'grpc-backend': 'true' } }),
    expect: { findings: [{ key: 'grpc-backend', level: 'ignored', message: 'removed in v0.21.0' }] },
  },
]);
