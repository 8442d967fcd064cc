import rule from '../../../rules/nginx/canary.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { docs, ingressYaml } from '../../../rules/testing/fixtures.js';

const primary = ingressYaml({ name: 'web', creationTimestamp: '2024-01-01T00:00:00Z', rules: [{ host: 'app.example.com', paths: [{ path: '/', service: 'web' }] }] });
const canary = (annotations: Record<string, string>) =>
  ingressYaml({ name: 'web-canary', creationTimestamp: '2024-01-02T00:00:00Z', annotations: { canary: 'true', ...annotations }, rules: [{ host: 'app.example.com', paths: [{ path: '/', service: 'web-v2' }] }] });

ruleTester.run(rule, [
  {
    name: 'weight 20 → primary 80 / canary 20 merged into the primary route',
    ingress: docs(primary, canary({ 'canary-weight': '20' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial', message: 'merged into the routes of the primary', tags: ['behaviour-change'] },
        { ingress: 'web-canary', key: 'canary-weight', level: 'converted', message: 'primary 80 / canary 20 (out of 100)' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { weight: 20, weightTotal: 100 } },
      istio: {
        routes: [
          {
            route: [
              { destination: { host: 'web.default.svc.cluster.local' }, weight: 80 },
              { destination: { host: 'web-v2.default.svc.cluster.local' }, weight: 20 },
            ],
          },
        ],
      },
    },
  },
  {
    name: 'a weight total below 100 is ignored by nginx',
    ingress: docs(primary, canary({ 'canary-weight': '5', 'canary-weight-total': '10' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-weight', level: 'converted', message: 'primary 95 / canary 5' },
        { ingress: 'web-canary', key: 'canary-weight-total', level: 'converted', message: '10 → 100' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { weight: 5, weightTotal: 100 } },
    },
  },
  {
    name: 'weight total 1000',
    ingress: docs(primary, canary({ 'canary-weight': '1', 'canary-weight-total': '1000' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-weight', level: 'converted', message: 'primary 999 / canary 1' },
        { ingress: 'web-canary', key: 'canary-weight-total', level: 'converted' },
      ],
    },
  },
  {
    name: 'header with always/never',
    ingress: docs(primary, canary({ 'canary-by-header': 'X-Canary' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header', level: 'converted', message: 'x-canary: "always" → canary, "never" → primary' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { header: 'X-Canary' } },
      istio: {
        routes: [
          { match: [{ headers: { 'x-canary': { exact: 'never' } } }], route: [{ destination: { host: 'web.default.svc.cluster.local' } }] },
          { match: [{ headers: { 'x-canary': { exact: 'always' } } }], route: [{ destination: { host: 'web-v2.default.svc.cluster.local' } }] },
        ],
      },
    },
  },
  {
    name: 'header value wins over the pattern',
    ingress: docs(primary, canary({ 'canary-by-header': 'x-env', 'canary-by-header-value': 'staging', 'canary-by-header-pattern': 'stag.*' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header', level: 'converted' },
        { ingress: 'web-canary', key: 'canary-by-header-pattern', level: 'ignored', message: 'precedence' },
        { ingress: 'web-canary', key: 'canary-by-header-value', level: 'converted', message: 'x-env: staging' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { header: 'x-env', headerValue: 'staging' } },
    },
  },
  {
    name: 'header pattern is wrapped for RE2 full match',
    ingress: docs(primary, canary({ 'canary-by-header': 'x-env', 'canary-by-header-pattern': '^stag' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header', level: 'converted' },
        { ingress: 'web-canary', key: 'canary-by-header-pattern', level: 'partial', message: 'regex ".*(?:^stag).*"' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { headerPattern: '^stag' } },
    },
  },
  {
    name: 'PCRE-only header pattern is not emitted',
    ingress: docs(primary, canary({ 'canary-by-header': 'x-env', 'canary-by-header-pattern': '(?<!prod)env' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header-pattern', level: 'unsupported', message: 'look-behind' },
      ],
    },
  },
  {
    name: 'header value without header name has no effect',
    ingress: docs(primary, canary({ 'canary-by-header-value': 'x' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-header-value', level: 'ignored', message: 'without canary-by-header' },
      ],
    },
  },
  {
    name: 'cookie rule',
    ingress: docs(primary, canary({ 'canary-by-cookie': 'beta' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-by-cookie', level: 'partial', message: 'beta=always' },
      ],
      intentsOf: 'web-canary',
      intents: { canary: { cookie: 'beta' } },
    },
  },
  {
    name: 'canary-* without canary: "true" is inert',
    ingress: ingressYaml({ annotations: { 'canary-weight': '50' } }),
    expect: { findings: [{ key: 'canary-weight', level: 'ignored', message: 'not a canary' }], intents: { canary: undefined } },
  },
  {
    name: 'canary: "false"',
    ingress: ingressYaml({ annotations: { canary: 'false', 'canary-weight': '50' } }),
    expect: { findings: [{ key: 'canary', level: 'converted' }, { key: 'canary-weight', level: 'ignored' }] },
  },
  {
    name: 'negative weight is an error',
    ingress: docs(primary, canary({ 'canary-weight': '-1' })),
    expect: {
      findings: [
        { ingress: 'web-canary', key: 'canary', level: 'partial' },
        { ingress: 'web-canary', key: 'canary-weight', level: 'error' },
      ],
    },
  },
]);
