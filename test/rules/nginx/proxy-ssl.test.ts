import proxySsl from '../../../rules/nginx/proxy-ssl.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(proxySsl, [
  {
    name: 'client certificate with verification and SNI',
    ingress: ingressYaml({
      annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'default/backend-client', 'proxy-ssl-verify': 'on', 'proxy-ssl-name': 'api.internal', 'proxy-ssl-server-name': 'on' },
      rules: [{ host: 'a.example.com', paths: [{ path: '/', service: 'api', port: 443 }] }],
    }),
    expect: {
      findings: [
        { key: 'proxy-ssl-name', level: 'converted', message: 'subjectAltNames [api.internal]' },
        { key: 'proxy-ssl-secret', level: 'converted', message: 'copied to the gateway namespace istio-system', tags: ['secret-copy'] },
        { key: 'proxy-ssl-server-name', level: 'converted' },
        { key: 'proxy-ssl-verify', level: 'converted' },
      ],
      intents: { trafficPolicies: [{ service: 'api', port: 443, policy: { tls: { mode: 'MUTUAL', credentialName: 'backend-client', sni: 'api.internal', subjectAltNames: ['api.internal'] } } }] },
    },
  },
  {
    name: 'verify off (default) keeps insecureSkipVerify',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'default/c' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'converted' }], intents: { trafficPolicies: [{ policy: { tls: { mode: 'MUTUAL', credentialName: 'c', insecureSkipVerify: true } } }] } },
  },
  {
    name: 'without HTTPS backend-protocol the group is inert',
    ingress: ingressYaml({ annotations: { 'proxy-ssl-secret': 'default/c', 'proxy-ssl-verify': 'on' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'ignored', message: 'backend-protocol is HTTP' }, { key: 'proxy-ssl-verify', level: 'ignored' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'without proxy-ssl-secret the group is inert',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-verify': 'on' } }),
    expect: { findings: [{ key: 'proxy-ssl-verify', level: 'ignored', message: 'without proxy-ssl-secret' }] },
  },
  {
    name: 'cross-namespace secret is denied by default',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'other/c' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'error', message: 'allow-cross-namespace-resources' }] },
  },
]);
