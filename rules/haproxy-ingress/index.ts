import type { Rule } from '../types.js';
import accessList from './access-list.js';
import acme from './acme.js';
import affinity from './affinity.js';
import auth from './auth.js';
import backend from './backend.js';
import balance from './balance.js';
import blueGreen from './blue-green.js';
import clientTls from './client-tls.js';
import cors from './cors.js';
import errors from './errors.js';
import frontend from './frontend.js';
import headers from './headers.js';
import health from './health.js';
import hosts from './hosts.js';
import hsts from './hsts.js';
import limits from './limits.js';
import redirect from './redirect.js';
import rewrite from './rewrite.js';
import snippets from './snippets.js';
import tcp from './tcp.js';
import timeouts from './timeouts.js';
import tls from './tls.js';
import tuning from './tuning.js';

/** Rules of this controller, one module per annotation family. */
export const rules: Rule[] = [
  accessList, acme, affinity, auth, backend, balance, blueGreen, clientTls, cors, errors, frontend, headers, health, hosts, hsts, limits, redirect, rewrite, snippets, tcp, timeouts, tls, tuning,
];
