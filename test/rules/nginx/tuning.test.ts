import tuning from '../../../rules/nginx/tuning.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(tuning, [
  {
    name: 'buffer tuning is not applicable',
    ingress: ingressYaml({ annotations: { 'proxy-buffer-size': '16k', 'client-body-buffer-size': '1m', 'service-upstream': 'true' } }),
    expect: {
      findings: [
        { key: 'client-body-buffer-size', level: 'ignored' },
        { key: 'proxy-buffer-size', level: 'ignored', message: 'header limits' },
        { key: 'service-upstream', level: 'ignored', message: 'EDS' },
      ],
    },
  },
]);
