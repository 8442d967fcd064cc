/**
 * Every Istio document the real engine produces from any Contour, haproxytech, haproxy-ingress or
 * NGINX Inc annotation validates against the pinned CRDs, every annotation gets a finding, and no
 * rule crashes. One Ingress per key with a typical value, then all keys of a controller together.
 */
import { describe, expect, it } from 'vitest';
import { rulesByController } from '../../rules/index.js';
import { bareName } from '../../rules/common/report.js';
import { convert } from '../../src/engine/convert.js';
import { validateAll } from '../../src/istio/validate.js';
import { defaultOptions } from '../../src/model/options.js';
import type { ControllerId } from '../../src/model/ingress.js';
import { readCase } from '../../rules/testing/rule-tester.js';
import { docs, ingressYaml, serviceYaml } from '../../rules/testing/fixtures.js';

/** Typical values by key name without prefix (default "true"). */
const VALUES: Record<string, string> = {
  'retry-on': '5xx,gateway-error', 'num-retries': '3', 'per-try-timeout': '2s', 'response-timeout': '30s', 'request-timeout': '30s',
  'tls-minimum-protocol-version': '1.3', 'tls-maximum-protocol-version': '1.3', 'tls-cert-namespace': 'certs', 'websocket-routes': '/',
  'ingress.class': 'x', 'allow-list': '10.0.0.0/8', whitelist: '10.0.0.0/8', 'deny-list': '192.168.0.1', blacklist: '192.168.0.1',
  'allowlist-source-range': '10.0.0.0/8, !10.1.0.0/16', 'whitelist-source-range': '10.0.0.0/8', 'denylist-source-range': '192.168.0.0/16',
  'cors-allow-origin': 'https://a.example.com', 'cors-allow-origin-regex': 'example\\.(com|org)', 'cors-allow-methods': 'GET, POST', 'cors-allow-headers': 'X-Token',
  'cors-expose-headers': 'X-Trace', 'cors-max-age': '600', 'path-rewrite': '/api/(.*) /\\1', 'load-balance': 'leastconn', 'balance-algorithm': 'roundrobin',
  'request-set-header': 'X-A 1', 'response-set-header': 'X-B 2', 'set-host': 'internal.example.com', 'request-redirect': 'other.example.com',
  'request-redirect-code': '301', 'ssl-redirect-code': '301', 'ssl-redirect-port': '443', 'timeout-server': '30s', 'timeout-connect': '5s',
  'rate-limit-requests': '100', 'rate-limit-period': '1m', 'rate-limit-status-code': '429', 'rate-limit-whitelist': '10.0.0.1', 'rate-limit-size': '100k',
  'server-ca': 'ca', 'server-crt': 'client', 'server-proto': 'h2', 'pod-maxconn': '10', 'cookie-persistence': 'SRV', 'src-ip-header': 'X-Real-IP',
  'request-capture': 'User-Agent', 'request-capture-len': '128', 'auth-type': 'basic-auth', 'auth-secret': 'users', 'auth-realm': 'r',
  'check-interval': '10s', 'check-http': '/health', 'timeout-check': '3s', 'backend-config-snippet': 'option x', 'cr-backend': 'x',
  affinity: 'cookie', 'session-cookie-name': 'SESSION', 'app-root': '/home', 'redirect-to': 'https://new.example.com/', 'redirect-to-code': '308',
  'redirect-from': 'old.example.com', 'backend-protocol': 'h2-ssl', 'secure-sni': 'backend.internal', 'secure-verify-hostname': 'backend.internal',
  'secure-crt-secret': 'client', 'secure-verify-ca-secret': 'ca', 'headers': 'X-A: 1', 'request-set-headers': 'X-A: %[namespace]', 'request-add-headers': 'X-B: 2',
  'response-set-headers': 'X-C: 3', 'response-add-headers': 'X-D: 4', 'request-del-headers': 'X-E', 'response-del-headers': 'Server',
  'http-header-match': 'X-Env: prod', 'http-header-match-regex': 'X-Env: pro.*', 'hsts-max-age': '31536000', 'path-type': 'begin',
  'server-alias': 'www.example.com', 'rewrite-target': '/', 'limit-rps': '10', 'limit-whitelist': '10.0.0.1', 'proxy-body-size': '10m',
  'auth-url': 'http://auth.example.svc:8080/check', 'auth-method': 'GET', 'auth-tls-secret': 'ca', 'auth-tls-verify-client': 'optional',
  'ssl-ciphers': 'ECDHE-RSA-AES128-GCM-SHA256', 'ssl-options-host': 'no-tlsv10 no-tlsv11', 'tls-alpn': 'h2,http/1.1', 'tcp-service-port': '8000',
  'blue-green-balance': 'group=blue=1,group=green=4', 'timeout-http-request': '5s', 'timeout-keep-alive': '1m', 'timeout-tunnel': '1h', 'timeout-queue': '5s',
  'maxconn-server': '10', 'maxqueue-server': '10', 'http-frontend': 'api',
  'mergeable-ingress-type': 'minion', 'proxy-connect-timeout': '5s', 'proxy-read-timeout': '2m', 'proxy-send-timeout': '2m', 'proxy-next-upstream': 'error timeout http_502',
  'proxy-next-upstream-timeout': '10s', 'proxy-next-upstream-tries': '3', 'client-max-body-size': '4m', 'path-regex': 'case_sensitive', 'policies': 'p',
  'proxy-hide-headers': 'Server', 'proxy-pass-headers': 'X-Accel', 'rewrites': 'serviceName=web rewrite=/', 'proxy-set-headers': 'X-Real: $remote_addr',
  'add-header': 'X-Frame-Options: DENY', 'proxy-redirect-from': 'http://a/', 'proxy-redirect-to': 'https://b/', 'http-redirect-code': '308',
  'basic-auth-secret': 'users', 'basic-auth-realm': 'r', 'jwt-key': 'jwk', 'jwt-token': '$http_token', 'jwt-realm': 'r', 'jwt-login-url': 'https://login/',
  'listen-ports': '80,8080', 'listen-ports-ssl': '443', 'lb-method': 'ip_hash', 'ssl-services': 'web', 'grpc-services': 'web', 'websocket-services': 'web',
  'max-fails': '3', 'max-conns': '10', 'fail-timeout': '30s', 'sticky-cookie-services': 'serviceName=web srv_id expires=1h path=/', 'slow-start': '10s',
  'limit-req-rate': '10r/s', 'limit-req-key': '${binary_remote_addr}', 'limit-req-burst': '5', 'limit-req-delay': '3', 'limit-req-reject-code': '503',
  'location-snippets': 'add_header X y;', 'server-snippets': 'add_header X y;', 'custom-http-errors': '404', 'app-protect-policy': 'default/p',
};

