import observability from '../../../rules/nginx/observability.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(observability, [
  {
    name: 'access log off and tracing switches',
    ingress: ingressYaml({ annotations: { 'enable-access-log': 'false', 'enable-opentelemetry': 'true', 'opentelemetry-trust-incoming-span': 'true', 'opentelemetry-operation-name': 'HTTP $request_method' } }),
    expect: {
      findings: [
        { key: 'enable-access-log', level: 'unsupported' },
        { key: 'enable-opentelemetry', level: 'unsupported', message: 'per workload' },
        { key: 'opentelemetry-operation-name', level: 'unsupported' },
        { key: 'opentelemetry-trust-incoming-span', level: 'converted' },
      ],
    },
  },
]);
