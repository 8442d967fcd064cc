import rule from '../../../rules/nginx/body-size.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'proxy-body-size 8m: buffer filter enabled per host with 8 MiB',
    ingress: ingressYaml({ annotations: { 'proxy-body-size': '8m' } }),
    expect: {
      findings: [{ key: 'proxy-body-size', level: 'partial', message: 'bodies over 8m (8388608 bytes) get 413', tags: ['envoyfilter'] }],
      intents: {
        resources: [
          { resource: { metadata: { name: 'ingress2istio-buffer' }, spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { value: { name: 'envoy.filters.http.buffer', disabled: true } } }] } } },
          {
            resource: {
              metadata: { name: 'default-web-body-size' },
              spec: {
                configPatches: [
                  { match: { routeConfiguration: { vhost: { name: 'app.example.com:80' } } }, patch: { value: { typed_per_filter_config: { 'envoy.filters.http.buffer': { buffer: { max_request_bytes: 8388608 } } } } } },
                  { match: { routeConfiguration: { vhost: { name: 'app.example.com:443' } } } },
                ],
              },
            },
          },
        ],
      },
    },
  },
  {
    name: '0 disables the limit',
    ingress: ingressYaml({ annotations: { 'proxy-body-size': '0' } }),
    expect: { findings: [{ key: 'proxy-body-size', level: 'converted' }], intents: { resources: [] } },
  },
  {
    name: 'no EnvoyFilters: reported',
    ingress: ingressYaml({ annotations: { 'proxy-body-size': '1k' } }),
    options: { envoyFilters: false },
    expect: { findings: [{ key: 'proxy-body-size', level: 'unsupported', message: '1024 bytes' }], intents: { resources: [] } },
  },
  {
    name: 'invalid size',
    ingress: ingressYaml({ annotations: { 'proxy-body-size': '10MB' } }),
    expect: { findings: [{ key: 'proxy-body-size', level: 'error' }] },
  },
  {
    name: 'request buffering',
    ingress: ingressYaml({ annotations: { 'proxy-request-buffering': 'on' } }),
    expect: { findings: [{ key: 'proxy-request-buffering', level: 'partial', message: 'Envoy streams' }] },
  },
  {
    name: 'a rule without host gets the catch-all virtual host (*), like nginx\'s _ server',
    ingress: ingressYaml({ annotations: { 'proxy-body-size': '150m' }, rules: [{ paths: [{ path: '/' }] }] }),
    expect: {
      findings: [{ key: 'proxy-body-size', level: 'partial', message: 'on *' }],
      intents: { resources: [{}, { resource: { spec: { configPatches: [{ match: { routeConfiguration: { vhost: { name: '*:80' } } } }, { match: { routeConfiguration: { vhost: { name: '*:443' } } } }] } } }] },
    },
  },
]);