/** Keys that change what the Ingress is (would hide the others): tested alone only. */
const ALONE = new Set(['ssl-passthrough', 'mergeable-ingress-type', 'redirect-to', 'request-redirect', 'tcp-service-port']);

const CONTROLLERS: ControllerId[] = ['contour', 'haproxytech', 'haproxy-ingress', 'nginx-inc'];

function convertWith(controller: ControllerId, annotations: Record<string, string>) {
  const options = defaultOptions({ controller });
  const input = readCase(
    docs(
      ingressYaml({
        annotations,
        className: 'x',
        rules: [{ host: 'app.example.com', paths: [{ path: '/api', pathType: 'Prefix', service: 'web', port: 443 }, { path: '/', pathType: 'ImplementationSpecific', service: 'web', port: 443 }] }],
        tls: [{ hosts: ['app.example.com'], secretName: 'app-tls' }],
      }),
      serviceYaml('web', [{ name: 'https', port: 443 }]),
    ),
    options,
  );
  return { input, result: convert(input, options) };
}

describe.each(CONTROLLERS)('%s annotations → valid Istio', (controller) => {
  const keys = (rulesByController[controller] ?? []).flatMap((r) => r.meta.keys).filter((k) => k.key.includes('/') && !k.key.includes('*') && k.on !== 'service').map((k) => k.key);
  it.each(keys.map((k) => [k]))('%s', (key) => {
    const { result } = convertWith(controller, { [key]: VALUES[bareName(key)] ?? 'true' });
    expect(validateAll(result.resources), JSON.stringify(validateAll(result.resources), null, 2)).toEqual([]);
    expect(result.findings.filter((f) => f.key === key).length, `no finding for ${key}`).toBeGreaterThan(0);
    expect(result.findings.filter((f) => /internal error/.test(f.message)).map((f) => f.message)).toEqual([]);
  });
  it('all keys together (primary spellings)', () => {
    const annotations: Record<string, string> = {};
    for (const r of rulesByController[controller] ?? []) for (const k of r.meta.keys) if (k.key.includes('/') && !k.key.includes('*') && k.status !== 'alias' && k.on !== 'service' && !ALONE.has(bareName(k.key))) annotations[k.key] = VALUES[bareName(k.key)] ?? 'true';
    const { result } = convertWith(controller, annotations);
    expect(validateAll(result.resources), JSON.stringify(validateAll(result.resources), null, 2)).toEqual([]);
    for (const k of Object.keys(annotations)) expect(result.findings.some((f) => f.key === k), k).toBe(true);
    expect(result.findings.filter((f) => /internal error/.test(f.message)).map((f) => f.message)).toEqual([]);
  });
});
