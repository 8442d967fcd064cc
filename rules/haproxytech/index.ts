import type { Rule } from '../types.js';
import accessList from './access-list.js';
import affinity from './affinity.js';
import auth from './auth.js';
import backend from './backend.js';
import balance from './balance.js';
import classRule from './class.js';
import cors from './cors.js';
import headers from './headers.js';
import health from './health.js';
import rateLimit from './rate-limit.js';
import redirect from './redirect.js';
import rewrite from './rewrite.js';
import snippets from './snippets.js';
import timeouts from './timeouts.js';
import tls from './tls.js';
import tuning from './tuning.js';

/** Rules of this controller, one module per annotation family. */
export const rules: Rule[] = [accessList, affinity, auth, backend, balance, classRule, cors, headers, health, rateLimit, redirect, rewrite, snippets, timeouts, tls, tuning];
