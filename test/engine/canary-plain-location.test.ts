/**
 * ingress-nginx creates one upstream per Service+port and the oldest Ingress using it decides
 * whether it is a canary upstream. A canary Ingress path whose Service+port an older normal
 * Ingress already uses is therefore no canary path: getBackendServers gives it a normal location
 * (with the canary Ingress's own, mostly default, settings). Expectations written from
 * controller.go (createUpstreams, getBackendServers, mergeAlternativeBackends) and balancer.lua.
 */
import { describe, expect, it } from 'vitest';
import type { IngSpec } from '../verify/build.js';
import { runNginx } from '../verify/run-nginx.js';

const run = runNginx;

const primary: IngSpec = {
  name: 'web',
  ts: '2024-01-01T00:00:00Z',
  host: 'a.test',
  tls: [['a.test']],
  ann: { 'ssl-redirect': 'false', 'permanent-redirect': 'https://moved.test/here' },
  paths: [{ path: '/api', type: 'Exact', svc: 'api', port: 8080 }],
};

describe('canary path on a Service+port a normal Ingress already uses', () => {
  it('is served as a normal location with default settings, not as the host root redirect', () => {
    const canary: IngSpec = { name: 'canary', ts: '2024-01-02T00:00:00Z', host: 'a.test', ann: { canary: 'true', 'canary-weight': '30' }, paths: [{ path: '/app', type: 'Prefix', svc: 'api', port: 8080 }] };
    const { result, outcome, unexplained } = run([primary, canary]);
    // The location /app has the canary Ingress's settings: ssl-redirect defaults to true and the
    // host has a certificate, so plain HTTP is redirected (308, the ConfigMap default).
    expect(outcome({ host: 'a.test', path: '/app' })).toBe('redirect 308 https://a.test/app');
    expect(outcome({ host: 'a.test', path: '/app/x' })).toBe('redirect 308 https://a.test/app/x');
    expect(outcome({ scheme: 'https', host: 'a.test', path: '/app/x' })).toBe('backend default/api:8080 path /app/x');
    // Everything else still falls to the host's root location: web's permanent redirect.
    expect(outcome({ host: 'a.test', path: '/other' })).toBe('redirect 301 https://moved.test/here');
    // No weighted split: the upstream is a normal one.
    expect(outcome({ scheme: 'https', host: 'a.test', path: '/api' })).toBe('redirect 301 https://moved.test/here');
    expect(result.findings.find((f) => f.ingress.name === 'canary' && f.key === 'spec.rules[0].http.paths[0]')?.tags).toEqual(['canary', 'conflict']);
    expect(result.findings.some((f) => f.ingress.name === 'canary' && /deletes the canary upstream/.test(f.message))).toBe(false);
    expect(unexplained).toEqual([]);
  });

  it('lands on the catch-all server when no normal Ingress has its host', () => {
    const canary: IngSpec = { name: 'canary', ts: '2024-01-02T00:00:00Z', host: 'c.test', ann: { canary: 'true' }, paths: [{ path: '/c', type: 'Prefix', svc: 'api', port: 8080 }] };
    const { outcome, unexplained } = run([primary, canary]);
    expect(outcome({ host: 'c.test', path: '/c/1' })).toBe('backend default/api:8080 path /c/1');
    expect(outcome({ host: 'unknown.test', path: '/c' })).toBe('backend default/api:8080 path /c');
    expect(outcome({ host: 'unknown.test', path: '/d' })).toBe('no route (404)');
    expect(unexplained).toEqual([]);
  });

  it('takes the first-alternative slot of a primary, so a later canary of that primary gets nothing', () => {
    const web: IngSpec = {
      name: 'web',
      ts: '2024-01-01T00:00:00Z',
      host: 'a.test',
      ann: { 'ssl-redirect': 'false' },
      paths: [
        { path: '/p', svc: 'one' },
        { path: '/q', svc: 'two' },
      ],
    };
    // Service two:80 is web's upstream: merged into one:80 as its first alternative, no shaping.
    const plain: IngSpec = { name: 'plain', ts: '2024-01-02T00:00:00Z', host: 'a.test', ann: { canary: 'true' }, paths: [{ path: '/p', svc: 'two' }] };
    const real: IngSpec = { name: 'real', ts: '2024-01-03T00:00:00Z', host: 'a.test', ann: { canary: 'true', 'canary-by-header': 'x-canary' }, paths: [{ path: '/p', svc: 'beta' }] };
    const { result, outcome, unexplained } = run([web, plain, real]);
    expect(outcome({ host: 'a.test', path: '/p', headers: { 'x-canary': 'always' } })).toBe('backend default/one:80 path /p');
    expect(outcome({ host: 'a.test', path: '/q' })).toBe('backend default/two:80 path /q');
    expect(result.findings.some((f) => f.ingress.name === 'real' && f.level === 'ignored' && /first alternative/.test(f.message))).toBe(true);
    expect(unexplained).toEqual([]);
  });

  it('without the older normal Ingress stays a canary (control)', () => {
    const web: IngSpec = { name: 'web', ts: '2024-01-01T00:00:00Z', host: 'a.test', ann: { 'ssl-redirect': 'false' }, paths: [{ path: '/p', svc: 'one' }] };
    const real: IngSpec = { name: 'real', ts: '2024-01-03T00:00:00Z', host: 'a.test', ann: { canary: 'true', 'canary-by-header': 'x-canary' }, paths: [{ path: '/p', svc: 'beta' }] };
    const { outcome, unexplained } = run([web, real]);
    expect(outcome({ host: 'a.test', path: '/p', headers: { 'x-canary': 'always' } })).toBe('backend default/beta:80 path /p');
    expect(unexplained).toEqual([]);
  });

  it('a canary path on a host no normal Ingress has is skipped by the merge, not a reason to delete the canary', () => {
    const web: IngSpec = { name: 'web', ts: '2024-01-01T00:00:00Z', host: 'a.test', ann: { 'ssl-redirect': 'false' }, paths: [{ path: '/p', svc: 'one' }] };
    // mergeAlternativeBackends: `servers[host]` missing → continue (no delete); a.test/p then merges.
    const real: IngSpec = {
      name: 'real',
      ts: '2024-01-03T00:00:00Z',
      ann: { canary: 'true', 'canary-by-header': 'x-canary' },
      rules: [
        { host: 'nohost.test', paths: [{ path: '/z', svc: 'beta' }] },
        { host: 'a.test', paths: [{ path: '/p', svc: 'beta' }] },
      ],
    };
    const { outcome, unexplained } = run([web, real]);
    expect(outcome({ host: 'a.test', path: '/p', headers: { 'x-canary': 'always' } })).toBe('backend default/beta:80 path /p');
    expect(outcome({ host: 'nohost.test', path: '/z' })).toBe('no route (404)');
    expect(unexplained).toEqual([]);
  });
});
