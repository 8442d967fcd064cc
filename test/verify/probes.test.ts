import { describe, expect, it } from 'vitest';
import { generateProbes, parseRequestLines, pathVariants, sampleFromRegex, UNKNOWN_HOST } from '../../src/verify/probes.js';
import { describeRequest } from '../../src/verify/request.js';
import { ing } from './build.js';

describe('probe generation', () => {
  it('path boundaries: p, p/, p/x, px, parent, upper case, query', () => {
    expect(pathVariants('/foo/bar').sort()).toEqual(['/FOO/BAR', '/foo', '/foo/bar', '/foo/bar/', '/foo/bar/x', '/foo/bar?q=1', '/foo/barx'].sort());
    expect(pathVariants('/foo/').sort()).toEqual(['/', '/FOO/', '/foo', '/foo/', '/foo/?q=1', '/foo/x'].sort());
    expect(pathVariants('/')).toEqual(['/', '/?q=1']);
  });
  it('regex paths get a matching sample and their literal prefix', () => {
    expect(sampleFromRegex('/id/[0-9]+')).toBe('/id/1');
    expect(sampleFromRegex('/something(/|$)(.*)')).toBe('/something/x');
    expect(sampleFromRegex('/a(?=b)')).toBeUndefined();
    expect(pathVariants('/id/[0-9]+')).toEqual(expect.arrayContaining(['/id/1', '/ID/1', '/id/']));
  });
  it('hosts, wildcard hosts (one and two labels), unknown host, https only for TLS hosts, canary headers and cookies', () => {
    const probes = generateProbes(
      [
        ing({ name: 'a', host: 'a.test', paths: [{ path: '/api', svc: 's' }] }),
        ing({ name: 'w', host: '*.w.test', paths: [{ path: '/', svc: 's' }] }),
        ing({ name: 'c', host: 'a.test', ann: { canary: 'true', 'canary-by-header': 'X-Canary', 'canary-by-cookie': 'beta' }, paths: [{ path: '/api', svc: 'c' }] }),
      ],
      { hasTls: (h) => h === 'a.test' },
    ).map(describeRequest);
    expect(probes).toEqual(
      expect.arrayContaining([
        'GET http://a.test/api',
        'GET https://a.test/apix',
        'GET http://A.TEST/',
        'GET http://probe.w.test/',
        'GET http://a.probe.w.test/',
        `GET http://${UNKNOWN_HOST}/`,
        'GET http://a.test/.well-known/acme-challenge/probe-token',
        'GET http://a.test/api [x-canary: always]',
        'GET https://a.test/api [x-canary: never]',
        'GET http://a.test/api [cookie beta=always]',
      ]),
    );
    expect(probes).not.toContain('GET https://probe.w.test/');
    expect(probes).toEqual([...probes].sort());
  });
});

describe('--requests lines', () => {
  it('reads METHOD host path, METHOD URL, bare URLs, headers and cookies', () => {
    const { requests, errors } = parseRequestLines(
      ['# comment', '', 'GET shop.test /cart?x=1', 'POST https://shop.test/api X-Canary:always Cookie:beta=never;a=b', 'http://other.test', 'https://shop.test /x'].join('\n'),
      'req.txt',
    );
    expect(errors).toEqual([]);
    expect(requests.map(describeRequest)).toEqual([
      'GET http://shop.test/cart?x=1',
      'POST https://shop.test/api [x-canary: always; cookie a=b; cookie beta=never]',
      'GET http://other.test/',
      'GET https://shop.test/x',
    ]);
    expect(requests[0]!.origin).toBe('req.txt:3');
  });
  it('reads nginx "combined" and ingress-nginx upstream log lines with the --host default', () => {
    const combined = '10.0.0.1 - - [26/Nov/2026:10:00:00 +0000] "GET /cart/items?id=3 HTTP/1.1" 200 612 "-" "curl/8.0"';
    const upstream =
      '10.0.0.1 - - [26/Nov/2026:10:00:00 +0000] "POST /api/v1 HTTP/2.0" 201 12 "-" "ua" 345 0.004 [shop-api-8080] [] 10.1.2.3:8080 12 0.004 201 abcdef';
    const { requests, errors } = parseRequestLines(`${combined}\n${upstream}`, 'access.log', { host: 'shop.test' });
    expect(errors).toEqual([]);
    expect(requests.map(describeRequest)).toEqual(['GET http://shop.test/cart/items?id=3', 'POST http://shop.test/api/v1']);
    expect(requests[1]!.origin).toBe('access.log:2 (logged upstream shop-api-8080)');
  });
  it('asks for --host when log lines carry none, and reports unreadable lines', () => {
    const { requests, errors } = parseRequestLines('1.2.3.4 - - [x] "GET / HTTP/1.1" 200 1 "-" "-"\nnonsense', 'a.log');
    expect(requests).toEqual([]);
    expect(errors).toEqual([
      { line: 1, message: 'access-log lines do not record the Host header: pass --host' },
      { line: 2, message: 'expected "METHOD host /path", "METHOD URL" or an nginx access-log line' },
    ]);
  });
});
