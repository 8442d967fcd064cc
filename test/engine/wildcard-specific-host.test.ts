/**
 * A host under a wildcard host (x.w.test next to *.w.test): ingress-nginx serves x.w.test from its
 * own server only. Istio intersects the wildcard VirtualService with the Gateway's x.w.test host
 * and merges both route lists into the x.w.test virtual host (order: creation time, then name),
 * so the wildcard routes must not match x.w.test's authority.
 */
import { describe, expect, it } from 'vitest';
import type { IngSpec } from '../verify/build.js';
import { runNginx } from '../verify/run-nginx.js';

const run = runNginx;

// *.w.test: everything answers 301 (permanent-redirect, also on its root location).
const wildcard: IngSpec = {
  name: 'wild',
  ts: '2024-01-02T00:00:00Z',
  host: '*.w.test',
  ann: { 'permanent-redirect': 'https://moved.test/here' },
  paths: [{ path: '/foo', svc: 'wsvc' }],
};
// x.w.test: /foo/bar to a backend, everything else to its default backend.
const specific: IngSpec = {
  name: 'x',
  ts: '2024-01-01T00:00:00Z',
  host: 'x.w.test',
  paths: [{ path: '/foo/bar', svc: 'xsvc' }],
  defaultBackend: { svc: 'xfallback' },
};

describe('a host under a wildcard host keeps its own routing', () => {
  it('x.w.test never gets the wildcard routes, other one-label names do', () => {
    const { outcome, unexplained } = run([specific, wildcard]);
    expect(outcome({ host: 'x.w.test', path: '/foo/bar' })).toBe('backend default/xsvc:80 path /foo/bar');
    expect(outcome({ host: 'X.W.TEST', path: '/' })).toBe('backend default/xfallback:80 path /');
    expect(outcome({ host: 'x.w.test', path: '/foo' })).toBe('backend default/xfallback:80 path /foo');
    expect(outcome({ host: 'y.w.test', path: '/foo' })).toBe('redirect 301 https://moved.test/here');
    expect(outcome({ host: 'xx.w.test', path: '/' })).toBe('redirect 301 https://moved.test/here');
    expect(outcome({ host: 'X1.w.test:8080', path: '/' })).toBe('redirect 301 https://moved.test/here');
    expect(unexplained).toEqual([]);
  });

  it('the wildcard authority excludes exactly the listed labels (case-insensitive, any port)', () => {
    const more: IngSpec = { name: 'xy', ts: '2024-01-03T00:00:00Z', rules: [{ host: 'xy.w.test', paths: [{ path: '/', svc: 'xy' }] }, { host: 'a.b.w.test', paths: [{ path: '/', svc: 'ab' }] }] };
    const { vsOf } = run([specific, wildcard, more]);
    const authority = vsOf('*.w.test').spec.http![0]!.match![0]!.authority as { regex: string };
    const re = new RegExp(`^(?:${authority.regex.replace('(?i)', '')})$`, 'i');
    for (const h of ['x.w.test', 'X.W.TEST', 'xy.w.test', 'xY.w.test:80']) expect(re.test(h), h).toBe(false);
    for (const h of ['y.w.test', 'xx.w.test', 'x1.w.test', 'xyz.w.test', 'a.w.test:443', 'b.w.test']) expect(re.test(h), h).toBe(true);
    // Deeper names are not one-label names (a.b.w.test has its own exact virtual host anyway).
    expect(re.test('a.b.w.test')).toBe(false);
  });
});
