import klass from '../../../rules/nginx/class.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressObject, ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(klass, [
  {
    name: 'the class annotation selects the controller',
    ingress: ingressYaml({ annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
    expect: { findings: [{ key: 'kubernetes.io/ingress.class', level: 'ignored', message: 'class "nginx" selects the controller' }] },
  },
  {
    name: 'cases may give the Ingress as an object',
    ingress: ingressObject({ annotations: { 'kubernetes.io/ingress.class': 'internal' } }),
    expect: { findings: [{ key: 'kubernetes.io/ingress.class', level: 'ignored', message: 'class "internal"' }] },
  },
]);
