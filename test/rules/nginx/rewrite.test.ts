import rule from '../../../rules/nginx/rewrite.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { docs, ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(rule, [
  {
    name: 'rewrite-target with capture groups becomes a whole-path uriRegexRewrite and switches the host to regex mode',
    ingress: ingressYaml({
      annotations: { 'rewrite-target': '/$2' },
      rules: [{ host: 'app.example.com', paths: [{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific' }] }],
    }),
    expect: {
      findings: [{ key: 'rewrite-target', level: 'converted', message: 'rewrite.uriRegexRewrite {match: "(?i)^/something(/|$)(.*).*", rewrite: "/\\2"}' }],
      intents: { rewriteTarget: { target: '/$2' }, regexPaths: { caseInsensitive: true } },
      istio: {
        routes: [{ match: [{ uri: { regex: '(?i)^/something(/|$)(.*).*' } }], rewrite: { uriRegexRewrite: { match: '(?i)^/something(/|$)(.*).*', rewrite: '/\\2' } } }],
      },
    },
  },
  {
    name: 'rewrite-target / on a prefix path replaces the whole path (not prefix stripping)',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/' }, rules: [{ host: 'app.example.com', paths: [{ path: '/api' }] }] }),
    expect: {
      findings: [{ key: 'rewrite-target', level: 'converted', message: 'whole request path replaced with "/"' }],
      istio: { routes: [{ rewrite: { uriRegexRewrite: { rewrite: '/' } } }] },
    },
  },
  {
    name: 'rewrite-target equal to an Exact path is a no-op',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/api' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api', pathType: 'Exact' }] }] }),
    expect: { findings: [{ key: 'rewrite-target', level: 'ignored', message: 'no-op' }], intents: { rewriteTarget: undefined, regexPaths: undefined } },
  },
  {
    name: 'rewrite-target equal to a Prefix path still rewrites the expanded /api/ location (nginx expands Prefix first)',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/api' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api' }] }] }),
    expect: { findings: [{ key: 'rewrite-target', level: 'converted' }], intents: { rewriteTarget: { target: '/api' } } },
  },
  {
    name: 'rewrite-target referencing a group the path lacks: partial, empty substitution',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/x/$1' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api' }] }] }),
    expect: { findings: [{ key: 'rewrite-target', level: 'partial', message: '"/api" has 0 group(s) but the target uses $1' }] },
  },
  {
    name: 'rewrite-target with a query string is rejected by nginx validation',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/new?x=1' } }),
    expect: { findings: [{ key: 'rewrite-target', level: 'error', message: 'validation rejects' }], intents: { rewriteTarget: undefined } },
  },
  {
    name: 'rewrite-target with an nginx variable cannot be expressed',
    ingress: ingressYaml({ annotations: { 'rewrite-target': '/$host/x' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api' }] }] }),
    expect: { findings: [{ key: 'rewrite-target', level: 'unsupported', message: '$host' }], intents: { rewriteTarget: undefined } },
  },
  {
    name: 'use-regex true with an RE2-compatible path',
    ingress: ingressYaml({ annotations: { 'use-regex': 'true' }, rules: [{ host: 'a.example.com', paths: [{ path: '/id/[0-9]+', pathType: 'ImplementationSpecific' }] }] }),
    expect: {
      findings: [{ key: 'use-regex', level: 'converted', message: 'case-insensitive, start-anchored' }],
      intents: { regexPaths: { key: 'nginx.ingress.kubernetes.io/use-regex', caseInsensitive: true } },
      istio: { routes: [{ match: [{ uri: { regex: '(?i)^/id/[0-9]+.*' } }] }] },
    },
  },
  {
    name: 'use-regex with a PCRE look-ahead is reported, never emitted',
    ingress: ingressYaml({ annotations: { 'use-regex': 'true' }, rules: [{ host: 'a.example.com', paths: [{ path: '/(?!admin).*', pathType: 'ImplementationSpecific' }] }] }),
    expect: { findings: [{ key: 'use-regex', level: 'unsupported', message: 'PCRE-only look-ahead' }] },
  },
  {
    name: 'use-regex accepts Go ParseBool spellings',
    ingress: ingressYaml({ annotations: { 'use-regex': 'T' } }),
    expect: { findings: [{ key: 'use-regex', level: 'converted' }], intents: { regexPaths: { caseInsensitive: true } } },
  },
  {
    name: 'use-regex false is the default',
    ingress: ingressYaml({ annotations: { 'use-regex': 'false' } }),
    expect: { findings: [{ key: 'use-regex', level: 'converted', message: 'matched literally' }], intents: { regexPaths: undefined } },
  },
  {
    name: 'use-regex with a non-boolean is an error (nginx uses false)',
    ingress: ingressYaml({ annotations: { 'use-regex': 'yes' } }),
    expect: { findings: [{ key: 'use-regex', level: 'error', message: 'uses the default (false)' }], intents: { regexPaths: undefined } },
  },
  {
    name: 'app-root redirects exactly / with 302, query-string difference reported',
    ingress: ingressYaml({ annotations: { 'app-root': '/app' } }),
    expect: {
      findings: [{ key: 'app-root', level: 'partial', message: 'Envoy keeps the request\'s query string' }],
      intents: { appRoot: { path: '/app', code: 302 } },
      istio: { routes: [{ match: [{ uri: { exact: '/' } }], redirect: { uri: '/app', redirectCode: 302 } }] },
    },
  },
  {
    name: 'app-root must be a path',
    ingress: ingressYaml({ annotations: { 'app-root': 'https://other.example.com/app' } }),
    expect: { findings: [{ key: 'app-root', level: 'error' }], intents: { appRoot: undefined } },
  },
  {
    name: 'x-forwarded-prefix without rewrite has no effect',
    ingress: ingressYaml({ annotations: { 'x-forwarded-prefix': '/api' } }),
    expect: { findings: [{ key: 'x-forwarded-prefix', level: 'ignored', message: 'no effect without an effective rewrite-target' }], intents: { routePatches: [] } },
  },
  {
    name: 'x-forwarded-prefix with rewrite sets the request header',
    ingress: ingressYaml({ annotations: { 'x-forwarded-prefix': '/api', 'rewrite-target': '/$1' }, rules: [{ host: 'a.example.com', paths: [{ path: '/api/(.*)', pathType: 'ImplementationSpecific' }] }] }),
    expect: {
      findings: [
        { key: 'rewrite-target', level: 'converted' },
        { key: 'x-forwarded-prefix', level: 'converted', message: 'X-Forwarded-Prefix: /api' },
      ],
      intents: { routePatches: [{ key: 'nginx.ingress.kubernetes.io/x-forwarded-prefix', patch: { headers: { request: { set: { 'X-Forwarded-Prefix': '/api' } } } } }] },
    },
  },
  {
    name: 'x-forwarded-prefix with a capture group cannot be static',
    ingress: ingressYaml({ annotations: { 'x-forwarded-prefix': '/$1', 'rewrite-target': '/$1' }, rules: [{ host: 'a.example.com', paths: [{ path: '/(api)/.*', pathType: 'ImplementationSpecific' }] }] }),
    expect: { findings: [{ key: 'rewrite-target', level: 'converted' }, { key: 'x-forwarded-prefix', level: 'unsupported' }] },
  },
  {
    name: 'a canary Ingress ignores rewrite annotations (nginx takes them from the primary)',
    ingress: docs(ingressYaml({ name: 'web-canary', annotations: { canary: 'true', 'rewrite-target': '/' } })),
    expect: { findings: [{ key: 'rewrite-target', level: 'ignored', message: 'canary' }] },
  },
]);
