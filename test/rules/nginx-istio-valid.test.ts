/**
 * Every Istio document produced from any ingress-nginx annotation validates against the pinned
 * CRDs, and every annotation gets a finding. One Ingress per catalog key with a typical value.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/nginx/index.js';
import { convert } from '../../src/engine/convert.js';
import { validateAll } from '../../src/istio/validate.js';
import { defaultOptions } from '../../src/model/options.js';
import { readCase } from '../../rules/testing/rule-tester.js';
import { docs, ingressYaml, serviceYaml } from '../../rules/testing/fixtures.js';

/** A typical value per key (default: "true"). */
const VALUES: Record<string, string> = {
  'app-root': '/app',
  'rewrite-target': '/$2',
  'auth-type': 'basic',
  'auth-secret': 'basic-auth',
  'auth-secret-type': 'auth-file',
  'auth-realm': 'Restricted',
  'auth-url': 'http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth',
  'auth-method': 'GET',
  'auth-signin': 'https://auth.example.com/start',
  'auth-signin-redirect-param': 'rd',
  'auth-response-headers': 'X-User',
  'auth-proxy-set-headers': 'default/auth-headers',
  'auth-request-redirect': 'https://app.example.com',
  'auth-cache-key': '$cookie_session',
  'auth-cache-duration': '200 5m',
  'auth-keepalive': '10',
  'auth-keepalive-requests': '100',
  'auth-keepalive-timeout': '60',
  'auth-snippet': 'proxy_set_header X-A b;',
  'auth-tls-secret': 'default/ca',
  'auth-tls-verify-client': 'on',
  'auth-tls-verify-depth': '2',
  'auth-tls-error-page': 'https://e.example.com',
  'auth-tls-match-cn': 'CN=client',
  'backend-protocol': 'HTTPS',
  canary: 'false',
  'canary-weight': '10',
  'canary-weight-total': '100',
  'canary-by-header': 'x-canary',
  'canary-by-header-value': 'yes',
  'canary-by-header-pattern': '^y',
  'canary-by-cookie': 'canary',
  'client-body-buffer-size': '1m',
  'configuration-snippet': 'add_header X y;',
  'custom-http-errors': '404,503',
  'custom-headers': 'default/headers',
  'default-backend': 'errors',
  'connection-proxy-header': 'close',
  'cors-allow-origin': 'https://a.example.com, https://*.example.org',
  'cors-allow-methods': 'GET, POST',
  'cors-allow-headers': 'X-Token',
  'cors-expose-headers': 'X-Trace',
  'cors-max-age': '600',
  'fastcgi-index': 'index.php',
  'fastcgi-params-configmap': 'params',
  'allowlist-source-range': '10.0.0.0/8',
  'whitelist-source-range': '10.0.0.0/8',
  'denylist-source-range': '203.0.113.0/24',
  'load-balance': 'ewma',
  'upstream-hash-by': '$remote_addr',
  'upstream-hash-by-subset-size': '3',
  'upstream-vhost': 'internal.example.com',
  'x-forwarded-prefix': '/api',
  'opentelemetry-operation-name': 'op',
  'mirror-target': 'http://shadow.default.svc.cluster.local$request_uri',
  'mirror-request-body': 'on',
  'mirror-host': 'shadow.example.com',
  'modsecurity-transaction-id': '$request_id',
  'modsecurity-snippet': 'SecRuleEngine On',
  'permanent-redirect': 'https://new.example.com/x',
  'permanent-redirect-code': '308',
  'temporal-redirect': 'https://tmp.example.com/',
  'temporal-redirect-code': '307',
  'proxy-connect-timeout': '3',
  'proxy-send-timeout': '30',
  'proxy-read-timeout': '30',
  'proxy-next-upstream': 'error timeout http_503',
  'proxy-next-upstream-timeout': '10',
  'proxy-next-upstream-tries': '4',
  'proxy-request-buffering': 'off',
  'proxy-redirect-from': 'http://internal/',
  'proxy-redirect-to': 'https://app.example.com/',
  'proxy-body-size': '8m',
  'proxy-cookie-domain': 'internal example.com',
  'proxy-cookie-path': '/ /app',
  'proxy-http-version': '1.1',
  'proxy-buffering': 'on',
  'proxy-buffers-number': '8',
  'proxy-buffer-size': '16k',
  'proxy-busy-buffers-size': '32k',
  'proxy-max-temp-file-size': '0',
  'proxy-ssl-secret': 'default/client',
  'proxy-ssl-verify': 'on',
  'proxy-ssl-verify-depth': '2',
  'proxy-ssl-ciphers': 'HIGH',
  'proxy-ssl-protocols': 'TLSv1.2 TLSv1.3',
  'proxy-ssl-name': 'api.internal',
  'proxy-ssl-server-name': 'on',
  'limit-rps': '10',
  'limit-rpm': '600',
  'limit-connections': '5',
  'limit-burst-multiplier': '3',
  'limit-rate': '100',
  'limit-rate-after': '1000',
  'limit-allowlist': '10.0.0.0/8',
  'limit-whitelist': '10.0.0.0/8',
  satisfy: 'any',
  'server-alias': 'www.app.example.com',
  'server-snippet': 'return 200;',
  'stream-snippet': 'server { listen 9000; }',
  affinity: 'cookie',
  'affinity-mode': 'balanced',
  'affinity-canary-behavior': 'sticky',
  'session-cookie-name': 'route',
  'session-cookie-path': '/',
  'session-cookie-max-age': '3600',
  'session-cookie-expires': '3600',
  'session-cookie-domain': 'example.com',
  'session-cookie-samesite': 'Lax',
  'ssl-ciphers': 'ECDHE-RSA-AES128-GCM-SHA256',
  'kubernetes.io/ingress.class': 'nginx',
};

