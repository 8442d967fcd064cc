/**
 * The catch-all server, app-root and canary Ingresses: what ingress-nginx does (hand-written from
 * controller.go createServers / getBackendServers / mergeAlternativeBackends and nginx.tmpl), and
 * that the converted Istio output routes the same (verify finds no unexplained difference).
 * The sets are the examples the property census found.
 */
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/engine/convert.js';
import { defaultOptions } from '../../src/model/options.js';
import { verify } from '../../src/verify/index.js';
import { NginxModel } from '../../src/verify/source-nginx.js';
import { describeOutcome, describeRequest, makeRequest, type Outcome } from '../../src/verify/request.js';
import { ing, inputSet, type IngSpec } from './build.js';

function nginxRoute(specs: IngSpec[], url: string, extra: { headers?: Record<string, string>; cookies?: Record<string, string> } = {}): Outcome {
  const m = new NginxModel({ ingresses: specs.map((s) => ing(s)), services: [] });
  const u = /^(https?):\/\/([^/]+)(.*)$/.exec(url)!;
  return m.evaluate(makeRequest({ scheme: u[1] as 'http', host: u[2]!, path: u[3] || '/', ...extra })).outcome;
}

function unexplained(specs: IngSpec[]): string[] {
  const input = inputSet(specs.map((s) => ing(s)));
  const result = convert(input, defaultOptions());
  return verify(input, result.resources, result.findings)
    .differences.filter((d) => d.explainedBy.length === 0)
    .map((d) => `${describeRequest(d.request)}: nginx ${describeOutcome(d.old)}, istio ${describeOutcome(d.new)}`);
}

const backend = (service: string, upstreamPath: string, port = 80): Outcome => ({ type: 'backend', targets: [{ service, namespace: 'default', port, share: 1 }], upstreamPath });

const ruleLessAppRoot: IngSpec[] = [
  { name: 'ing0', ts: '2024-01-01T00:00:00Z', ann: { 'use-regex': 'true', 'rewrite-target': '/$2', 'ssl-redirect': 'false', 'app-root': '/app' }, defaultBackend: { svc: 'fallback' } },
  { name: 'ing1', ts: '2024-01-02T00:00:00Z', rules: [{ host: '*.w.test', paths: [{ path: '/bar', type: 'Exact', svc: 's1', port: 8080 }] }], ann: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-weight': '0' } },
];

const unservedAppRoot: IngSpec[] = [
  { name: 'ing0', ts: '2024-01-01T00:00:00Z', rules: [{ paths: [{ path: '/bar', type: 'Prefix', svc: 's1' }] }], ann: { canary: 'true', 'canary-by-cookie': 'beta', 'canary-weight': '30' } },
  {
    name: 'ing1',
    ts: '2024-01-02T00:00:00Z',
    rules: [{ paths: [{ path: '/foo/bar', type: 'Exact', svc: 's2' }, { path: '/bar', type: 'Exact', svc: 's1', port: 8080 }, { path: '/foo/.*', type: 'ImplementationSpecific', svc: 's2' }] }],
    ann: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-by-cookie': 'beta' },
    defaultBackend: { svc: 'cfallback' },
  },
  { name: 'ing2', ts: '2024-01-03T00:00:00Z', rules: [{ paths: [{ path: '/foo/', type: 'Prefix', svc: 's2' }] }], ann: { 'use-regex': 'true', 'app-root': '/app', 'permanent-redirect': 'https://moved.test/here' } },
];

const canaryOnCatchAll: IngSpec[] = [
  {
    name: 'ing0',
    ts: '2024-01-01T00:00:00Z',
    rules: [{ host: '*.w.test', paths: [{ path: '/foo', type: 'ImplementationSpecific', svc: 's1' }, { path: '/foo/.*', type: 'ImplementationSpecific', svc: 's1' }] }],
    ann: { 'use-regex': 'true', 'rewrite-target': '/new', 'ssl-redirect': 'false', 'app-root': '/app', 'permanent-redirect': 'https://moved.test/here' },
  },
  {
    name: 'ing1',
    ts: '2024-01-02T00:00:00Z',
    rules: [{ host: 'x.w.test', paths: [{ path: '/foo/', type: 'Exact', svc: 's1' }] }],
    ann: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-by-cookie': 'beta', 'canary-weight': '100' },
    defaultBackend: { svc: 'cfallback' },
  },
];

const canaryDefaultBackends: IngSpec[] = [
  { name: 'ing0', ts: '2024-01-01T00:00:00Z', ann: { 'force-ssl-redirect': 'true', 'app-root': '/app' }, defaultBackend: { svc: 'fallback' } },
  { name: 'ing1', ts: '2024-01-02T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/foo', type: 'Prefix', svc: 's1', port: 8080 }] }] },
  { name: 'ing2', ts: '2024-01-03T00:00:00Z', ann: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-weight': '100' }, defaultBackend: { svc: 'cfallback' } },
  {
    name: 'ing3',
    ts: '2024-01-04T00:00:00Z',
    rules: [{ paths: [{ path: '/app', type: 'ImplementationSpecific', svc: 's1', port: 8080 }] }],
    ann: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-weight': '0' },
    defaultBackend: { svc: 'cfallback' },
  },
];

