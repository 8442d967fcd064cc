import backendProtocol from '../../../rules/nginx/backend-protocol.js';
import proxySsl from '../../../rules/nginx/proxy-ssl.js';
import mirror from '../../../rules/nginx/mirror.js';
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

ruleTester.run(proxySsl, [
  {
    name: 'client certificate with verification and SNI',
    ingress: ingressYaml({
      annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'default/backend-client', 'proxy-ssl-verify': 'on', 'proxy-ssl-name': 'api.internal', 'proxy-ssl-server-name': 'on' },
      rules: [{ host: 'a.example.com', paths: [{ path: '/', service: 'api', port: 443 }] }],
    }),
    expect: {
      findings: [
        { key: 'proxy-ssl-name', level: 'converted', message: 'subjectAltNames [api.internal]' },
        { key: 'proxy-ssl-secret', level: 'converted', message: 'copied to the gateway namespace istio-system', tags: ['secret-copy'] },
        { key: 'proxy-ssl-server-name', level: 'converted' },
        { key: 'proxy-ssl-verify', level: 'converted' },
      ],
      intents: { trafficPolicies: [{ service: 'api', port: 443, policy: { tls: { mode: 'MUTUAL', credentialName: 'backend-client', sni: 'api.internal', subjectAltNames: ['api.internal'] } } }] },
    },
  },
  {
    name: 'verify off (default) keeps insecureSkipVerify',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'default/c' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'converted' }], intents: { trafficPolicies: [{ policy: { tls: { mode: 'MUTUAL', credentialName: 'c', insecureSkipVerify: true } } }] } },
  },
  {
    name: 'without HTTPS backend-protocol the group is inert',
    ingress: ingressYaml({ annotations: { 'proxy-ssl-secret': 'default/c', 'proxy-ssl-verify': 'on' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'ignored', message: 'backend-protocol is HTTP' }, { key: 'proxy-ssl-verify', level: 'ignored' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'without proxy-ssl-secret the group is inert',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-verify': 'on' } }),
    expect: { findings: [{ key: 'proxy-ssl-verify', level: 'ignored', message: 'without proxy-ssl-secret' }] },
  },
  {
    name: 'cross-namespace secret is denied by default',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'other/c' } }),
    expect: { findings: [{ key: 'proxy-ssl-secret', level: 'error', message: 'allow-cross-namespace-resources' }] },
  },
]);

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
