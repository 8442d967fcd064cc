import { defineRule } from '../types.js';
import { reportEach } from '../common/report.js';
import { hi } from './keys.js';

const ADVICE = 'Define DestinationRule subsets for the pod labels and split traffic with VirtualService weights (or header/cookie matches) by hand.';

/** Blue/green by pod labels: needs pod labels and replica counts the converter does not read. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/blue-green',
    controller: 'haproxy-ingress',
    description: 'Blue/green deployments by pod label.',
    keys: [
      ...hi('blue-green-balance', 'partial', 'DestinationRule subsets + VirtualService route weights', ADVICE),
      ...hi('blue-green-deploy', 'partial', 'DestinationRule subsets + VirtualService route weights', 'Old name of blue-green-balance. ' + ADVICE, { status: 'deprecated' }),
      ...hi('blue-green-cookie', 'partial', 'VirtualService match on the cookie header → subset', ADVICE),
      ...hi('blue-green-header', 'partial', 'VirtualService match on the header → subset', ADVICE),
      ...hi('blue-green-mode', 'not-applicable', 'none', 'Weights per pod or per deployment: decide the subset weights accordingly.'),
    ],
  },
  create(ctx) {
    reportEach(ctx, (_k, v) => ({ level: 'unsupported', message: `blue/green split ${JSON.stringify(v)} is not converted: all traffic goes to the whole Service`, advice: ADVICE, tags: ['behaviour-change'] }));
  },
});
