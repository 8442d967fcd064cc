import rule from '../../../rules/nginx/rate-limit.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

const bucketPatch = (host: string, port: number, bucket: Record<string, unknown>, code = 503) => ({
  applyTo: 'VIRTUAL_HOST',
  match: { context: 'GATEWAY', routeConfiguration: { vhost: { name: `${host}:${port}` } } },
  patch: { operation: 'MERGE', value: { typed_per_filter_config: { 'envoy.filters.http.local_ratelimit': { token_bucket: bucket, status: { code } } } } },
});

ruleTester.run(rule, [
  {
    name: 'limit-rps: shared filter + per-host token bucket (rps × 5 burst), status 503',
    ingress: ingressYaml({ annotations: { 'limit-rps': '10' } }),
    expect: {
      findings: [
        {
          key: 'limit-rps',
          level: 'partial',
          message: 'ONE bucket per gateway pod',
          tags: ['behaviour-change', 'envoyfilter'],
          istio: ['EnvoyFilter/istio-system/ingress2istio-local-ratelimit', 'EnvoyFilter/istio-system/default-web-ratelimit'],
        },
      ],
      intents: {
        resources: [
          { resource: { kind: 'EnvoyFilter', metadata: { name: 'ingress2istio-local-ratelimit' }, spec: { workloadSelector: { labels: { istio: 'ingressgateway' } }, configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE' } }] } } },
          {
            resource: {
              kind: 'EnvoyFilter',
              metadata: { name: 'default-web-ratelimit', namespace: 'istio-system' },
              spec: {
                configPatches: [
                  bucketPatch('app.example.com', 80, { max_tokens: 50, tokens_per_fill: 10, fill_interval: '1s' }),
                  bucketPatch('app.example.com', 443, { max_tokens: 50, tokens_per_fill: 10, fill_interval: '1s' }),
                ],
              },
            },
          },
        ],
      },
      istio: { resources: [{ kind: 'EnvoyFilter', metadata: { name: 'default-web-ratelimit' } }] },
    },
  },
  {
    name: 'limit-rpm with a burst multiplier and the ConfigMap status code',
    ingress: ingressYaml({ annotations: { 'limit-rpm': '120', 'limit-burst-multiplier': '2' } }),
    options: { nginxConfig: { 'limit-req-status-code': '429' } },
    expect: {
      findings: [
        { key: 'limit-burst-multiplier', level: 'converted', message: '240 tokens' },
        { key: 'limit-rpm', level: 'partial', message: '120/min' },
      ],
      intents: { resources: [{}, { resource: { spec: { configPatches: [80, 443].map((p) => bucketPatch('app.example.com', p, { max_tokens: 240, tokens_per_fill: 120, fill_interval: '60s' }, 429)) } } }] },
    },
  },
  {
    name: 'with --no-envoyfilter the limit is reported, nothing emitted',
    ingress: ingressYaml({ annotations: { 'limit-rps': '10' } }),
    options: { envoyFilters: false },
    expect: { findings: [{ key: 'limit-rps', level: 'unsupported', message: '--no-envoyfilter', tags: ['envoyfilter'] }], intents: { resources: [] }, istio: { none: ['EnvoyFilter'] } },
  },
  {
    name: 'both rps and rpm: only the per-second limit is emitted',
    ingress: ingressYaml({ annotations: { 'limit-rps': '5', 'limit-rpm': '100' } }),
    expect: { findings: [{ key: 'limit-rpm', level: 'unsupported' }, { key: 'limit-rps', level: 'partial' }] },
  },
  {
    name: 'allow-list and per-client settings cannot be expressed',
    ingress: ingressYaml({ annotations: { 'limit-rps': '5', 'limit-allowlist': '10.0.0.0/8', 'limit-whitelist': '10.0.0.0/8', 'limit-connections': '3', 'limit-rate': '100', 'limit-rate-after': '1000' } }),
    expect: {
      findings: [
        { key: 'limit-allowlist', level: 'unsupported', message: 'cannot exempt client IPs' },
        { key: 'limit-connections', level: 'unsupported' },
        { key: 'limit-rate', level: 'unsupported' },
        { key: 'limit-rate-after', level: 'unsupported' },
        { key: 'limit-rps', level: 'partial' },
        { key: 'limit-whitelist', level: 'ignored' },
      ],
    },
  },
  {
    name: 'burst multiplier alone is inert',
    ingress: ingressYaml({ annotations: { 'limit-burst-multiplier': '3' } }),
    expect: { findings: [{ key: 'limit-burst-multiplier', level: 'ignored' }], intents: { resources: [] } },
  },
]);
