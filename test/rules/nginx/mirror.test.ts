import mirror from '../../../rules/nginx/mirror.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(mirror, [
  {
    name: 'mirror to an in-cluster service with $request_uri',
    ingress: ingressYaml({ annotations: { 'mirror-target': 'http://shadow.default.svc.cluster.local:8080$request_uri' } }),
    expect: {
      findings: [{ key: 'mirror-target', level: 'partial', message: '-shadow' }],
      intents: { routePatches: [{ patch: { mirrors: [{ destination: { host: 'shadow.default.svc.cluster.local', port: { number: 8080 } }, percentage: { value: 100 } }] } }] },
      istio: { routes: [{ mirrors: [{ destination: { host: 'shadow.default.svc.cluster.local', port: { number: 8080 } }, percentage: { value: 100 } }] }] },
    },
  },
  {
    name: 'external mirror with a fixed path and body off',
    ingress: ingressYaml({ annotations: { 'mirror-target': 'https://test.example.com/mirror', 'mirror-request-body': 'off', 'mirror-host': 'test.example.com' } }),
    expect: {
      findings: [
        { key: 'mirror-host', level: 'unsupported' },
        { key: 'mirror-request-body', level: 'unsupported' },
        { key: 'mirror-target', level: 'partial', message: 'outside the cluster', tags: ['service-entry'] },
      ],
    },
  },
  {
    name: 'mirror companions without a target are inert',
    ingress: ingressYaml({ annotations: { 'mirror-request-body': 'off' } }),
    expect: { findings: [{ key: 'mirror-request-body', level: 'ignored' }] },
  },
]);
