/**
 * Istio model: expected outcomes written from the Istio/Envoy semantics in
 * shared/reference/istio-api.md (first match, RE2 full match, prefix_rewrite, httpsRedirect...).
 */
import { describe, expect, it } from 'vitest';
import { IstioModel } from '../../src/verify/istio-model.js';
import { makeRequest, type Outcome } from '../../src/verify/request.js';
import type { IstioResource } from '../../src/istio/types.js';
import { dest, gateway, httpServer, httpsServer, svc, vs } from './build.js';

function route(resources: IstioResource[], url: string, extra: { headers?: Record<string, string>; cookies?: Record<string, string> } = {}): Outcome {
  const u = /^(https?):\/\/([^/]+)(.*)$/.exec(url)!;
  return new IstioModel(resources, [svc('one', [{ port: 8080 }])]).evaluate(makeRequest({ scheme: u[1] as 'http', host: u[2]!, path: u[3] || '/', ...extra })).outcome;
}
const backend = (service: string, upstreamPath: string, port: number | undefined = 80): Outcome => ({
  type: 'backend',
  targets: [{ service, namespace: 'default', ...(port !== undefined ? { port } : {}), share: 1 }],
  upstreamPath,
});

describe('Istio model: matching', () => {
  const gw = gateway([httpServer(['*'])]);
  it('uri.prefix is a plain string prefix; exact is exact; both case-sensitive', () => {
    const r = [gw, vs('v', ['a.test'], [{ match: [{ uri: { exact: '/e' } }], route: [dest('exact')] }, { match: [{ uri: { prefix: '/p' } }], route: [dest('prefix')] }])];
    expect(route(r, 'http://a.test/pxyz')).toEqual(backend('prefix', '/pxyz'));
    expect(route(r, 'http://a.test/e')).toEqual(backend('exact', '/e'));
    expect(route(r, 'http://a.test/e/')).toEqual({ type: 'no-route' });
    expect(route(r, 'http://a.test/P')).toEqual({ type: 'no-route' });
  });
  it('ignoreUriCase applies to exact/prefix only, not regex', () => {
    const r = [
      gw,
      vs('v', ['a.test'], [
        { match: [{ uri: { prefix: '/p' }, ignoreUriCase: true }], route: [dest('prefix')] },
        { match: [{ uri: { regex: '/r.*' }, ignoreUriCase: true }], route: [dest('regex')] },
      ]),
    ];
    expect(route(r, 'http://a.test/PX')).toEqual(backend('prefix', '/PX'));
    expect(route(r, 'http://a.test/R1')).toEqual({ type: 'no-route' });
  });
  it('regex is an RE2 full match of the path without the query', () => {
    const r = [gw, vs('v', ['a.test'], [{ match: [{ uri: { regex: '(?i)^/id/[0-9]+' } }], route: [dest('ids')] }])];
    expect(route(r, 'http://a.test/ID/12?x=y')).toEqual(backend('ids', '/ID/12?x=y'));
    expect(route(r, 'http://a.test/id/12a')).toEqual({ type: 'no-route' });
  });
  it('first match wins; match blocks are OR-ed, fields AND-ed; headers, withoutHeaders, scheme, cookie header', () => {
    const r = [
      gw,
      vs('v', ['a.test'], [
        { match: [{ uri: { prefix: '/' }, headers: { 'x-canary': { exact: 'always' } } }, { headers: { cookie: { regex: '^(.*;\\s*)?beta=always(;.*)?$' } } }], route: [dest('canary')] },
        { match: [{ withoutHeaders: { 'x-skip': { exact: '1' } }, scheme: { exact: 'http' } }], route: [dest('main')] },
      ]),
    ];
    expect(route(r, 'http://a.test/x', { headers: { 'X-Canary': 'always' } })).toEqual(backend('canary', '/x'));
    expect(route(r, 'http://a.test/x', { cookies: { beta: 'always', other: '1' } })).toEqual(backend('canary', '/x'));
    expect(route(r, 'http://a.test/x', { cookies: { beta: 'never' } })).toEqual(backend('main', '/x'));
    expect(route(r, 'http://a.test/x', { headers: { 'x-skip': '1' } })).toEqual({ type: 'no-route' });
  });
});

