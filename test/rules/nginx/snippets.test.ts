import rule, { dangerousContent } from '../../../rules/nginx/snippets.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';
import { describe, expect, it } from 'vitest';

const allowed = { nginxConfig: { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' } };

describe('dangerousContent', () => {
  it('flags lua, carriage returns, file access and token paths', () => {
    expect(dangerousContent('more_set_headers "X: y";')).toEqual([]);
    expect(dangerousContent('access_by_lua_block { ngx.exit(403) }')).toEqual(['Lua code']);
    expect(dangerousContent('add_header X y;\r\nroot /;')).toEqual(['carriage return (\\r), used to smuggle directives past validation', 'file-system access (include/root/alias)']);
    expect(dangerousContent('return 200 /var/run/secrets/kubernetes.io/serviceaccount/token;')).toEqual(['service-account token path']);
  });
});

ruleTester.run(rule, [
  {
    name: 'configuration-snippet shown, not translated',
    ingress: ingressYaml({ annotations: { 'configuration-snippet': 'more_set_headers "X-Frame-Options: DENY";' } }),
    options: allowed,
    expect: {
      findings: [{ key: 'configuration-snippet', level: 'unsupported', message: '1 line: "more_set_headers "X-Frame-Options: DENY";"', tags: ['snippet'], data: { snippet: 'more_set_headers "X-Frame-Options: DENY";' } }],
    },
  },
  {
    name: 'dangerous server-snippet is flagged',
    ingress: ingressYaml({ annotations: { 'server-snippet': 'location /x {\n  content_by_lua_block { ngx.say("hi") }\n}' } }),
    options: allowed,
    expect: { findings: [{ key: 'server-snippet', level: 'unsupported', message: 'DANGEROUS content: Lua code', tags: ['dangerous', 'snippet'] }] },
  },
  {
    name: 'snippets are dropped by ingress-nginx unless allow-snippet-annotations is true',
    ingress: ingressYaml({ annotations: { 'configuration-snippet': 'add_header X y;' } }),
    expect: { findings: [{ key: 'configuration-snippet', level: 'ignored', message: 'allow-snippet-annotations' }] },
  },
  {
    name: 'risk-level note when snippets are allowed but the risk level is the default',
    ingress: ingressYaml({ annotations: { 'auth-snippet': 'proxy_set_header X-A b;' } }),
    options: { nginxConfig: { 'allow-snippet-annotations': 'true' } },
    expect: { findings: [{ key: 'auth-snippet', level: 'unsupported', message: 'annotations-risk-level is Critical' }] },
  },
  {
    name: 'long snippets are truncated in the message, complete in data',
    ingress: ingressYaml({ annotations: { 'stream-snippet': 'x'.repeat(300) } }),
    options: allowed,
    expect: { findings: [{ key: 'stream-snippet', level: 'unsupported', message: /"x{160}…"/, data: { snippet: 'x'.repeat(300) } }] },
  },
  {
    name: 'modsecurity-snippet is gated by allow-snippet-annotations too',
    ingress: ingressYaml({ annotations: { 'modsecurity-snippet': 'SecRuleEngine On' } }),
    expect: { findings: [{ key: 'modsecurity-snippet', level: 'ignored', message: 'had no effect' }] },
  },
  {
    name: 'a snippet on a canary Ingress is ignored (location settings come from the primary)',
    ingress: ingressYaml({ annotations: { canary: 'true', 'configuration-snippet': 'add_header X y;' } }),
    options: allowed,
    expect: { findings: [{ key: 'configuration-snippet', level: 'ignored', message: 'canary' }] },
  },
  {
    name: 'a word of annotation-value-word-blocklist means ingress-nginx rejected the Ingress',
    ingress: ingressYaml({ annotations: { 'configuration-snippet': 'proxy_pass http://evil;' } }),
    options: { nginxConfig: { 'allow-snippet-annotations': 'true', 'annotation-value-word-blocklist': 'load_module,lua_package,_by_lua,location,root,proxy_pass,serviceaccount' } },
    expect: { findings: [{ key: 'configuration-snippet', level: 'error', message: '"proxy_pass" from the ConfigMap annotation-value-word-blocklist', tags: ['dangerous', 'snippet'] }] },
  },
]);
