import rule from '../../../rules/nginx/external-auth.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'auth-url: CUSTOM policy scoped to the Ingress, provider snippet in data',
    ingress: ingressYaml({
      annotations: { 'auth-url': 'http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth', 'auth-response-headers': 'X-Auth-Request-User, X-Auth-Request-Email', 'auth-signin': 'https://auth.example.com/oauth2/start?rd=$escaped_request_uri' },
      rules: [{ host: 'app.example.com', paths: [{ path: '/' }] }],
    }),
    expect: {
      findings: [
        { key: 'auth-response-headers', level: 'converted', message: 'x-auth-request-user, x-auth-request-email' },
        { key: 'auth-signin', level: 'unsupported', message: 'must return that redirect itself' },
        {
          key: 'auth-url',
          level: 'partial',
          message: 'original request path',
          tags: ['mesh-config'],
          istio: ['AuthorizationPolicy/istio-system/default-web-ext-authz'],
          data: {
            meshConfig: /^extensionProviders:\n- name: ingress2istio-ext-authz-[0-9a-f]{8}\n  envoyExtAuthzHttp:\n    service: oauth2-proxy\.auth\.svc\.cluster\.local\n    port: 4180\n    pathPrefix: "\/oauth2\/auth"\n[\s\S]*headersToUpstreamOnAllow:\n    - "x-auth-request-user"\n    - "x-auth-request-email"/,
            provider: /^ingress2istio-ext-authz-/,
          },
        },
      ],
      intents: {
        resources: [
          {
            key: 'nginx.ingress.kubernetes.io/auth-url',
            resource: {
              kind: 'AuthorizationPolicy',
              metadata: { name: 'default-web-ext-authz', namespace: 'istio-system' },
              spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'CUSTOM', rules: [{ to: [{ operation: { hosts: ['app.example.com', 'app.example.com:*'] } }] }] },
            },
          },
        ],
      },
      istio: { resources: [{ kind: 'AuthorizationPolicy', spec: { action: 'CUSTOM' } }] },
    },
  },
  {
    name: 'an auth URL with nginx variables cannot be a provider',
    ingress: ingressYaml({ annotations: { 'auth-url': 'http://auth.$host/check', 'auth-method': 'GET' } }),
    expect: {
      findings: [
        { key: 'auth-method', level: 'ignored', message: 'auth-url was not converted' },
        { key: 'auth-url', level: 'unsupported', message: 'nginx variables' },
      ],
      intents: { resources: [] },
    },
  },
  {
    name: 'cache, method and keepalive settings',
    ingress: ingressYaml({ annotations: { 'auth-url': 'https://auth.example.com/verify', 'auth-cache-key': '$cookie_session', 'auth-cache-duration': '200 5m', 'auth-method': 'POST', 'auth-keepalive': '10' } }),
    expect: {
      findings: [
        { key: 'auth-cache-duration', level: 'unsupported' },
        { key: 'auth-cache-key', level: 'unsupported', message: 'no response cache' },
        { key: 'auth-keepalive', level: 'ignored' },
        { key: 'auth-method', level: 'unsupported' },
        { key: 'auth-url', level: 'partial', message: 'over https' },
      ],
    },
  },
  {
    name: 'companions without auth-url are inert',
    ingress: ingressYaml({ annotations: { 'auth-signin': 'https://x.example.com', 'auth-response-headers': 'X-User' } }),
    expect: { findings: [{ key: 'auth-response-headers', level: 'ignored' }, { key: 'auth-signin', level: 'ignored' }] },
  },
  {
    name: "satisfy any with allow-list and auth is stricter in Istio",
    ingress: ingressYaml({ annotations: { satisfy: 'any', 'allowlist-source-range': '10.0.0.0/8', 'auth-url': 'http://auth.auth.svc.cluster.local/' } }),
    expect: {
      findings: [
        { key: 'auth-url', level: 'partial' },
        { key: 'satisfy', level: 'partial', message: 'EITHER', tags: ['behaviour-change'] },
      ],
    },
  },
  {
    name: 'enable-global-auth without a global auth URL',
    ingress: ingressYaml({ annotations: { 'enable-global-auth': 'false' } }),
    expect: { findings: [{ key: 'enable-global-auth', level: 'ignored', message: 'no global-auth-url' }] },
  },
  {
    name: 'enable-global-auth false with a global auth URL',
    ingress: ingressYaml({ annotations: { 'enable-global-auth': 'false' } }),
    options: { nginxConfig: { 'global-auth-url': 'http://auth.auth.svc/verify' } },
    expect: { findings: [{ key: 'enable-global-auth', level: 'unsupported', message: 'opts out' }] },
  },
  {
    name: 'a catch-all / rule: ext_authz not enforced, reported',
    ingress: ingressYaml({ annotations: { 'auth-url': 'http://auth.auth.svc.cluster.local/', 'auth-response-headers': 'X-User' }, rules: [{ paths: [{ path: '/' }] }] }),
    expect: {
      findings: [
        { key: 'auth-response-headers', level: 'ignored' },
        { key: 'auth-url', level: 'unsupported', message: 'NOT enforced', tags: ['security'] },
      ],
      intents: { resources: [] },
    },
  },
]);
