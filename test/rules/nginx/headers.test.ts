import rule from '../../../rules/nginx/headers.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'upstream-vhost rewrites the authority',
    ingress: ingressYaml({ annotations: { 'upstream-vhost': 'internal.example.com' } }),
    expect: {
      findings: [{ key: 'upstream-vhost', level: 'converted' }],
      intents: { routePatches: [{ patch: { rewrite: { authority: 'internal.example.com' } } }] },
      istio: { routes: [{ rewrite: { authority: 'internal.example.com' } }] },
    },
  },
  {
    name: 'upstream-vhost with an nginx variable is rejected by validation',
    ingress: ingressYaml({ annotations: { 'upstream-vhost': '$host' } }),
    expect: { findings: [{ key: 'upstream-vhost', level: 'error' }], intents: { routePatches: [] } },
  },
  {
    name: 'custom-headers needs the ConfigMap',
    ingress: ingressYaml({ annotations: { 'custom-headers': 'default/headers' } }),
    expect: { findings: [{ key: 'custom-headers', level: 'unsupported', message: 'global-allowed-response-headers' }] },
  },
  {
    name: 'proxy-redirect with text substitution',
    ingress: ingressYaml({ annotations: { 'proxy-redirect-from': 'http://internal/', 'proxy-redirect-to': 'https://app.example.com/' } }),
    expect: { findings: [{ key: 'proxy-redirect-from', level: 'unsupported' }, { key: 'proxy-redirect-to', level: 'unsupported' }] },
  },
  {
    name: 'proxy-redirect off and cookie rewrites',
    ingress: ingressYaml({ annotations: { 'proxy-redirect-from': 'off', 'proxy-cookie-domain': 'internal example.com', 'proxy-cookie-path': 'off' } }),
    expect: { findings: [{ key: 'proxy-cookie-domain', level: 'unsupported' }, { key: 'proxy-cookie-path', level: 'ignored' }, { key: 'proxy-redirect-from', level: 'ignored' }] },
  },
]);
