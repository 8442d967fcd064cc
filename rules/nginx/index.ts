import type { Rule } from '../types.js';
import affinity from './affinity.js';
import backendProtocol from './backend-protocol.js';
import basicAuth from './basic-auth.js';
import bodySize from './body-size.js';
import canary from './canary.js';
import klass from './class.js';
import clientCert from './client-cert.js';
import cors from './cors.js';
import defaultBackend from './default-backend.js';
import externalAuth from './external-auth.js';
import fastcgi from './fastcgi.js';
import headers from './headers.js';
import loadBalance from './load-balance.js';
import mirror from './mirror.js';
import observability from './observability.js';
import passthrough from './passthrough.js';
import proxySsl from './proxy-ssl.js';
import rateLimit from './rate-limit.js';
import redirect from './redirect.js';
import removed from './removed.js';
import retries from './retries.js';
import rewrite from './rewrite.js';
import serverAlias from './server-alias.js';
import serverTls from './server-tls.js';
import snippets from './snippets.js';
import sourceRange from './source-range.js';
import sslRedirect from './ssl-redirect.js';
import timeouts from './timeouts.js';
import tuning from './tuning.js';
import waf from './waf.js';

/**
 * Rules of ingress-nginx, one module per annotation family. Order matters only for rules that
 * share an intent slot (serverTls: client-cert before server-tls merge their settings).
 */
export const rules: Rule[] = [
  rewrite,
  sslRedirect,
  redirect,
  canary,
  cors,
  timeouts,
  retries,
  mirror,
  backendProtocol,
  proxySsl,
  affinity,
  loadBalance,
  sourceRange,
  externalAuth,
  basicAuth,
  clientCert,
  serverTls,
  rateLimit,
  bodySize,
  headers,
  passthrough,
  defaultBackend,
  serverAlias,
  snippets,
  waf,
  observability,
  fastcgi,
  tuning,
  klass,
  removed,
];
