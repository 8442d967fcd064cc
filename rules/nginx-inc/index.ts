import type { Rule } from '../types.js';
import auth from './auth.js';
import balance from './balance.js';
import body from './body.js';
import classRule from './class.js';
import headers from './headers.js';
import health from './health.js';
import hsts from './hsts.js';
import { withMergeableFilter } from './keys.js';
import mergeable from './mergeable.js';
import paths from './paths.js';
import rateLimit from './rate-limit.js';
import redirect from './redirect.js';
import retries from './retries.js';
import rewrite from './rewrite.js';
import services from './services.js';
import snippets from './snippets.js';
import timeouts from './timeouts.js';
import tls from './tls.js';
import tuning from './tuning.js';

/**
 * Rules of this controller, one module per annotation family; each sees master/minion filtering
 * (master-only keys stripped from minions, minion-only keys rejected on masters).
 */
export const rules: Rule[] = [auth, balance, body, classRule, headers, health, hsts, mergeable, paths, rateLimit, redirect, retries, rewrite, services, snippets, timeouts, tls, tuning].map(withMergeableFilter);
