import rule from '../../../rules/nginx/affinity.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'cookie affinity with defaults: INGRESSCOOKIE, location path, session cookie (ttl 0s)',
    ingress: ingressYaml({ annotations: { affinity: 'cookie' }, rules: [{ host: 'a.example.com', paths: [{ path: '/shop' }] }] }),
    expect: {
      findings: [{ key: 'affinity', level: 'partial', message: 'consistentHash.httpCookie {name: INGRESSCOOKIE, path: /shop, ttl: 0s (session cookie)}' }],
      intents: { trafficPolicies: [{ service: 'web', port: 80, policy: { loadBalancer: { consistentHash: { httpCookie: { name: 'INGRESSCOOKIE', path: '/shop', ttl: '0s' } } } } }] },
      istio: { resources: [{ kind: 'DestinationRule', spec: { trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, loadBalancer: { consistentHash: { httpCookie: { name: 'INGRESSCOOKIE', path: '/shop', ttl: '0s' } } } }] } } }] },
    },
  },
  {
    name: 'name, path, max-age (wins over expires), mode, canary behaviour',
    ingress: ingressYaml({
      annotations: {
        affinity: 'cookie',
        'session-cookie-name': 'route',
        'session-cookie-path': '/',
        'session-cookie-max-age': '3600',
        'session-cookie-expires': '7200',
        'affinity-mode': 'persistent',
        'affinity-canary-behavior': 'legacy',
      },
    }),
    expect: {
      findings: [
        { key: 'affinity', level: 'partial' },
        { key: 'affinity-canary-behavior', level: 'converted' },
        { key: 'affinity-mode', level: 'partial', tags: ['behaviour-change'] },
        { key: 'session-cookie-expires', level: 'ignored' },
        { key: 'session-cookie-max-age', level: 'converted', message: '3600s' },
        { key: 'session-cookie-name', level: 'converted' },
        { key: 'session-cookie-path', level: 'converted' },
      ],
      intents: { trafficPolicies: [{ policy: { loadBalancer: { consistentHash: { httpCookie: { name: 'route', path: '/', ttl: '3600s' } } } } }] },
    },
  },
  {
    name: 'several paths: cookie path / with a note',
    ingress: ingressYaml({ annotations: { affinity: 'cookie' }, rules: [{ host: 'a.example.com', paths: [{ path: '/a' }, { path: '/b' }] }] }),
    expect: { findings: [{ key: 'affinity', level: 'partial', message: '"/" is used' }] },
  },
  {
    name: 'cookie attributes need Istio 1.28',
    ingress: ingressYaml({ annotations: { affinity: 'cookie', 'session-cookie-samesite': 'Strict', 'session-cookie-secure': 'true', 'session-cookie-domain': 'example.com' } }),
    expect: {
      findings: [
        { key: 'affinity', level: 'partial' },
        { key: 'session-cookie-domain', level: 'unsupported', tags: ['istio-version'] },
        { key: 'session-cookie-samesite', level: 'unsupported' },
        { key: 'session-cookie-secure', level: 'unsupported' },
      ],
    },
  },
  {
    name: 'session-cookie-* without affinity is inert',
    ingress: ingressYaml({ annotations: { 'session-cookie-name': 'x' } }),
    expect: { findings: [{ key: 'session-cookie-name', level: 'ignored' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'unknown affinity type',
    ingress: ingressYaml({ annotations: { affinity: 'ip' } }),
    expect: { findings: [{ key: 'affinity', level: 'error' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'affinity still applies on a canary Ingress',
    ingress: ingressYaml({ annotations: { canary: 'true', affinity: 'cookie' } }),
    expect: { findings: [{ key: 'affinity', level: 'partial' }] },
  },
]);