/** Keys that change what the Ingress is (would hide the others): tested alone. */
const ALONE = new Set(['canary', 'ssl-passthrough', 'permanent-redirect', 'temporal-redirect']);

const keys = rules.flatMap((r) => r.meta.keys.map((k) => k.key));
const short = (k: string) => k.replace('nginx.ingress.kubernetes.io/', '');

function convertWith(annotations: Record<string, string>) {
  const options = defaultOptions({ nginxConfig: { 'allow-snippet-annotations': 'true' } });
  const input = readCase(
    docs(
      ingressYaml({
        annotations,
        rules: [{ host: 'app.example.com', paths: [{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific', service: 'web', port: 443 }] }],
        tls: [{ hosts: ['app.example.com'], secretName: 'app-tls' }],
      }),
      serviceYaml('web', [{ name: 'https', port: 443 }]),
    ),
    options,
  );
  return { input, result: convert(input, options) };
}

describe('ingress-nginx annotations → valid Istio', () => {
  it.each(keys.map((k) => [short(k)]))('%s', (name) => {
    const annotations: Record<string, string> = { [name]: VALUES[name] ?? 'true' };
    const { result } = convertWith(annotations);
    const errors = validateAll(result.resources);
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    const key = name.includes('/') ? name : `nginx.ingress.kubernetes.io/${name}`;
    expect(result.findings.filter((f) => f.key === key).length, `no finding for ${key}`).toBeGreaterThan(0);
    expect(result.findings.filter((f) => /internal error/.test(f.message))).toEqual([]);
  });

  it('all keys together (except those that change what the Ingress is)', () => {
    const annotations: Record<string, string> = {};
    for (const k of keys) if (!ALONE.has(short(k))) annotations[short(k)] = VALUES[short(k)] ?? 'true';
    const { result } = convertWith(annotations);
    expect(validateAll(result.resources)).toEqual([]);
    for (const k of Object.keys(annotations)) {
      const key = k.includes('/') ? k : `nginx.ingress.kubernetes.io/${k}`;
      expect(result.findings.some((f) => f.key === key), key).toBe(true);
    }
  });
});
