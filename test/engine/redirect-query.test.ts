/**
 * nginx's `return <code> <url>` (permanent-redirect, temporal-redirect) sends the URL as written,
 * query string included, and drops the request's own query when the URL has one. Envoy's
 * path_redirect with a query string does the same, so the query must stay in HTTPRedirect.uri.
 */
import { describe, expect, it } from 'vitest';
import { runNginx } from '../verify/run-nginx.js';

describe('redirect targets keep their query string', () => {
  it.each([
    ['temporal-redirect', 'https://tmp.test/there?x=1', 302],
    ['permanent-redirect', 'https://moved.test/?a=b&c=d', 301],
  ] as const)('%s %s', (key, url, code) => {
    const { outcome, unexplained, vsOf } = runNginx([
      { name: 'web', ts: '2024-01-01T00:00:00Z', rules: [{ host: 'a.test', paths: [{ path: '/foo', type: 'Prefix', svc: 's1', port: 80 }] }], ann: { [key]: url } },
    ]);
    const route = vsOf('a.test').spec.http!.find((r) => r.name === 'default.web:/foo')!;
    expect(route.redirect?.uri).toBe(url.slice(url.indexOf('/', 8)));
    expect(outcome({ host: 'a.test', path: '/foo?q=1' })).toBe(`redirect ${code} ${url}`);
    expect(unexplained).toEqual([]);
  });
});
