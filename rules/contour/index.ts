import type { Rule } from '../types.js';
import classRule from './class.js';
import foreign from './foreign.js';
import redirect from './redirect.js';
import removed from './removed.js';
import retries from './retries.js';
import timeouts from './timeouts.js';
import tls from './tls.js';
import upstream from './upstream.js';
import websocket from './websocket.js';

/** Rules of this controller, one module per annotation family. */
export const rules: Rule[] = [classRule, foreign, redirect, retries, timeouts, tls, upstream, websocket, removed];
