import fastcgi from '../../../rules/nginx/fastcgi.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(fastcgi, [
  {
    name: 'FastCGI settings with FCGI backend',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'FCGI', 'fastcgi-index': 'index.php' } }),
    expect: { findings: [{ key: 'fastcgi-index', level: 'unsupported' }] },
  },
  {
    name: 'FastCGI settings without FCGI are inert',
    ingress: ingressYaml({ annotations: { 'fastcgi-params-configmap': 'params' } }),
    expect: { findings: [{ key: 'fastcgi-params-configmap', level: 'ignored' }] },
  },
]);
