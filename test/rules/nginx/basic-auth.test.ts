import rule from '../../../rules/nginx/basic-auth.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'basic auth is reported (paths now unauthenticated) with the EnvoyFilter recipe',
    ingress: ingressYaml({ annotations: { 'auth-type': 'basic', 'auth-secret': 'basic-auth', 'auth-realm': 'Authentication Required' } }),
    expect: {
      findings: [
        { key: 'auth-realm', level: 'unsupported' },
        { key: 'auth-secret', level: 'unsupported', message: 'default/basic-auth' },
        { key: 'auth-type', level: 'unsupported', message: 'now unauthenticated', tags: ['envoyfilter', 'security'] },
      ],
    },
  },
  {
    name: 'digest has no Envoy equivalent',
    ingress: ingressYaml({ annotations: { 'auth-type': 'digest', 'auth-secret': 'ns2/users' } }),
    expect: { findings: [{ key: 'auth-secret', level: 'unsupported', message: 'ns2/users' }, { key: 'auth-type', level: 'unsupported', message: 'digest' }] },
  },
  {
    name: 'auth-type without secret: nginx answers 503',
    ingress: ingressYaml({ annotations: { 'auth-type': 'basic', 'auth-realm': 'x' } }),
    expect: { findings: [{ key: 'auth-realm', level: 'ignored' }, { key: 'auth-type', level: 'error', message: '503' }] },
  },
  {
    name: 'auth-secret without auth-type is inert',
    ingress: ingressYaml({ annotations: { 'auth-secret': 'x' } }),
    expect: { findings: [{ key: 'auth-secret', level: 'ignored', message: 'without auth-type' }] },
  },
  {
    name: 'invalid secret type',
    ingress: ingressYaml({ annotations: { 'auth-type': 'basic', 'auth-secret': 'x', 'auth-secret-type': 'htpasswd' } }),
    expect: { findings: [{ key: 'auth-secret', level: 'unsupported' }, { key: 'auth-secret-type', level: 'error' }, { key: 'auth-type', level: 'unsupported' }] },
  },
]);
