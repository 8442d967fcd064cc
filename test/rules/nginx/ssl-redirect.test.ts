import rule from '../../../rules/nginx/ssl-redirect.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

const tls = [{ hosts: ['app.example.com'], secretName: 'app-tls' }];

ruleTester.run(rule, [
  {
    name: 'ssl-redirect true on a TLS host: 308 redirect with the trailing-slash difference',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'true' }, tls }),
    expect: {
      findings: [{ key: 'ssl-redirect', level: 'partial', message: 'redirected to HTTPS with 308', tags: ['behaviour-change'] }],
      intents: { httpsRedirect: { enabled: true, force: false, code: 308 } },
    },
  },
  {
    name: 'http-redirect-code from the ConfigMap is used',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'true' }, tls }),
    options: { nginxConfig: { 'http-redirect-code': '301' } },
    expect: { findings: [{ key: 'ssl-redirect', level: 'partial', message: 'with 301' }], intents: { httpsRedirect: { code: 301 } } },
  },
  {
    name: 'an http-redirect-code nginx does not accept falls back to 308',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'true' }, tls }),
    options: { nginxConfig: { 'http-redirect-code': '303' } },
    expect: { findings: [{ key: 'ssl-redirect', level: 'partial' }], intents: { httpsRedirect: { code: 308 } } },
  },
  {
    name: 'ssl-redirect false turns the default redirect off',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'false' }, tls }),
    expect: { findings: [{ key: 'ssl-redirect', level: 'converted', message: 'no HTTPS redirect' }], intents: { httpsRedirect: { enabled: false } } },
  },
  {
    name: 'ssl-redirect without a certificate has no effect in nginx',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'true' } }),
    expect: { findings: [{ key: 'ssl-redirect', level: 'ignored', message: 'has none' }] },
  },
  {
    name: 'force-ssl-redirect warns about the x-forwarded-proto loop',
    ingress: ingressYaml({ annotations: { 'force-ssl-redirect': 'true' } }),
    expect: {
      findings: [{ key: 'force-ssl-redirect', level: 'partial', message: 'x-forwarded-proto: http', tags: ['mesh-config'] }],
      intents: { httpsRedirect: { enabled: true, force: true, code: 308 } },
    },
  },
  {
    name: 'force-ssl-redirect makes ssl-redirect irrelevant',
    ingress: ingressYaml({ annotations: { 'force-ssl-redirect': 'true', 'ssl-redirect': 'false' }, tls }),
    expect: {
      findings: [
        { key: 'force-ssl-redirect', level: 'partial' },
        { key: 'ssl-redirect', level: 'ignored', message: 'regardless' },
      ],
    },
  },
  {
    name: 'preserve-trailing-slash true is what Envoy does',
    ingress: ingressYaml({ annotations: { 'preserve-trailing-slash': 'true' }, tls }),
    expect: { findings: [{ key: 'preserve-trailing-slash', level: 'converted' }], intents: { preserveTrailingSlash: { key: 'nginx.ingress.kubernetes.io/preserve-trailing-slash' } } },
  },
  {
    name: 'preserve-trailing-slash false cannot be reproduced',
    ingress: ingressYaml({ annotations: { 'preserve-trailing-slash': 'false' }, tls }),
    expect: { findings: [{ key: 'preserve-trailing-slash', level: 'partial', message: 'strips a trailing slash' }], intents: { preserveTrailingSlash: undefined } },
  },
  {
    name: 'an invalid boolean falls back to the ConfigMap default',
    ingress: ingressYaml({ annotations: { 'ssl-redirect': 'nope' }, tls }),
    options: { nginxConfig: { 'ssl-redirect': 'false' } },
    expect: { findings: [{ key: 'ssl-redirect', level: 'error', message: 'uses the default (false)' }], intents: { httpsRedirect: { enabled: false } } },
  },
]);
