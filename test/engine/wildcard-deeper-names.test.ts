/**
 * ingress-nginx renders `*.w.test` as a one-label server name, so a.probe.w.test is served by the
 * catch-all server (rules without host). Envoy's `*.w.test` virtual host also takes the deeper
 * names: the wildcard VirtualService keeps its own routes to one label (authority match) and ends
 * with copies of the catch-all routes limited to the deeper names.
 */
import { describe, expect, it } from 'vitest';
import type { IngSpec } from '../verify/build.js';
import { runNginx } from '../verify/run-nginx.js';

function run(specs: IngSpec[]) {
  const r = runNginx(specs);
  return { ...r, wildcardVs: r.vsOf('*.w.test') };
}

const catchAll: IngSpec = {
  name: 'any',
  ts: '2024-01-01T00:00:00Z',
  ann: { 'rewrite-target': '/new', 'force-ssl-redirect': 'true' },
  rules: [{ paths: [{ path: '/x(/|$)(.*)', type: 'ImplementationSpecific', svc: 'anysvc', port: 8080 }] }],
};
const wildcard: IngSpec = { name: 'wild', ts: '2024-01-02T00:00:00Z', host: '*.w.test', ann: { 'ssl-redirect': 'false' }, paths: [{ path: '/api', svc: 'api' }] };

describe('deeper names under a wildcard host reach the catch-all rules, as in ingress-nginx', () => {
  it('a.probe.w.test gets the catch-all answers, probe.w.test the wildcard ones', () => {
    const { outcome, unexplained } = run([catchAll, wildcard]);
    // Catch-all server: regex location `~* "^/x(/|$)(.*)"`, force-ssl-redirect before the rewrite matters.
    expect(outcome({ host: 'a.probe.w.test', path: '/X' })).toBe('redirect 308 https://a.probe.w.test/X');
    expect(outcome({ host: 'a.probe.w.test', path: '/api' })).toBe('no route (404)');
    // One label: the wildcard server, which has no /x.
    expect(outcome({ host: 'probe.w.test', path: '/x' })).toBe('no route (404)');
    expect(outcome({ host: 'probe.w.test', path: '/api/1' })).toBe('backend default/api:80 path /api/1');
    expect(outcome({ host: 'other.test', path: '/x' })).toBe('redirect 308 https://other.test/x');
    expect(unexplained).toEqual([]);
  });

  it('the copies follow the wildcard routes and carry the deeper-name authority', () => {
    const { wildcardVs, result } = run([catchAll, wildcard]);
    const http = wildcardVs.spec.http!;
    const copies = http.filter((r) => r.name?.startsWith('catch-all:'));
    expect(copies.map((r) => r.name)).toEqual(['catch-all:default.any:/x(/|$)(.*):https-redirect', 'catch-all:default.any:/x(/|$)(.*)']);
    expect(http.slice(-copies.length)).toEqual(copies);
    for (const r of copies) for (const m of r.match!) expect(m.authority).toEqual({ regex: '(?i)[^.]+(\\.[^.]+)+\\.w\\.test(:[0-9]+)?' });
    const own = http.filter((r) => !r.name?.startsWith('catch-all:'));
    for (const r of own) for (const m of r.match!) expect(m.authority).toEqual({ regex: '(?i)[^.]+\\.w\\.test(:[0-9]+)?' });
    // The originals on the catch-all VirtualService keep their names and carry no authority match.
    const originals = result.resources.find((r) => r.kind === 'VirtualService' && (r as typeof wildcardVs).spec.hosts?.[0] === '*') as typeof wildcardVs;
    expect(originals.spec.http!.map((r) => r.name)).toEqual(['default.any:/x(/|$)(.*):https-redirect', 'default.any:/x(/|$)(.*)']);
    for (const r of originals.spec.http!) for (const m of r.match ?? []) expect(m.authority).toBeUndefined();
    const note = result.findings.find((f) => f.ingress.name === 'wild' && f.key === 'spec.rules.host');
    expect(note?.level).toBe('converted');
    expect(note?.message).toMatch(/copies of the catch-all routes/);
  });

  it('without catch-all rules, deeper names get 404 and nothing is copied', () => {
    const { outcome, wildcardVs, unexplained } = run([wildcard]);
    expect(outcome({ host: 'a.probe.w.test', path: '/api' })).toBe('no route (404)');
    expect(wildcardVs.spec.http!.some((r) => r.name?.startsWith('catch-all:'))).toBe(false);
    expect(unexplained).toEqual([]);
  });
});
