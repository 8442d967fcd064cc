import retries from '../../../rules/nginx/retries.js';
import { ruleTester } from '../../../rules/testing/rule-tester.js';
import { ingressYaml } from '../../../rules/testing/fixtures.js';

ruleTester.run(retries, [
  {
    name: 'off disables retries: attempts 0',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'off' } }),
    expect: {
      findings: [{ key: 'proxy-next-upstream', level: 'converted', message: 'attempts: 0' }],
      intents: { routePatches: [{ patch: { retries: { attempts: 0 } } }] },
      istio: { routes: [{ retries: { attempts: 0 } }] },
    },
  },
  {
    name: 'error timeout http_502 with 4 tries',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error timeout http_502', 'proxy-next-upstream-tries': '4' } }),
    expect: {
      findings: [
        { key: 'proxy-next-upstream', level: 'partial', message: 'non-idempotent', tags: ['behaviour-change'] },
        { key: 'proxy-next-upstream-tries', level: 'converted', message: 'retries.attempts 3' },
      ],
      intents: { routePatches: [{ patch: { retries: { attempts: 3, retryOn: 'connect-failure,refused-stream,reset,502' } } }] },
    },
  },
  {
    name: 'one try means no retry',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-tries': '1' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-tries', level: 'converted' }], intents: { routePatches: [{ patch: { retries: { attempts: 0 } } }] } },
  },
  {
    name: 'tries 0 (unlimited) is flagged',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-tries': '0' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-tries', level: 'partial', message: 'unlimited' }] },
  },
  {
    name: 'non_idempotent removes the method difference',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error non_idempotent' } }),
    expect: { findings: [{ key: 'proxy-next-upstream', level: 'partial', message: 'retryOn "connect-failure,refused-stream,reset", attempts 2' }] },
  },
  {
    name: 'unknown condition is an error',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream': 'error sometimes' } }),
    expect: { findings: [{ key: 'proxy-next-upstream', level: 'error', message: '"sometimes"' }, { key: 'proxy-next-upstream', level: 'partial' }] },
  },
  {
    name: 'retry timeout has no budget field',
    ingress: ingressYaml({ annotations: { 'proxy-next-upstream-timeout': '10' } }),
    expect: { findings: [{ key: 'proxy-next-upstream-timeout', level: 'unsupported' }], intents: { routePatches: [] } },
  },
]);
