import rule from '../../../rules/nginx/client-cert.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

const tls = [{ hosts: ['app.example.com'], secretName: 'app-tls' }];

ruleTester.run(rule, [
  {
    name: 'auth-tls-secret: MUTUAL with the CA copied as <credential>-cacert',
    ingress: ingressYaml({ annotations: { 'auth-tls-secret': 'default/ca', 'auth-tls-verify-client': 'on', 'auth-tls-pass-certificate-to-upstream': 'true' }, tls }),
    expect: {
      findings: [
        { key: 'auth-tls-pass-certificate-to-upstream', level: 'partial', message: 'x-forwarded-client-cert' },
        { key: 'auth-tls-secret', level: 'partial', message: '-cacert', tags: ['secret-copy'] },
        { key: 'auth-tls-verify-client', level: 'partial', message: 'aborts the TLS handshake' },
      ],
      intents: { serverTls: { settings: { mode: 'MUTUAL' } } },
    },
  },
  {
    name: 'optional → OPTIONAL_MUTUAL',
    ingress: ingressYaml({ annotations: { 'auth-tls-secret': 'default/ca', 'auth-tls-verify-client': 'optional' }, tls }),
    expect: { findings: [{ key: 'auth-tls-secret', level: 'partial' }, { key: 'auth-tls-verify-client', level: 'partial' }], intents: { serverTls: { settings: { mode: 'OPTIONAL_MUTUAL' } } } },
  },
  {
    name: 'optional_no_ca is not equivalent',
    ingress: ingressYaml({ annotations: { 'auth-tls-secret': 'default/ca', 'auth-tls-verify-client': 'optional_no_ca', 'auth-tls-match-cn': 'CN=client', 'auth-tls-error-page': 'https://e.example.com' }, tls }),
    expect: {
      findings: [
        { key: 'auth-tls-error-page', level: 'unsupported' },
        { key: 'auth-tls-match-cn', level: 'unsupported', message: 'subjectAltNames' },
        { key: 'auth-tls-secret', level: 'partial' },
        { key: 'auth-tls-verify-client', level: 'partial', message: 'optional_no_ca' },
      ],
    },
  },
  {
    name: 'companions without the secret are inert',
    ingress: ingressYaml({ annotations: { 'auth-tls-verify-client': 'on' } }),
    expect: { findings: [{ key: 'auth-tls-verify-client', level: 'ignored' }], intents: { serverTls: undefined } },
  },
  {
    name: 'cross-namespace CA is denied by default',
    ingress: ingressYaml({ annotations: { 'auth-tls-secret': 'other/ca' } }),
    expect: { findings: [{ key: 'auth-tls-secret', level: 'error' }], intents: { serverTls: undefined } },
  },
]);
