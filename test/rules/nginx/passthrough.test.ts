import rule from '../../../rules/nginx/passthrough.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'ssl-passthrough routes on SNI',
    ingress: ingressYaml({ annotations: { 'ssl-passthrough': 'true' }, rules: [{ host: 'tls.example.com', paths: [{ path: '/', service: 'tls-app', port: 8443 }] }] }),
    expect: {
      findings: [{ key: 'ssl-passthrough', level: 'converted', message: '--enable-ssl-passthrough' }],
      intents: { passthrough: { key: 'nginx.ingress.kubernetes.io/ssl-passthrough' } },
      istio: { resources: [{ kind: 'VirtualService', spec: { tls: [{ match: [{ sniHosts: ['tls.example.com'] }] }] } }] },
    },
  },
  {
    name: 'false is the default',
    ingress: ingressYaml({ annotations: { 'ssl-passthrough': 'false' } }),
    expect: { findings: [{ key: 'ssl-passthrough', level: 'converted' }], intents: { passthrough: undefined } },
  },
  {
    name: 'not a boolean',
    ingress: ingressYaml({ annotations: { 'ssl-passthrough': 'on' } }),
    expect: { findings: [{ key: 'ssl-passthrough', level: 'error' }], intents: { passthrough: undefined } },
  },
]);
