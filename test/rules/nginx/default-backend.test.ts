import rule from '../../../rules/nginx/default-backend.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'default-backend and custom-http-errors are reported',
    ingress: ingressYaml({ annotations: { 'default-backend': 'errors', 'custom-http-errors': '404,503', 'disable-proxy-intercept-errors': 'false' } }),
    expect: {
      findings: [
        { key: 'custom-http-errors', level: 'unsupported', message: '404, 503' },
        { key: 'default-backend', level: 'unsupported', message: 'Service errors' },
        { key: 'disable-proxy-intercept-errors', level: 'ignored' },
      ],
    },
  },
  {
    name: 'invalid status code',
    ingress: ingressYaml({ annotations: { 'custom-http-errors': '200' } }),
    expect: { findings: [{ key: 'custom-http-errors', level: 'error' }] },
  },
]);
