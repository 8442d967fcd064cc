import rule from '../../../rules/nginx/headers.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { docs, ingressYaml } from '../../../rules/testing/fixtures.js';

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: headers
  namespace: default
data:
  X-Frame-Options: DENY
  X-Discount: 10%
`;

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
    name: 'custom-headers without the ConfigMap in the input is reported',
    ingress: ingressYaml({ annotations: { 'custom-headers': 'default/headers' } }),
    expect: { findings: [{ key: 'custom-headers', level: 'unsupported', message: 'not in the input' }], intents: { routePatches: [] } },
  },
  {
    name: 'custom-headers with the ConfigMap: response headers set on every route, % escaped for Envoy',
    ingress: docs(ingressYaml({ annotations: { 'custom-headers': 'default/headers' } }), CONFIGMAP),
    options: { nginxConfig: { 'global-allowed-response-headers': 'X-Frame-Options,X-Discount' } },
    expect: {
      findings: [{ key: 'custom-headers', level: 'converted' }],
      istio: { routes: [{ headers: { response: { set: { 'x-discount': '10%%', 'x-frame-options': 'DENY' } } } }] },
    },
  },
  {
    name: 'custom-headers not listed in global-allowed-response-headers: converted, with the v1.12 503 caveat',
    ingress: docs(ingressYaml({ annotations: { 'custom-headers': 'headers' } }), CONFIGMAP),
    expect: { findings: [{ key: 'custom-headers', level: 'partial', message: 'global-allowed-response-headers' }] },
  },
  {
    name: 'custom-headers from another namespace: ingress-nginx denied the location',
    ingress: ingressYaml({ annotations: { 'custom-headers': 'other/headers' } }),
    expect: { findings: [{ key: 'custom-headers', level: 'error' }], intents: { routePatches: [] } },
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
