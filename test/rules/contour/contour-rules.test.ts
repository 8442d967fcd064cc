import { describe, expect, it } from 'vitest';
import { ingress, run, service } from '../vendor-context.js';
import classRule from '../../../rules/contour/class.js';
import foreign from '../../../rules/contour/foreign.js';
import redirect from '../../../rules/contour/redirect.js';
import removed from '../../../rules/contour/removed.js';
import retries, { contourAttempts } from '../../../rules/contour/retries.js';
import timeouts from '../../../rules/contour/timeouts.js';
import tls from '../../../rules/contour/tls.js';
import upstream from '../../../rules/contour/upstream.js';
import websocket from '../../../rules/contour/websocket.js';

const c = (annotations: Record<string, string>, extra: Parameters<typeof ingress>[0] = {}) => ingress({ controller: 'contour', annotations, ...extra });

describe('contour/retries', () => {
  it('num-retries quirk', () => {
    expect([contourAttempts('-1'), contourAttempts('0'), contourAttempts('1'), contourAttempts('3'), contourAttempts('-5'), contourAttempts('x')]).toEqual([0, 1, 1, 3, 1, 1]);
  });
  it('builds retries from the three keys', () => {
    const r = run(retries, c({ 'projectcontour.io/retry-on': '5xx,gateway-error', 'projectcontour.io/num-retries': '0', 'projectcontour.io/per-try-timeout': '1.5s' }));
    expect(r.intents.routePatches).toEqual([{ key: 'projectcontour.io/retry-on', patch: { retries: { attempts: 1, retryOn: '5xx,gateway-error', perTryTimeout: '1500ms' } } }]);
    expect(r.finding('projectcontour.io/num-retries')?.level).toBe('converted');
  });
  it('ignores num-retries without retry-on', () => {
    const r = run(retries, c({ 'projectcontour.io/num-retries': '3' }));
    expect(r.intents.routePatches).toEqual([]);
    expect(r.finding('projectcontour.io/num-retries')).toMatchObject({ level: 'ignored' });
  });
  it('flags unknown retry conditions', () => {
    expect(run(retries, c({ 'projectcontour.io/retry-on': '5xx,sometimes' })).finding('projectcontour.io/retry-on')?.level).toBe('error');
  });
});

describe('contour/timeouts', () => {
  it('response-timeout wins over request-timeout', () => {
    const r = run(timeouts, c({ 'projectcontour.io/response-timeout': '1m30s', 'projectcontour.io/request-timeout': '5s' }));
    expect(r.intents.routePatches).toEqual([{ key: 'projectcontour.io/response-timeout', patch: { timeout: '90s' } }]);
    expect(r.finding('projectcontour.io/request-timeout')?.level).toBe('ignored');
  });
  it('infinity disables, garbage is an error', () => {
    const inf = run(timeouts, c({ 'projectcontour.io/response-timeout': 'infinity' }));
    expect(inf.intents.routePatches).toEqual([]);
    const route = { timeout: '15s' };
    inf.intents.routeTransforms[0]!.apply(route, { host: 'e.com', matchKind: 'prefix', pathRegex: '' });
    expect(route).toEqual({});
    const bad = run(timeouts, c({ 'projectcontour.io/request-timeout': '10 seconds' }));
    expect(bad.intents.routePatches).toEqual([]);
    expect(bad.finding('projectcontour.io/request-timeout')?.level).toBe('error');
  });
});

describe('contour/redirect', () => {
  it('force-ssl-redirect true → 301 for every route', () => {
    const r = run(redirect, c({ 'ingress.kubernetes.io/force-ssl-redirect': 'true' }, { tls: [{ hosts: ['a.example.com'], secretName: 's' }], rules: [{ host: 'a.example.com', paths: ['/'] }, { host: 'b.example.com', paths: ['/'] }] }));
    expect(r.intents.httpsRedirect).toEqual({ key: 'ingress.kubernetes.io/force-ssl-redirect', enabled: true, force: true, code: 301 });
    expect(r.finding('ingress.kubernetes.io/force-ssl-redirect')?.message).toContain('b.example.com');
  });
  it('only "true" counts', () => {
    const r = run(redirect, c({ 'ingress.kubernetes.io/force-ssl-redirect': 'yes' }));
    expect(r.intents.httpsRedirect).toBeUndefined();
    expect(r.finding('ingress.kubernetes.io/force-ssl-redirect')?.level).toBe('ignored');
  });
  it('allow-http false serves HTTPS only; force wins', () => {
    const only = run(redirect, c({ 'kubernetes.io/ingress.allow-http': 'false' }));
    expect(only.finding('kubernetes.io/ingress.allow-http')?.level).toBe('converted');
    expect(only.intents.httpDisabled).toEqual({ key: 'kubernetes.io/ingress.allow-http' });
    expect(run(redirect, c({ 'kubernetes.io/ingress.allow-http': 'false', 'ingress.kubernetes.io/force-ssl-redirect': 'true' })).finding('kubernetes.io/ingress.allow-http')?.level).toBe('ignored');
  });
});

