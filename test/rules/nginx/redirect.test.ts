import rule from '../../../rules/nginx/redirect.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'permanent-redirect: 301, query-string difference',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://new.example.com/landing' } }),
    expect: {
      findings: [{ key: 'permanent-redirect', level: 'partial', message: "Envoy appends the request's query string" }],
      intents: { redirect: { url: 'https://new.example.com/landing', code: 301 } },
      istio: { routes: [{ redirect: { authority: 'new.example.com', uri: '/landing', redirectCode: 301 } }] },
    },
  },
  {
    name: 'a target with its own query string is exact',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://new.example.com/x?a=1' } }),
    expect: { findings: [{ key: 'permanent-redirect', level: 'converted' }] },
  },
  {
    name: 'permanent-redirect-code 308',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://n.example.com', 'permanent-redirect-code': '308' } }),
    expect: {
      findings: [
        { key: 'permanent-redirect', level: 'partial', message: 'redirect.uri is "/"' },
        { key: 'permanent-redirect-code', level: 'converted', message: '308' },
      ],
      intents: { redirect: { code: 308 } },
    },
  },
  {
    name: 'code 300 is valid for nginx but not for Istio: 301 used',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://n.example.com/', 'permanent-redirect-code': '300' } }),
    expect: {
      findings: [
        { key: 'permanent-redirect', level: 'partial' },
        { key: 'permanent-redirect-code', level: 'partial', message: 'nginx answers 300' },
      ],
      intents: { redirect: { code: 301 } },
    },
  },
  {
    name: 'out-of-range permanent code falls back to 301 like nginx',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://n.example.com/', 'permanent-redirect-code': '404' } }),
    expect: { findings: [{ key: 'permanent-redirect', level: 'partial' }, { key: 'permanent-redirect-code', level: 'error', message: 'falls back to 301' }], intents: { redirect: { code: 301 } } },
  },
  {
    name: 'temporal-redirect beats permanent-redirect',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://p.example.com/', 'temporal-redirect': 'https://t.example.com/', 'temporal-redirect-code': '307' } }),
    expect: {
      findings: [
        { key: 'permanent-redirect', level: 'ignored', message: 'precedence' },
        { key: 'temporal-redirect', level: 'partial', message: 'answers 307' },
        { key: 'temporal-redirect-code', level: 'converted' },
      ],
      intents: { redirect: { key: 'nginx.ingress.kubernetes.io/temporal-redirect', url: 'https://t.example.com/', code: 307 } },
    },
  },
  {
    name: 'nginx variables are rejected by validation',
    ingress: ingressYaml({ annotations: { 'permanent-redirect': 'https://$host/x' } }),
    expect: { findings: [{ key: 'permanent-redirect', level: 'error' }], intents: { redirect: undefined } },
  },
  {
    name: 'a code without its URL has no effect',
    ingress: ingressYaml({ annotations: { 'permanent-redirect-code': '308' } }),
    expect: { findings: [{ key: 'permanent-redirect-code', level: 'ignored' }] },
  },
  {
    name: 'from-to-www-redirect creates a redirect VirtualService for the counterpart host',
    ingress: ingressYaml({ annotations: { 'from-to-www-redirect': 'true' }, rules: [{ host: 'example.com' }] }),
    expect: {
      findings: [{ key: 'from-to-www-redirect', level: 'partial', message: 'www.example.com → example.com', tags: ['gateway-host'] }],
      intents: {
        resources: [
          {
            key: 'nginx.ingress.kubernetes.io/from-to-www-redirect',
            resource: { kind: 'VirtualService', metadata: { namespace: 'istio-system', labels: { 'app.kubernetes.io/managed-by': 'ingress2istio' } }, spec: { hosts: ['www.example.com'], gateways: ['istio-system/ingress2istio'], http: [{ redirect: { authority: 'example.com', redirectCode: 308 } }] } },
          },
        ],
      },
    },
  },
  {
    name: 'use-port-in-redirects true is reported',
    ingress: ingressYaml({ annotations: { 'use-port-in-redirects': 'true', 'relative-redirects': 'true' } }),
    expect: { findings: [{ key: 'relative-redirects', level: 'ignored' }, { key: 'use-port-in-redirects', level: 'partial' }] },
  },
]);
