import serverTls from '../../../rules/nginx/server-tls.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(serverTls, [
  {
    name: 'explicit cipher names',
    ingress: ingressYaml({ annotations: { 'ssl-ciphers': 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256', 'ssl-prefer-server-ciphers': 'true' } }),
    expect: {
      findings: [{ key: 'ssl-ciphers', level: 'partial' }, { key: 'ssl-prefer-server-ciphers', level: 'ignored' }],
      intents: { serverTls: { settings: { cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'] } } },
    },
  },
  {
    name: 'OpenSSL expressions cannot be converted',
    ingress: ingressYaml({ annotations: { 'ssl-ciphers': 'HIGH:!aNULL:!MD5' } }),
    expect: { findings: [{ key: 'ssl-ciphers', level: 'unsupported', message: 'HIGH, !aNULL, !MD5' }], intents: { serverTls: undefined } },
  },
]);