describe('contour/tls', () => {
  it('maps versions to the HTTPS servers', () => {
    const r = run(tls, c({ 'projectcontour.io/tls-minimum-protocol-version': '1.3' }, { tls: [{ hosts: ['example.com'], secretName: 's' }] }));
    expect(r.intents.serverTls).toEqual({ key: 'projectcontour.io/tls-minimum-protocol-version', settings: { minProtocolVersion: 'TLSV1_3' } });
  });
  it('rejects 1.1 and reports cross-namespace secrets', () => {
    const r = run(tls, c({ 'projectcontour.io/tls-minimum-protocol-version': '1.1', 'projectcontour.io/tls-cert-namespace': 'certs' }, { tls: [{ hosts: ['example.com'], secretName: 'wild' }] }));
    expect(r.intents.serverTls).toBeUndefined();
    expect(r.finding('projectcontour.io/tls-minimum-protocol-version')?.level).toBe('error');
    expect(r.finding('projectcontour.io/tls-cert-namespace')).toMatchObject({ level: 'partial', tags: ['secret-copy'], data: { namespace: 'certs', secrets: 'wild' } });
  });
});

describe('contour/websocket', () => {
  it('notes the broader upgrade', () => {
    const r = run(websocket, c({ 'projectcontour.io/websocket-routes': '/ws' }, { rules: [{ host: 'e.com', paths: ['/ws', '/api'] }] }));
    expect(r.finding('projectcontour.io/websocket-routes')).toMatchObject({ level: 'converted', tags: ['broader'] });
  });
});

describe('contour/upstream (Service annotations)', () => {
  const svc = service('svc', {
    'projectcontour.io/max-connections': '100',
    'projectcontour.io/max-retries': '5',
    'projectcontour.io/upstream-protocol.tls': 'https,8443',
    'projectcontour.io/upstream-protocol.h2c': 'grpc',
  }, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }, { name: 'grpc', port: 9000 }, { port: 8443 }]);
  it('builds traffic policies per Service and port', () => {
    const r = run(upstream, c({}), { services: [svc] });
    expect(r.intents.trafficPolicies).toEqual([
      { key: 'projectcontour.io/max-connections', service: 'svc', policy: { connectionPool: { tcp: { maxConnections: 100 }, http: { maxRetries: 5 } } } },
      { key: 'projectcontour.io/upstream-protocol.h2c', service: 'svc', port: 9000, policy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } } },
      { key: 'projectcontour.io/upstream-protocol.tls', service: 'svc', port: 443, policy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } },
      { key: 'projectcontour.io/upstream-protocol.tls', service: 'svc', port: 8443, policy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } },
    ]);
    expect(r.findings.every((f) => f.data?.service === 'default/svc')).toBe(true);
  });
  it('reports unknown ports and 0 limits', () => {
    const r = run(upstream, c({}), { services: [service('svc', { 'projectcontour.io/upstream-protocol.tls': 'nope', 'projectcontour.io/max-requests': '0' })] });
    expect(r.intents.trafficPolicies).toEqual([]);
    expect(r.finding('projectcontour.io/upstream-protocol.tls')?.level).toBe('error');
    expect(r.finding('projectcontour.io/max-requests')?.level).toBe('ignored');
  });
});

describe('contour/removed', () => {
  it('reports legacy keys on Ingress and Service as no-ops', () => {
    const r = run(removed, c({ 'contour.heptio.com/request-timeout': '5s' }), { services: [service('svc', { 'contour.heptio.com/max-connections': '3' })] });
    expect(r.intents.routePatches).toEqual([]);
    expect(r.intents.trafficPolicies).toEqual([]);
    expect(r.finding('contour.heptio.com/request-timeout')?.message).toContain('no effect since v1.11');
    expect(r.finding('contour.heptio.com/max-connections')?.level).toBe('ignored');
  });
});

describe('contour/class and foreign keys', () => {
  it('ignores them with a reason', () => {
    expect(run(classRule, c({ 'kubernetes.io/ingress.class': 'contour' })).finding('kubernetes.io/ingress.class')?.level).toBe('ignored');
    const r = run(foreign, c({ 'ingress.kubernetes.io/ssl-redirect': 'true', 'ingress.kubernetes.io/force-ssl-redirect': 'true' }));
    expect(r.findings.map((f) => f.key)).toEqual(['ingress.kubernetes.io/ssl-redirect']);
  });
});
