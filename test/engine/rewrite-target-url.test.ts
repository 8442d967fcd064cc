/**
 * ingress-nginx writes rewrite-target into `rewrite "(?i)<location regex>" <target> break;`. nginx's
 * rewrite directive answers a replacement that starts with `http://` or `https://` with a redirect
 * (302 with `break`), the request arguments appended, instead of proxying with a new path. The root
 * location of a host carries the annotations of the Ingress that created it, so unmatched paths
 * redirect too. The rewrite runs before the Lua HTTPS redirect. Expectations from the nginx docs
 * (ngx_http_rewrite_module) and ingress-nginx's nginx.tmpl.
 */
import { describe, expect, it } from 'vitest';
import type { IngSpec } from '../verify/build.js';
import { runNginx } from '../verify/run-nginx.js';

const web = (ann: Record<string, string>, extra: Partial<IngSpec> = {}): IngSpec => ({
  name: 'web',
  ts: '2024-01-01T00:00:00Z',
  rules: [{ host: 'a.test', paths: [{ path: '/foo', type: 'Prefix', svc: 's1', port: 80 }] }],
  ann,
  ...extra,
});

describe('ingress-nginx rewrite-target with an absolute URL is a 302 redirect', () => {
  it('the paths redirect to the URL, query string appended, and are not proxied', () => {
    const { outcome, unexplained, vsOf, result } = runNginx([web({ 'rewrite-target': 'https://x.test/y' })]);
    expect(outcome({ host: 'a.test', path: '/foo/1?q=1' })).toBe('redirect 302 https://x.test/y?q=1');
    expect(outcome({ host: 'a.test', path: '/FOO' })).toBe('redirect 302 https://x.test/y');
    const routes = vsOf('a.test').spec.http!;
    const foo = routes.find((r) => r.name === 'default.web:/foo')!;
    expect(foo.redirect).toEqual({ uri: '/y', authority: 'x.test', scheme: 'https', redirectCode: 302 });
    expect(foo.route).toBeUndefined();
    expect(foo.rewrite).toBeUndefined();
    const f = result.findings.find((x) => x.key === 'nginx.ingress.kubernetes.io/rewrite-target')!;
    expect(f.level).toBe('converted');
    expect(f.message).toMatch(/302 redirect/);
    expect(unexplained).toEqual([]);
  });

  it('unmatched paths of the host it created redirect too (its root location), with or without a default backend', () => {
    for (const extra of [{}, { defaultBackend: { svc: 'fallback' } }]) {
      const { outcome, unexplained } = runNginx([web({ 'rewrite-target': 'https://x.test/y' }, extra)]);
      expect(outcome({ host: 'a.test', path: '/other' })).toBe('redirect 302 https://x.test/y');
      expect(unexplained).toEqual([]);
    }
  });

  it('the rewrite redirect comes before the HTTPS redirect', () => {
    const { outcome, unexplained } = runNginx([web({ 'rewrite-target': 'http://x.test/y', 'force-ssl-redirect': 'true' })]);
    expect(outcome({ host: 'a.test', path: '/foo', scheme: 'http' })).toBe('redirect 302 http://x.test/y');
    expect(unexplained).toEqual([]);
  });

  it('an absolute URL with capture references is reported, not converted, and explains the difference', () => {
    const { outcome, unexplained, result } = runNginx([web({ 'rewrite-target': 'https://x.test/$1' })]);
    expect(outcome({ host: 'a.test', path: '/foo/1' })).toBe('backend default/s1:80 path /foo/1');
    const f = result.findings.find((x) => x.key === 'nginx.ingress.kubernetes.io/rewrite-target')!;
    expect(f.level).toBe('unsupported');
    expect(f.message).toMatch(/cannot build/);
    expect(unexplained).toEqual([]);
  });
});
