import rule from '../../../rules/nginx/server-alias.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'aliases are added to the hosts',
    ingress: ingressYaml({ annotations: { 'server-alias': 'www.example.com, App.Example.org' } }),
    expect: {
      findings: [{ key: 'server-alias', level: 'converted', message: 'www.example.com, App.Example.org served by the same routes' }],
      intents: { serverAliases: { hosts: ['www.example.com', 'app.example.org'] } },
      istio: { resources: [{ kind: 'VirtualService', spec: { hosts: ['app.example.com', 'app.example.org', 'www.example.com'] } }] },
    },
  },
  {
    name: 'nginx regex names cannot be expressed',
    ingress: ingressYaml({ annotations: { 'server-alias': '~^www\\d+\\.example\\.com$, alias.example.com' } }),
    expect: { findings: [{ key: 'server-alias', level: 'partial', message: 'regex name' }], intents: { serverAliases: { hosts: ['alias.example.com'] } } },
  },
  {
    name: 'wildcard alias widening is reported',
    ingress: ingressYaml({ annotations: { 'server-alias': '*.example.net' } }),
    expect: { findings: [{ key: 'server-alias', level: 'converted', message: 'any number of labels' }] },
  },
  {
    name: 'no effect without host',
    ingress: ingressYaml({ annotations: { 'server-alias': 'a.example.com' }, rules: [{ paths: [{ path: '/' }] }] }),
    expect: { findings: [{ key: 'server-alias', level: 'ignored' }], intents: { serverAliases: undefined } },
  },
]);
