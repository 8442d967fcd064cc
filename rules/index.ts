import type { ControllerId } from '../src/model/ingress.js';
import type { Rule } from './types.js';
import { registerDefaultRules } from './registry.js';
import { rules as nginx } from './nginx/index.js';
import { rules as nginxInc } from './nginx-inc/index.js';
import { rules as contour } from './contour/index.js';
import { rules as haproxytech } from './haproxytech/index.js';
import { rules as haproxyIngress } from './haproxy-ingress/index.js';

/** Every rule, grouped by the controller whose annotations it interprets (order: CATALOG_ORDER of rules/load.ts). */
export const rulesByController: Partial<Record<ControllerId, readonly Rule[]>> = {
  'ingress-nginx': nginx,
  'nginx-inc': nginxInc,
  contour,
  haproxytech,
  'haproxy-ingress': haproxyIngress,
};

export const allRules: readonly Rule[] = [...nginx, ...nginxInc, ...contour, ...haproxytech, ...haproxyIngress];

// Loading the whole catalog makes it the engine's default rule set.
registerDefaultRules(rulesByController);
