import backendProtocol from '../../../rules/nginx/backend-protocol.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { docs, ingressYaml, serviceYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(backendProtocol, [
  {
    name: 'HTTPS: TLS origination without verification, like nginx',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS' }, rules: [{ host: 'a.example.com', paths: [{ path: '/', service: 'api', port: 443 }] }] }),
    expect: {
      findings: [{ key: 'backend-protocol', level: 'converted', message: 'insecureSkipVerify: true', tags: ['insecure-skip-verify'] }],
      intents: { trafficPolicies: [{ service: 'api', port: 443, policy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } }] },
      istio: { resources: [{ kind: 'DestinationRule', spec: { host: 'api.default.svc.cluster.local', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', insecureSkipVerify: true } }] } } }] },
    },
  },
  {
    name: 'GRPC upgrades to HTTP/2 unless the Service port says grpc',
    ingress: docs(
      ingressYaml({ annotations: { 'backend-protocol': 'grpc' }, rules: [{ host: 'a.example.com', paths: [{ path: '/a', service: 'one', port: 9000 }, { path: '/b', service: 'two', port: 9000 }] }] }),
      serviceYaml('one', [{ name: 'grpc', port: 9000 }]),
      serviceYaml('two', [{ name: 'api', port: 9000 }]),
    ),
    expect: {
      findings: [{ key: 'backend-protocol', level: 'converted', message: 'GRPC' }],
      intents: { trafficPolicies: [{ service: 'two', port: 9000, policy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } } }] },
    },
  },
  {
    name: 'FCGI is unsupported',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'FCGI' } }),
    expect: { findings: [{ key: 'backend-protocol', level: 'unsupported', message: 'FastCGI' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'AJP is not valid any more (falls back to HTTP)',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'AJP' } }),
    expect: { findings: [{ key: 'backend-protocol', level: 'error', message: 'falls back to HTTP' }] },
  },
  {
    name: 'proxy-http-version 1.0 and connection close',
    ingress: ingressYaml({ annotations: { 'proxy-http-version': '1.0', 'connection-proxy-header': 'close' } }),
    expect: {
      findings: [{ key: 'connection-proxy-header', level: 'partial', message: 'maxRequestsPerConnection: 1' }, { key: 'proxy-http-version', level: 'unsupported' }],
      intents: { trafficPolicies: [{ policy: { connectionPool: { http: { maxRequestsPerConnection: 1 } } } }] },
    },
  },
]);
