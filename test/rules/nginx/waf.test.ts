import waf from '../../../rules/nginx/waf.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

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
