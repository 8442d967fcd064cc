import rule from '../../../rules/nginx/source-range.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

const labels = { 'app.kubernetes.io/managed-by': 'ingress2istio' };

ruleTester.run(rule, [
  {
    name: 'allow-list: DENY + notRemoteIpBlocks scoped to host and Prefix paths, never ALLOW',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8, 192.168.1.1' }, rules: [{ host: 'a.example.com', paths: [{ path: '/admin' }, { path: '/status', pathType: 'Exact' }] }] }),
    expect: {
      findings: [{ key: 'allowlist-source-range', level: 'converted', message: 'notRemoteIpBlocks', tags: ['client-ip', 'mesh-config'] }],
      intents: {
        resources: [
          {
            resource: {
              apiVersion: 'security.istio.io/v1',
              kind: 'AuthorizationPolicy',
              metadata: { name: 'default-web-allowlist', namespace: 'istio-system', labels, annotations: { 'ingress2istio.io/source': 'default/web' } },
              spec: {
                selector: { matchLabels: { istio: 'ingressgateway' } },
                action: 'DENY',
                rules: [
                  {
                    from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8', '192.168.1.1'] } }],
                    to: [{ operation: { hosts: ['a.example.com', 'a.example.com:*'], paths: ['/admin', '/admin/*', '/status'] } }],
                  },
                ],
              },
            },
          },
        ],
      },
      istio: { resources: [{ kind: 'AuthorizationPolicy', spec: { action: 'DENY' } }], none: [] },
    },
  },
  {
    name: 'deny-list: DENY + remoteIpBlocks, root path covers the whole host',
    ingress: ingressYaml({ annotations: { 'denylist-source-range': '203.0.113.0/24' } }),
    expect: {
      findings: [{ key: 'denylist-source-range', level: 'converted', message: 'remoteIpBlocks' }],
      intents: { resources: [{ resource: { spec: { action: 'DENY', rules: [{ from: [{ source: { remoteIpBlocks: ['203.0.113.0/24'] } }], to: [{ operation: { hosts: ['app.example.com', 'app.example.com:*'] } }] }] } } }] },
    },
  },
  {
    name: 'the new key wins over the old alias',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8', 'whitelist-source-range': '0.0.0.0/0' } }),
    expect: { findings: [{ key: 'allowlist-source-range', level: 'converted' }, { key: 'whitelist-source-range', level: 'ignored', message: 'precedence' }] },
  },
  {
    name: 'the old alias alone',
    ingress: ingressYaml({ annotations: { 'whitelist-source-range': '10.0.0.0/8' } }),
    expect: { findings: [{ key: 'whitelist-source-range', level: 'converted' }] },
  },
  {
    name: 'regex paths widen the scope to the host (stricter)',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8', 'use-regex': 'true' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api/v[0-9]+', pathType: 'ImplementationSpecific' }] }] }),
    expect: { findings: [{ key: 'allowlist-source-range', level: 'partial', message: 'scope widened' }] },
  },
  {
    name: 'proxy protocol advice from the ConfigMap',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8' } }),
    options: { nginxConfig: { 'use-proxy-protocol': 'true' } },
    expect: { findings: [{ key: 'allowlist-source-range', level: 'converted', message: 'enable PROXY protocol on the gateway' }] },
  },
  {
    name: 'an invalid entry denies the location unless a plain IP is listed (ingress-nginx quirk)',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8, 300.1.1.1', 'denylist-source-range': '192.0.2.7, nope' } }),
    expect: {
      findings: [
        { key: 'allowlist-source-range', level: 'error', message: '"300.1.1.1": ingress-nginx denies the location (HTTP 503' },
        { key: 'denylist-source-range', level: 'partial', message: 'invalid entries "nope" dropped' },
      ],
      intents: { resources: [{ resource: { spec: { rules: [{ from: [{ source: { remoteIpBlocks: ['192.0.2.7'] } }] }] } } }] },
    },
  },
  {
    name: 'CIDRs are normalized to the network address like Go net.ParseCIDR',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.1.2.3/8' } }),
    expect: { findings: [{ key: 'allowlist-source-range', level: 'converted', message: 'outside 10.0.0.0/8' }] },
  },
  {
    name: 'IPv6 CIDRs are accepted',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '2001:db8::/32,::1' } }),
    expect: { findings: [{ key: 'allowlist-source-range', level: 'converted', message: '2001:db8::/32, ::1' }] },
  },
  {
    name: 'names of two Ingresses that would join to the same text differ',
    ingress: ingressYaml({ namespace: 'a-b', name: 'c', annotations: { 'allowlist-source-range': '10.0.0.0/8' } }),
    expect: {
      findings: [{ key: 'allowlist-source-range', level: 'converted' }],
      intents: { resources: [{ resource: { metadata: { name: expectName(/^a-b-c-allowlist-[0-9a-f]{8}$/) } } }] },
    },
  },
  {
    name: 'a catch-all / rule cannot be scoped without locking out every other host: reported, not emitted',
    ingress: ingressYaml({ annotations: { 'allowlist-source-range': '10.0.0.0/8' }, rules: [{ paths: [{ path: '/' }] }] }),
    expect: { findings: [{ key: 'allowlist-source-range', level: 'unsupported', message: 'is NOT enforced', tags: ['security'] }], intents: { resources: [] } },
  },
  {
    name: 'a catch-all rule with specific paths covers those paths on every host',
    ingress: ingressYaml({ annotations: { 'denylist-source-range': '10.0.0.0/8' }, rules: [{ paths: [{ path: '/admin' }] }] }),
    expect: {
      findings: [{ key: 'denylist-source-range', level: 'partial', message: 'on every host of the gateway' }],
      intents: { resources: [{ resource: { spec: { rules: [{ to: [{ operation: { paths: ['/admin', '/admin/*'] } }] }] } } }] },
    },
  },
]);

function expectName(re: RegExp): string {
  // toMatchObject accepts asymmetric matchers in place of values.
  return expect.stringMatching(re) as unknown as string;
}
import { expect } from 'vitest';
