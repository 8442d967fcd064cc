import rule, { hashKey } from '../../../rules/nginx/load-balance.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';
import { describe, expect, it } from 'vitest';

describe('hashKey', () => {
  it('maps nginx variables to Envoy hash policies', () => {
    expect(hashKey('$remote_addr').hash).toEqual({ useSourceIp: true });
    expect(hashKey('${binary_remote_addr}').hash).toEqual({ useSourceIp: true });
    expect(hashKey('$http_x_user_id').hash).toEqual({ httpHeaderName: 'x-user-id' });
    expect(hashKey('$cookie_session').hash).toEqual({ httpCookie: { name: 'session' } });
    expect(hashKey('$arg_q').hash).toEqual({ httpQueryParameterName: 'q' });
    expect(hashKey('$request_uri').hash).toBeUndefined();
    expect(hashKey('$host$uri').hash).toBeUndefined();
  });
});

ruleTester.run(rule, [
  {
    name: 'round_robin',
    ingress: ingressYaml({ annotations: { 'load-balance': 'round_robin' } }),
    expect: { findings: [{ key: 'load-balance', level: 'converted' }], intents: { trafficPolicies: [{ policy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }] } },
  },
  {
    name: 'ewma is approximated',
    ingress: ingressYaml({ annotations: { 'load-balance': 'ewma' } }),
    expect: { findings: [{ key: 'load-balance', level: 'partial', message: 'LEAST_REQUEST' }], intents: { trafficPolicies: [{ policy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }] } },
  },
  {
    name: 'upstream-hash-by client IP wins over load-balance',
    ingress: ingressYaml({ annotations: { 'upstream-hash-by': '$remote_addr', 'load-balance': 'ewma' } }),
    expect: {
      findings: [
        { key: 'load-balance', level: 'ignored', message: 'upstream-hash-by takes precedence' },
        { key: 'upstream-hash-by', level: 'partial', message: 'numTrustedProxies', tags: ['client-ip'] },
      ],
      intents: { trafficPolicies: [{ key: 'nginx.ingress.kubernetes.io/upstream-hash-by', policy: { loadBalancer: { consistentHash: { useSourceIp: true } } } }] },
    },
  },
  {
    name: 'hash on the request URI cannot be converted',
    ingress: ingressYaml({ annotations: { 'upstream-hash-by': '$request_uri' } }),
    expect: { findings: [{ key: 'upstream-hash-by', level: 'unsupported' }], intents: { trafficPolicies: [] } },
  },
  {
    name: 'cookie affinity beats hashing',
    ingress: ingressYaml({ annotations: { affinity: 'cookie', 'upstream-hash-by': '$remote_addr' } }),
    expect: { findings: [{ key: 'upstream-hash-by', level: 'ignored', message: 'cookie affinity' }] },
  },
  {
    name: 'subset hashing is unsupported',
    ingress: ingressYaml({ annotations: { 'upstream-hash-by': '$arg_user', 'upstream-hash-by-subset': 'true', 'upstream-hash-by-subset-size': '3' } }),
    expect: {
      findings: [
        { key: 'upstream-hash-by', level: 'partial' },
        { key: 'upstream-hash-by-subset', level: 'unsupported' },
        { key: 'upstream-hash-by-subset-size', level: 'unsupported' },
      ],
    },
  },
  {
    name: 'unknown algorithm',
    ingress: ingressYaml({ annotations: { 'load-balance': 'least_conn' } }),
    expect: { findings: [{ key: 'load-balance', level: 'error' }] },
  },
]);
