import serverTls from '../../../rules/nginx/server-tls.js';
import waf from '../../../rules/nginx/waf.js';
import observability from '../../../rules/nginx/observability.js';
import fastcgi from '../../../rules/nginx/fastcgi.js';
import tuning from '../../../rules/nginx/tuning.js';
import klass from '../../../rules/nginx/class.js';
import removed from '../../../rules/nginx/removed.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(serverTls, [
  {
    name: 'explicit cipher names',
    ingress: ingressYaml({ annotations: { 'ssl-ciphers': 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256', 'ssl-prefer-server-ciphers': 'true' } }),
    expect: {
      findings: [{ key: 'ssl-ciphers', level: 'partial' }, { key: 'ssl-prefer-server-ciphers', level: 'ignored' }],
      intents: { serverTls: { settings: { cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'] } } },
    },
  },
  {
    name: 'OpenSSL expressions cannot be converted',
    ingress: ingressYaml({ annotations: { 'ssl-ciphers': 'HIGH:!aNULL:!MD5' } }),
    expect: { findings: [{ key: 'ssl-ciphers', level: 'unsupported', message: 'HIGH, !aNULL, !MD5' }], intents: { serverTls: undefined } },
  },
]);

ruleTester.run(waf, [
  {
    name: 'ModSecurity on is unsupported (security)',
    ingress: ingressYaml({ annotations: { 'enable-modsecurity': 'true', 'enable-owasp-core-rules': 'true', 'modsecurity-transaction-id': '$request_id' } }),
    expect: {
      findings: [
        { key: 'enable-modsecurity', level: 'unsupported', tags: ['security'] },
        { key: 'enable-owasp-core-rules', level: 'unsupported' },
        { key: 'modsecurity-transaction-id', level: 'unsupported' },
      ],
    },
  },
  {
    name: 'CRS without ModSecurity is inert; off is nothing',
    ingress: ingressYaml({ annotations: { 'enable-owasp-core-rules': 'true', 'enable-modsecurity': 'false' } }),
    expect: { findings: [{ key: 'enable-modsecurity', level: 'converted' }, { key: 'enable-owasp-core-rules', level: 'ignored' }] },
  },
]);

ruleTester.run(observability, [
  {
    name: 'access log off and tracing switches',
    ingress: ingressYaml({ annotations: { 'enable-access-log': 'false', 'enable-opentelemetry': 'true', 'opentelemetry-trust-incoming-span': 'true', 'opentelemetry-operation-name': 'HTTP $request_method' } }),
    expect: {
      findings: [
        { key: 'enable-access-log', level: 'unsupported' },
        { key: 'enable-opentelemetry', level: 'unsupported', message: 'per workload' },
        { key: 'opentelemetry-operation-name', level: 'unsupported' },
        { key: 'opentelemetry-trust-incoming-span', level: 'converted' },
      ],
    },
  },
]);

ruleTester.run(fastcgi, [
  {
    name: 'FastCGI settings with FCGI backend',
    ingress: ingressYaml({ annotations: { 'backend-protocol': 'FCGI', 'fastcgi-index': 'index.php' } }),
    expect: { findings: [{ key: 'fastcgi-index', level: 'unsupported' }] },
  },
  {
    name: 'FastCGI settings without FCGI are inert',
    ingress: ingressYaml({ annotations: { 'fastcgi-params-configmap': 'params' } }),
    expect: { findings: [{ key: 'fastcgi-params-configmap', level: 'ignored' }] },
  },
]);

ruleTester.run(tuning, [
  {
    name: 'buffer tuning is not applicable',
    ingress: ingressYaml({ annotations: { 'proxy-buffer-size': '16k', 'client-body-buffer-size': '1m', 'service-upstream': 'true' } }),
    expect: {
      findings: [
        { key: 'client-body-buffer-size', level: 'ignored' },
        { key: 'proxy-buffer-size', level: 'ignored', message: 'header limits' },
        { key: 'service-upstream', level: 'ignored', message: 'EDS' },
      ],
    },
  },
]);

ruleTester.run(klass, [
  {
    name: 'the class annotation selects the controller',
    ingress: ingressYaml({ annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
    expect: { findings: [{ key: 'kubernetes.io/ingress.class', level: 'ignored', message: 'class "nginx" selects the controller' }] },
  },
]);

ruleTester.run(removed, [
  {
    name: 'removed keys are stale, never converted',
    ingress: ingressYaml({ annotations: { 'secure-backends': 'true', 'global-rate-limit': '100', 'enable-influxdb': 'true' } }),
    expect: {
      findings: [
        { key: 'enable-influxdb', level: 'ignored', message: 'removed in v1.7.1, had no effect on the live controller', tags: ['removed'] },
        { key: 'global-rate-limit', level: 'ignored', message: 'removed in v1.12.0' },
        { key: 'secure-backends', level: 'ignored', message: 'removed in v0.21.0' },
      ],
      intents: { trafficPolicies: [], resources: [] },
    },
  },
  {
    name: 'removed keys are reported on canary Ingresses too',
    ingress: ingressYaml({ annotations: { canary: 'true', 'grpc-backend': 'true' } }),
    expect: { findings: [{ key: 'grpc-backend', level: 'ignored', message: 'removed in v0.21.0' }] },
  },
]);