describe('ingress-nginx model: the catch-all server', () => {
  it("a rule-less Ingress's default backend serves / without its app-root, rewrite or redirects", () => {
    expect(nginxRoute(ruleLessAppRoot, 'http://unknown.test/')).toEqual(backend('fallback', '/'));
    expect(nginxRoute(ruleLessAppRoot, 'http://unknown.test/x/y')).toEqual(backend('fallback', '/x/y'));
  });

  it('an app-root whose Ingress has no served location is never written: / gets 404', () => {
    expect(nginxRoute(unservedAppRoot, 'http://unknown.test/')).toEqual({ type: 'no-route' });
  });

  it('a canary path whose Service has a normal upstream is a plain location of the catch-all (with its 301 for the slash-less form)', () => {
    expect(nginxRoute(canaryOnCatchAll, 'http://unknown.test/foo')).toEqual({ type: 'redirect', code: 301, location: 'http://unknown.test/foo/' });
    // ...and ing1's canary default backend (weight 100) joined that location's upstream default-s1-80.
    expect(nginxRoute(canaryOnCatchAll, 'http://unknown.test/foo/')).toEqual(backend('cfallback', '/foo/'));
  });

  it('a canary default backend joins every catch-all upstream, with the rules of the Ingress that created it (the newest)', () => {
    // ing3 re-created default-cfallback-80 last: header x-canary, weight 0.
    expect(nginxRoute(canaryDefaultBackends, 'http://unknown.test/')).toEqual(backend('fallback', '/'));
    expect(nginxRoute(canaryDefaultBackends, 'http://unknown.test/', { headers: { 'x-canary': 'always' } })).toEqual(backend('cfallback', '/'));
    expect(nginxRoute(canaryDefaultBackends, 'http://unknown.test/app')).toEqual(backend('s1', '/app', 8080));
    // default-s1-8080 is also b.test's upstream: the canary reaches it there too.
    expect(nginxRoute(canaryDefaultBackends, 'http://b.test/foo', { headers: { 'x-canary': 'always' } })).toEqual(backend('cfallback', '/foo'));
  });
});

const hostDefaultRewrite: IngSpec[] = [
  {
    name: 'web',
    ts: '2024-01-01T00:00:00Z',
    rules: [{ host: 'a.test', paths: [{ path: '/foo/bar', type: 'ImplementationSpecific', svc: 's2' }, { path: '/foo/bar', type: 'Exact', svc: 's1', port: 8080 }] }],
    ann: { 'use-regex': 'true', 'rewrite-target': '/new', 'ssl-redirect': 'false' },
    defaultBackend: { svc: 'fallback' },
  },
];

describe("ingress-nginx model: a host's root location", () => {
  it("rewrites what reaches the host's default backend with the creating Ingress's rewrite-target", () => {
    expect(nginxRoute(hostDefaultRewrite, 'http://a.test/APP?x=1')).toEqual(backend('fallback', '/new?x=1'));
  });
});

const hostWithoutServedPath: IngSpec[] = [
  { name: 'ing0', ts: '2024-01-01T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/', type: 'Exact', svc: 's1' }] }], ann: { 'use-regex': 'true', 'ssl-redirect': 'false' } },
  { name: 'ing1', ts: '2024-01-02T00:00:00Z', ann: { canary: 'true', 'canary-by-cookie': 'beta', 'canary-weight': '0' }, defaultBackend: { svc: 'cfallback' } },
  { name: 'ing2', ts: '2024-01-03T00:00:00Z', ann: { 'use-regex': 'true', 'rewrite-target': '/new', 'permanent-redirect': 'https://moved.test/here' }, defaultBackend: { svc: 'fallback' } },
];

describe('ingress-nginx model: a host without a served path', () => {
  it('answers 404 from its own root location (regex mode shadows its Exact /), never the catch-all', () => {
    expect(nginxRoute(hostWithoutServedPath, 'http://b.test/')).toEqual({ type: 'no-route' });
    expect(nginxRoute(hostWithoutServedPath, 'http://unknown.test/x')).toEqual(backend('fallback', '/x'));
  });
});

const canaryOnRootLocation: IngSpec[] = [
  { name: 'canary', ts: '2024-01-01T00:00:00Z', rules: [{ paths: [{ path: '/', svc: 'c1' }, { path: '/api', svc: 'c1' }] }], ann: { canary: 'true', 'canary-by-cookie': 'beta', 'canary-weight': '30' } },
  { name: 'fallback', ts: '2024-01-02T00:00:00Z', ann: { 'ssl-redirect': 'false' }, defaultBackend: { svc: 'fallback' } },
  { name: 'late', ts: '2024-01-03T00:00:00Z', rules: [{ host: 'b.test', paths: [{ path: '/foo/bar', svc: 'c1' }] }], ann: { canary: 'true', 'canary-weight': '100' }, defaultBackend: { svc: 'cfallback' } },
];

describe('ingress-nginx model: canaries on the root location', () => {
  it('a canary merged into the root location and then deleted leaves the default backend without canary', () => {
    expect(nginxRoute(canaryOnRootLocation, 'http://b.test/')).toEqual(backend('fallback', '/'));
    expect(nginxRoute(canaryOnRootLocation, 'http://b.test/', { cookies: { beta: 'always' } })).toEqual(backend('fallback', '/'));
  });
});

describe('converted catch-all sets route like ingress-nginx', () => {
  it.each([
    ['rule-less default backend with app-root', ruleLessAppRoot],
    ['app-root of an Ingress without a served location', unservedAppRoot],
    ['canary path served as a plain catch-all location', canaryOnCatchAll],
    ['canary default backends on the catch-all', canaryDefaultBackends],
    ["a host's default backend behind a rewrite-target", hostDefaultRewrite],
    ['a host without a served path next to a catch-all', hostWithoutServedPath],
    ['canaries on the root location of the catch-all', canaryOnRootLocation],
  ])('%s', (_name, specs) => {
    expect(unexplained(specs)).toEqual([]);
  });
});
