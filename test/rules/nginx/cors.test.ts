import rule from '../../../rules/nginx/cors.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

const defaults = {
  allowOrigins: [{ regex: '.*' }],
  allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
  allowHeaders: ['DNT', 'Keep-Alive', 'User-Agent', 'X-Requested-With', 'If-Modified-Since', 'Cache-Control', 'Content-Type', 'Range', 'Authorization'],
  allowCredentials: true,
  maxAge: '1728000s',
};

ruleTester.run(rule, [
  {
    name: 'enable-cors alone writes the nginx defaults out; * with credentials differs',
    ingress: ingressYaml({ annotations: { 'enable-cors': 'true' } }),
    expect: {
      findings: [{ key: 'enable-cors', level: 'partial', message: "origin '*' with credentials", tags: ['behaviour-change'] }],
      intents: { routePatches: [{ key: 'nginx.ingress.kubernetes.io/enable-cors', patch: { corsPolicy: defaults } }] },
      istio: { routes: [{ corsPolicy: defaults }] },
    },
  },
  {
    name: 'explicit origins, methods, headers, credentials false, max-age',
    ingress: ingressYaml({
      annotations: {
        'enable-cors': 'true',
        'cors-allow-origin': 'https://a.example.com, https://*.example.org:8443',
        'cors-allow-methods': 'GET, POST',
        'cors-allow-headers': 'X-Token',
        'cors-expose-headers': 'X-Trace',
        'cors-allow-credentials': 'false',
        'cors-max-age': '600',
      },
    }),
    expect: {
      findings: [
        { key: 'cors-allow-credentials', level: 'converted' },
        { key: 'cors-allow-headers', level: 'converted' },
        { key: 'cors-allow-methods', level: 'converted' },
        { key: 'cors-allow-origin', level: 'converted', message: 'one label' },
        { key: 'cors-expose-headers', level: 'converted' },
        { key: 'cors-max-age', level: 'converted', message: '600s' },
        { key: 'enable-cors', level: 'converted' },
      ],
      intents: {
        routePatches: [
          {
            patch: {
              corsPolicy: {
                allowOrigins: [{ exact: 'https://a.example.com' }, { regex: '(?i)https://[A-Za-z0-9-]+\\.example\\.org:8443' }],
                allowMethods: ['GET', 'POST'],
                allowHeaders: ['X-Token'],
                exposeHeaders: ['X-Trace'],
                allowCredentials: false,
                maxAge: '600s',
              },
            },
          },
        ],
      },
    },
  },
  {
    name: 'invalid origin is dropped; none left means *',
    ingress: ingressYaml({ annotations: { 'enable-cors': 'true', 'cors-allow-origin': 'not an origin', 'cors-allow-credentials': 'false' } }),
    expect: {
      findings: [
        { key: 'cors-allow-credentials', level: 'converted' },
        { key: 'cors-allow-origin', level: 'error', message: 'nginx uses "*"' },
        { key: 'enable-cors', level: 'converted' },
      ],
      intents: { routePatches: [{ patch: { corsPolicy: { allowOrigins: [{ regex: '.*' }] } } }] },
    },
  },
  {
    name: 'invalid methods fall back to the default list',
    ingress: ingressYaml({ annotations: { 'enable-cors': 'true', 'cors-allow-methods': 'GET;DROP' } }),
    expect: {
      findings: [{ key: 'cors-allow-methods', level: 'error' }, { key: 'enable-cors', level: 'partial' }],
      intents: { routePatches: [{ patch: { corsPolicy: { allowMethods: defaults.allowMethods } } }] },
    },
  },
  {
    name: 'cors-* without enable-cors has no effect',
    ingress: ingressYaml({ annotations: { 'cors-allow-origin': 'https://a.example.com' } }),
    expect: { findings: [{ key: 'cors-allow-origin', level: 'ignored', message: 'enable-cors' }], intents: { routePatches: [] } },
  },
  {
    name: 'enable-cors false',
    ingress: ingressYaml({ annotations: { 'enable-cors': 'false' } }),
    expect: { findings: [{ key: 'enable-cors', level: 'converted', message: 'disabled' }], intents: { routePatches: [] } },
  },
  {
    name: 'ssl-passthrough invalidates the other annotations',
    ingress: ingressYaml({ annotations: { 'ssl-passthrough': 'true', 'enable-cors': 'true' } }),
    expect: { findings: [{ key: 'enable-cors', level: 'ignored', message: 'ssl-passthrough' }], intents: { routePatches: [] } },
  },
]);