describe('Istio model: hosts and binding', () => {
  it('Envoy wildcard: exact > suffix wildcard (any depth) > *', () => {
    const r = [
      gateway([httpServer(['*'])]),
      vs('w', ['*.example.com'], [{ route: [dest('wild')] }]),
      vs('x', ['www.example.com'], [{ route: [dest('www')] }]),
      vs('z', ['*'], [{ route: [dest('any')] }]),
    ];
    expect(route(r, 'http://www.example.com/')).toEqual(backend('www', '/'));
    expect(route(r, 'http://a.b.example.com/')).toEqual(backend('wild', '/'));
    expect(route(r, 'http://EXAMPLE.com/')).toEqual(backend('any', '/'));
  });
  it('a VirtualService without gateways binds to mesh only; ns/ in server hosts restricts the VS namespace', () => {
    const unbound = vs('v', ['a.test'], [{ route: [dest('x')] }], { gateways: [] });
    expect(route([gateway([httpServer(['*'])]), unbound], 'http://a.test/')).toEqual({ type: 'no-route' });
    const other = vs('v', ['a.test'], [{ route: [dest('x')] }], { ns: 'apps' });
    expect(route([gateway([httpServer(['istio-system/*'])]), other], 'http://a.test/')).toEqual({ type: 'no-route' });
    expect(route([gateway([httpServer(['apps/a.test'])]), other], 'http://a.test/')).toEqual(backend('x', '/'));
    expect(route([gateway([httpServer(['b.test'])]), other], 'http://a.test/')).toEqual({ type: 'no-route' });
  });
  it('bare gateway names resolve in the VirtualService namespace', () => {
    const v = vs('v', ['a.test'], [{ route: [dest('x')] }], { ns: 'apps', gateways: ['gw'] });
    expect(route([gateway([httpServer(['*'])]), v], 'http://a.test/')).toEqual({ type: 'no-route' });
    expect(route([gateway([httpServer(['*'])], 'gw', 'apps'), v], 'http://a.test/')).toEqual(backend('x', '/'));
  });
  it('httpsRedirect answers plain HTTP with 301 keeping path and query; HTTPS picks the server by SNI', () => {
    const r = [gateway([httpServer(['a.test'], true), httpsServer(['a.test'])]), vs('v', ['a.test'], [{ route: [dest('x')] }])];
    expect(route(r, 'http://a.test/p/?q=1')).toEqual({ type: 'redirect', code: 301, location: 'https://a.test/p/?q=1' });
    expect(route(r, 'https://a.test/p')).toEqual(backend('x', '/p'));
    expect(route(r, 'https://b.test/p').type).toBe('refused');
  });
  it('merged VirtualServices for one host: catch-all routes move to the end', () => {
    const r = [
      gateway([httpServer(['*'])]),
      vs('a-first', ['a.test'], [{ match: [{ uri: { prefix: '/' } }], route: [dest('all')] }]),
      vs('b-second', ['a.test'], [{ match: [{ uri: { prefix: '/api' } }], route: [dest('api')] }]),
    ];
    expect(route(r, 'http://a.test/api/x')).toEqual(backend('api', '/api/x'));
  });
});

describe('Istio model: Istio route assembly', () => {
  it('a * VirtualService merges into every host of an HTTPS server; with two catch-alls the VS order (name) decides', () => {
    const r = [
      gateway([httpServer(['*']), httpsServer(['a.test'])]),
      vs('a-catch-all', ['*'], [{ match: [{ uri: { prefix: '/' } }], route: [dest('fallback')] }]),
      vs('b-host', ['a.test'], [{ match: [{ uri: { prefix: '/' } }], route: [dest('site')] }]),
    ];
    // Plain HTTP: server host `*` gives separate virtual hosts `*` and `a.test`.
    expect(route(r, 'http://a.test/')).toEqual(backend('site', '/'));
    // HTTPS: both VirtualServices intersect with the server host a.test and merge.
    expect(route(r, 'https://a.test/')).toEqual(backend('fallback', '/'));
  });
  it('routes after a catch-all route of a VirtualService are dropped', () => {
    const r = [gateway([httpServer(['*'])]), vs('v', ['a.test'], [{ route: [dest('all')] }, { match: [{ uri: { exact: '/x' } }], route: [dest('x')] }])];
    expect(route(r, 'http://a.test/x')).toEqual(backend('all', '/x'));
  });
});

describe('Istio model: actions', () => {
  const gw = gateway([httpServer(['*'])]);
  it('redirect: uri replaces the path, query kept, default code 301, authority and scheme', () => {
    const r = [gw, vs('v', ['a.test'], [{ match: [{ uri: { exact: '/' } }], redirect: { uri: '/app', redirectCode: 302 } }, { redirect: { scheme: 'https', authority: 'b.test' } }])];
    expect(route(r, 'http://a.test/?x=1')).toEqual({ type: 'redirect', code: 302, location: 'http://a.test/app?x=1' });
    expect(route(r, 'http://a.test/p?y=2')).toEqual({ type: 'redirect', code: 301, location: 'https://b.test/p?y=2' });
  });
  it('directResponse', () => {
    expect(route([gw, vs('v', ['a.test'], [{ directResponse: { status: 503 } }])], 'http://a.test/')).toEqual({ type: 'response', status: 503 });
  });
  it('rewrite.uri is Envoy prefix_rewrite: /api + rewrite / turns /api/users into //users', () => {
    const r = [gw, vs('v', ['a.test'], [{ match: [{ uri: { prefix: '/api' } }], rewrite: { uri: '/' }, route: [dest('api')] }])];
    expect(route(r, 'http://a.test/api/users?q=1')).toEqual(backend('api', '//users?q=1'));
  });
  it('uriRegexRewrite is Envoy regex_rewrite with \\N substitutions, query kept', () => {
    const r = [
      gw,
      vs('v', ['a.test'], [{ match: [{ uri: { regex: '(?i)^/something(/|$)(.*)' } }], rewrite: { uriRegexRewrite: { match: '(?i)^/something(/|$)(.*)', rewrite: '/\\2' } }, route: [dest('s')] }]),
    ];
    expect(route(r, 'http://a.test/something/new?x=1')).toEqual(backend('s', '/new?x=1'));
    expect(route(r, 'http://a.test/SOMETHING')).toEqual(backend('s', '/'));
  });
  it('weighted destinations are relative; short host names resolve in the VS namespace; missing port from a one-port Service', () => {
    const r = [gw, vs('v', ['a.test'], [{ route: [dest('stable', 80, 'default', 3), dest('canary', 80, 'default', 1)] }])];
    expect(route(r, 'http://a.test/')).toEqual({
      type: 'backend',
      targets: [
        { service: 'stable', namespace: 'default', port: 80, share: 0.75 },
        { service: 'canary', namespace: 'default', port: 80, share: 0.25 },
      ],
      upstreamPath: '/',
    });
    const short = vs('v', ['a.test'], [{ route: [{ destination: { host: 'one' } }] }], { ns: 'default', gateways: ['istio-system/gw'] });
    expect(route([gw, short], 'http://a.test/')).toEqual(backend('one', '/', 8080));
  });
});
