import { describe, expect, it } from 'vitest';
import schemaFile from '../../src/istio/generated/schema.json' with { type: 'json' };
import { parseGoDuration, schemaWalksForTesting, validateAll, validateResource, type ValidationError } from '../../src/istio/validate.js';

// Valid examples, written by hand from the Istio API reference. Each invalid case below is one of
// these with a single change, so the expected error list is exactly the one error of that change.

function gateway(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'web-gw', namespace: 'istio-system', labels: { app: 'web' } },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*/app.example.com'], tls: { httpsRedirect: true } },
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop/app.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'app-example-com-tls', minProtocolVersion: 'TLSV1_2' },
        },
        { port: { number: 8443, name: 'tls-db', protocol: 'tls' }, hosts: ['db.example.com'], tls: { mode: 'PASSTHROUGH' } },
      ],
    },
  };
}

function virtualService(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'app-example-com', namespace: 'shop', annotations: { 'ingress2istio.io/source': 'shop/app' } },
    spec: {
      hosts: ['app.example.com'],
      gateways: ['istio-system/web-gw'],
      http: [
        {
          name: 'api',
          match: [{ uri: { exact: '/api' } }, { uri: { prefix: '/api/' }, headers: { 'x-version': { regex: 'v[0-9]+' } } }],
          route: [
            { destination: { host: 'api.shop.svc.cluster.local', port: { number: 8080 } }, weight: 90 },
            { destination: { host: 'api-canary.shop.svc.cluster.local', port: { number: 8080 } }, weight: 10 },
          ],
          timeout: '1.5s',
          retries: { attempts: 3, perTryTimeout: '300ms', retryOn: '5xx,connect-failure' },
          corsPolicy: { allowOrigins: [{ regex: '.*' }], allowMethods: ['GET', 'POST'], maxAge: '1h2m', allowCredentials: true },
          headers: { request: { set: { 'x-forwarded-proto': 'https' } }, response: { remove: ['server'] } },
          mirrors: [{ destination: { host: 'shadow.shop.svc.cluster.local' }, percentage: { value: 12.5 } }],
        },
        { match: [{ uri: { prefix: '/old/' } }], redirect: { uri: '/new/', redirectCode: 308 } },
        { match: [{ uri: { exact: '/maintenance' } }], directResponse: { status: 503, body: { string: 'down' } } },
        {
          match: [{ uri: { regex: '/users/([0-9]+)/profile' }, queryParams: { Debug: { exact: '1' } } }],
          rewrite: { uriRegexRewrite: { match: '/users/([0-9]+)/profile', rewrite: '/profile?id=\\1' } },
          route: [{ destination: { host: 'users.shop.svc.cluster.local' } }],
        },
      ],
      tls: [{ match: [{ sniHosts: ['db.example.com'], port: 8443 }], route: [{ destination: { host: 'db.shop.svc.cluster.local', port: { number: 5432 } } }] }],
    },
  };
}

function destinationRule(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      host: 'api.shop.svc.cluster.local',
      exportTo: ['.', 'istio-system'],
      trafficPolicy: {
        loadBalancer: { consistentHash: { httpCookie: { name: 'route', path: '/', ttl: '0s' } } },
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: '5s', idleTimeout: '1h' },
          http: { idleTimeout: '30s', h2UpgradePolicy: 'UPGRADE', maxRequestsPerConnection: 1 },
        },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        portLevelSettings: [{ port: { number: 8443 }, tls: { mode: 'SIMPLE', sni: 'api.example.com', insecureSkipVerify: true } }],
      },
    },
  };
}

function authorizationPolicy(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'app-allowlist', namespace: 'istio-system' },
    spec: {
      selector: { matchLabels: { istio: 'ingressgateway' } },
      action: 'DENY',
      rules: [
        {
          from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8', '192.168.1.7'] } }],
          to: [{ operation: { hosts: ['app.example.com'], paths: ['/admin/*'], methods: ['GET'] } }],
          when: [{ key: 'request.headers[x-env]', values: ['prod'] }],
        },
      ],
    },
  };
}

function envoyFilter(): any {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name: 'app-ratelimit', namespace: 'istio-system' },
    spec: {
      workloadSelector: { labels: { istio: 'ingressgateway' } },
      priority: 10,
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'GATEWAY',
            listener: {
              filterChain: {
                filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } },
              },
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {
              name: 'envoy.filters.http.local_ratelimit',
              typed_config: {
                '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                stat_prefix: 'http_local_rate_limiter',
                token_bucket: { max_tokens: 10, tokens_per_fill: 10, fill_interval: '1s' },
              },
            },
          },
        },
      ],
    },
  };
}

function expectErrors(obj: unknown, expected: ValidationError[]): void {
  expect(validateResource(obj)).toEqual(expected);
}

describe('validateResource: valid examples', () => {
  it.each([
    ['Gateway', gateway],
    ['VirtualService', virtualService],
    ['DestinationRule', destinationRule],
    ['AuthorizationPolicy', authorizationPolicy],
    ['EnvoyFilter', envoyFilter],
  ])('accepts %s', (_kind, make) => {
    expectErrors(make(), []);
  });

  it('accepts the older served versions', () => {
    for (const [make, apiVersion] of [
      [gateway, 'networking.istio.io/v1beta1'],
      [virtualService, 'networking.istio.io/v1alpha3'],
      [destinationRule, 'networking.istio.io/v1beta1'],
      [authorizationPolicy, 'security.istio.io/v1beta1'],
    ] as const) {
      expectErrors({ ...make(), apiVersion }, []);
    }
  });

  it('treats EnvoyFilter patch values as free-form and a CUSTOM policy with a provider as valid', () => {
    const ef = envoyFilter();
    ef.spec.configPatches[0].patch.value.anything = { goes: [1, 'two', { three: null }] };
    expectErrors(ef, []);
    const ap = authorizationPolicy();
    ap.spec.action = 'CUSTOM';
    ap.spec.provider = { name: 'ext-authz' };
    expectErrors(ap, []);
  });
});

describe('validateResource: invalid examples', () => {
  it('unknown field (typo)', () => {
    const vs = virtualService();
    vs.spec.http[0].retires = { attempts: 2 };
    expectErrors(vs, [{ path: 'spec.http[0].retires', message: 'unknown field' }]);
  });

  it('StringMatch with both prefix and exact', () => {
    const vs = virtualService();
    vs.spec.http[1].match[0].uri = { prefix: '/old/', exact: '/old' };
    expectErrors(vs, [{ path: 'spec.http[1].match[0].uri', message: 'only one of exact, prefix, regex may be set; found exact, prefix' }]);
  });

  it('bad enum', () => {
    const gw = gateway();
    gw.spec.servers[1].tls.mode = 'SIMPLEX';
    expectErrors(gw, [
      {
        path: 'spec.servers[1].tls.mode',
        message: 'must be one of PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL; got "SIMPLEX"',
      },
    ]);
  });

  it('bad duration', () => {
    const vs = virtualService();
    vs.spec.http[0].timeout = '30 seconds';
    expectErrors(vs, [{ path: 'spec.http[0].timeout', message: 'must be a duration such as 1.5s, 300ms or 1h2m; got "30 seconds"' }]);
  });

  it('duration below the CEL minimum of 1ms, and a bad duration deep in a DestinationRule', () => {
    const vs = virtualService();
    vs.spec.http[0].retries.perTryTimeout = '0s';
    expectErrors(vs, [{ path: 'spec.http[0].retries.perTryTimeout', message: 'must be a duration of at least 1ms; got "0s"' }]);
    const dr = destinationRule();
    dr.spec.trafficPolicy.outlierDetection.baseEjectionTime = '30';
    dr.spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl = '1 day';
    expectErrors(dr, [
      { path: 'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl', message: 'must be a duration such as 1.5s, 300ms or 1h2m; got "1 day"' },
      { path: 'spec.trafficPolicy.outlierDetection.baseEjectionTime', message: 'must be a duration such as 1.5s, 300ms or 1h2m; got "30"' },
    ]);
  });

  it('redirect code 305', () => {
    const vs = virtualService();
    vs.spec.http[1].redirect.redirectCode = 305;
    expectErrors(vs, [{ path: 'spec.http[1].redirect.redirectCode', message: 'must be one of 301, 302, 303, 307, 308; got 305' }]);
  });

  it('route and redirect together', () => {
    const vs = virtualService();
    vs.spec.http[0].redirect = { scheme: 'https' };
    expectErrors(vs, [{ path: 'spec.http[0]', message: 'only one of route, redirect, directResponse, delegate may be set; found route, redirect' }]);
  });

  it('route without any action', () => {
    const vs = virtualService();
    delete vs.spec.http[2].directResponse;
    expectErrors(vs, [{ path: 'spec.http[2]', message: 'one of route, redirect, directResponse or delegate is required' }]);
  });

  it('rewrite with redirect', () => {
    const vs = virtualService();
    vs.spec.http[1].rewrite = { uri: '/x/' };
    expectErrors(vs, [{ path: 'spec.http[1].rewrite', message: 'rewrite cannot be combined with redirect or directResponse' }]);
  });

  it('regex that RE2 rejects (look-behind)', () => {
    const vs = virtualService();
    vs.spec.http[3].match[0].uri = { regex: '(?<=a)b' };
    expectErrors(vs, [
      { path: 'spec.http[3].match[0].uri.regex', message: 'not a valid RE2 regex: error parsing regexp: invalid named capture: `(?<=a)b`' },
    ]);
  });

  it('regex longer than 1024 characters, in a header match', () => {
    const vs = virtualService();
    vs.spec.http[0].match[1].headers['x-version'] = { regex: 'a'.repeat(1025) };
    expectErrors(vs, [{ path: 'spec.http[0].match[1].headers["x-version"].regex', message: 'regex must be at most 1024 characters long; has 1025' }]);
  });

  it('upper-case header match key', () => {
    const vs = virtualService();
    vs.spec.http[0].match[1].headers = { 'X-Version': { exact: 'v2' } };
    expectErrors(vs, [{ path: 'spec.http[0].match[1].headers["X-Version"]', message: 'header name must be lower-case' }]);
  });

  it('VirtualService rules beyond the schema, each at its own path, in walk order', () => {
    const vs = virtualService();
    const api = vs.spec.http[0];
    api.redirect = { uri: '/x' };
    api.delegate = { name: 'other' };
    api.match[1].withoutHeaders = { '': { exact: 'a' }, 'X-B': { regex: '(' } };
    api.match[1].queryParams = { Q: { regex: '' } };
    api.match[0].authority = { regex: '(a' };
    api.corsPolicy.allowOrigins = [{ exact: 'https://a' }, { regex: '[' }];
    api.mirror = { host: 'm', port: { number: 0 } };
    api.mirrors[0].destination.port = { number: 65536 };
    vs.spec.http[1].redirect = { redirectCode: 301 };
    vs.spec.http[3].rewrite.uriRegexRewrite.match = '*a';
    vs.spec.tls[0].route[0].destination.port.number = 0;
    vs.spec.tcp = [{ route: [{ destination: { host: 'db', port: { number: 1 } } }, { destination: { host: 'db', port: { number: 99999 } } }] }];
    expectErrors(vs, [
      { path: 'spec.http[0]', message: 'only one of route, redirect, directResponse, delegate may be set; found route, redirect, delegate' },
      { path: 'spec.http[0].match[0].authority.regex', message: 'not a valid RE2 regex: error parsing regexp: missing closing ): `(a`' },
      { path: 'spec.http[0].match[1].withoutHeaders[""]', message: 'header name must not be empty' },
      { path: 'spec.http[0].match[1].withoutHeaders["X-B"]', message: 'header name must be lower-case' },
      { path: 'spec.http[0].match[1].withoutHeaders["X-B"].regex', message: 'not a valid RE2 regex: error parsing regexp: missing closing ): `(`' },
      { path: 'spec.http[0].match[1].queryParams["Q"].regex', message: 'regex must not be empty' },
      { path: 'spec.http[0].corsPolicy.allowOrigins[1].regex', message: 'not a valid RE2 regex: error parsing regexp: missing closing ]: `[`' },
      { path: 'spec.http[0].mirror.port.number', message: 'port number must be in 1..65535; got 0' },
      { path: 'spec.http[0].mirrors[0].destination.port.number', message: 'port number must be in 1..65535; got 65536' },
      { path: 'spec.http[1].redirect', message: 'must set at least one of uri, authority, scheme, port, derivePort' },
      { path: 'spec.http[3].rewrite.uriRegexRewrite.match', message: 'not a valid RE2 regex: error parsing regexp: missing argument to repetition operator: `*`' },
      { path: 'spec.tls[0].route[0].destination.port.number', message: 'port number must be in 1..65535; got 0' },
      { path: 'spec.tcp[0].route[1].destination.port.number', message: 'port number must be in 1..65535; got 99999' },
    ]);
  });

  it('duplicate Gateway port names', () => {
    const gw = gateway();
    gw.spec.servers[2].port.name = 'http';
    expectErrors(gw, [{ path: 'spec.servers[2].port.name', message: 'duplicate port name "http", first used by spec.servers[0]' }]);
  });

  it('HTTPS server without tls, plain HTTP server with certificates', () => {
    const gw = gateway();
    delete gw.spec.servers[1].tls;
    gw.spec.servers[0].tls = { mode: 'SIMPLE', credentialName: 'x' };
    expectErrors(gw, [
      { path: 'spec.servers[0].tls', message: 'not allowed for plain-text protocol HTTP (only httpsRedirect)' },
      { path: 'spec.servers[1].tls', message: 'required for protocol HTTPS' },
    ]);
  });

  it('Gateway TLS: credentialName and credentialNames together (CEL rule), reported once', () => {
    const gw = gateway();
    gw.spec.servers[1].tls.credentialNames = ['rsa', 'ecdsa'];
    expectErrors(gw, [
      { path: 'spec.servers[1].tls', message: 'only one of credentialName, credentialNames may be set; found credentialName, credentialNames' },
    ]);
  });

  it('required fields, types and integer bounds', () => {
    const vs = virtualService();
    delete vs.spec.http[0].route[1].destination.host;
    vs.spec.http[0].route[0].weight = '90';
    vs.spec.http[2].directResponse.status = -1;
    vs.spec.http[0].route[0].destination.port.number = 70000;
    expectErrors(vs, [
      { path: 'spec.http[0].route[0].weight', message: 'must be an integer, got "90"' },
      { path: 'spec.http[0].route[1].destination.host', message: 'required field is missing' },
      { path: 'spec.http[2].directResponse.status', message: 'must be at least 0; got -1' },
      { path: 'spec.http[0].route[0].destination.port.number', message: 'port number must be in 1..65535; got 70000' },
    ]);
  });

  it('AuthorizationPolicy: CUSTOM without provider, and an unknown source field', () => {
    const ap = authorizationPolicy();
    ap.spec.action = 'CUSTOM';
    ap.spec.rules[0].from[0].source.remoteIPBlocks = ['1.2.3.4'];
    expectErrors(ap, [
      { path: 'spec.rules[0].from[0].source.remoteIPBlocks', message: 'unknown field' },
      { path: 'spec.provider', message: 'required when action is CUSTOM' },
    ]);
  });

  it('EnvoyFilter: bad applyTo and a typo outside the free-form value', () => {
    const ef = envoyFilter();
    ef.spec.configPatches[0].applyTo = 'HTTP_FILTERS';
    ef.spec.configPatches[0].patch.operaton = 'MERGE';
    expectErrors(ef, [
      {
        path: 'spec.configPatches[0].applyTo',
        message:
          'must be one of INVALID, LISTENER, FILTER_CHAIN, NETWORK_FILTER, HTTP_FILTER, ROUTE_CONFIGURATION, VIRTUAL_HOST, HTTP_ROUTE, CLUSTER, EXTENSION_CONFIG, BOOTSTRAP, LISTENER_FILTER; got "HTTP_FILTERS"',
      },
      { path: 'spec.configPatches[0].patch.operaton', message: 'unknown field' },
    ]);
  });

  it('envelope: unknown apiVersion/kind, bad names, missing namespace, stray fields', () => {
    expectErrors({ ...virtualService(), apiVersion: 'networking.istio.io/v2' }, [
      { path: 'apiVersion', message: 'unknown apiVersion "networking.istio.io/v2"' },
    ]);
    expectErrors({ ...envoyFilter(), apiVersion: 'networking.istio.io/v1' }, [
      { path: 'kind', message: 'unknown kind "EnvoyFilter" for networking.istio.io/v1' },
    ]);
    const vs = virtualService();
    vs.metadata = { name: 'App_Example', labels: { n: 1 } };
    vs.sepc = {};
    expectErrors(vs, [
      { path: 'sepc', message: 'unknown field' },
      {
        path: 'metadata.name',
        message: `must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters); got "App_Example"`,
      },
      { path: 'metadata.namespace', message: 'required field is missing' },
      { path: 'metadata.labels["n"]', message: 'must be a string' },
    ]);
  });
});

describe('validateAll', () => {
  it('reports errors with the index and identity of their object', () => {
    const gw = gateway();
    gw.spec.servers[0].port.protocol = 'HTTP3';
    const dr = destinationRule();
    dr.spec.trafficPolicy.tls = { mode: 'STRICT' };
    expect(validateAll([virtualService(), gw, envoyFilter(), dr])).toEqual([
      { index: 1, object: 'Gateway istio-system/web-gw', path: 'spec.servers[0].port.protocol', message: 'unsupported protocol "HTTP3"' },
      {
        index: 3,
        object: 'DestinationRule shop/api',
        path: 'spec.trafficPolicy.tls.mode',
        message: 'must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL; got "STRICT"',
      },
    ]);
  });

  it('validates 20k objects quickly (schema compiled once)', () => {
    const objs = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? virtualService() : destinationRule()));
    const start = performance.now();
    expect(validateAll(objs)).toEqual([]);
    // Measured about 0.2 s here; the bound only catches per-call schema compilation or worse, on a busy 2-core machine.
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe('fast schema predicate', () => {
  // validateResource asks a specialized predicate first and walks the schema for messages only when
  // it says "invalid". The predicate must never accept what the walk rejects (nor the reverse): check
  // both on every single mutation of the examples: each value replaced by values of other types and
  // edge values, each key deleted, every property name the schema knows added to every object.
  const names = new Set<string>(['zz', '']);
  (function collect(node: unknown): void {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props && typeof props === 'object') for (const k of Object.keys(props)) names.add(k);
      Object.values(node).forEach(collect);
    }
  })(schemaFile.schemas);
  const replacements: unknown[] = [null, 'x', '', 'UPPER', 'a*b', '1ms', '0s', '-1s', '1.5h', 'dGVzdA==', 'a'.repeat(300), 0, -1, 1.5, 65536, 2 ** 31, -(2 ** 31) - 1, true, [], [1], ['x', 'x'], {}, { zz: 1 }, { '': 'x' }, { 'a*': 'x' }];
  const added: unknown[] = ['x', 1, {}, true];

  function* nodes(value: unknown, parent?: Record<string, unknown> | unknown[], key?: string | number): Generator<[unknown, (Record<string, unknown> | unknown[])?, (string | number)?]> {
    yield [value, parent, key];
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* nodes(value[i], value, i);
    else if (value && typeof value === 'object') for (const k of Object.keys(value)) yield* nodes((value as Record<string, unknown>)[k], value as Record<string, unknown>, k);
  }

  it.each([
    ['Gateway', gateway],
    ['VirtualService', virtualService],
    ['DestinationRule', destinationRule],
    ['AuthorizationPolicy', authorizationPolicy],
    ['EnvoyFilter', envoyFilter],
  ])('agrees with the schema walk on mutations of the %s example', (_kind, make) => {
    const obj = make();
    const { apiVersion, kind, spec } = obj;
    let checked = 0;
    let rejected = 0;
    const agree = (what: string): void => {
      const errors = schemaWalksForTesting.errors(apiVersion, kind, spec);
      const fast = schemaWalksForTesting.fast(apiVersion, kind, spec);
      if (fast !== (errors.length === 0)) expect.fail(`${what}: predicate says ${fast}, walk says ${JSON.stringify(errors)}`);
      checked++;
      if (!fast) rejected++;
    };
    agree('unchanged');
    for (const [value, parent, key] of [...nodes(spec)]) {
      if (parent !== undefined) {
        const p = parent as Record<string | number, unknown>;
        for (const r of replacements) {
          p[key!] = r;
          agree(`${String(key)} = ${JSON.stringify(r)}`);
        }
        if (!Array.isArray(parent)) {
          delete p[key!];
          agree(`delete ${key}`);
        }
        p[key!] = value;
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const o = value as Record<string, unknown>;
        for (const name of names) {
          if (name in o) continue;
          for (const a of added) {
            o[name] = a;
            agree(`add ${name}: ${JSON.stringify(a)}`);
          }
          delete o[name];
        }
      }
      if (Array.isArray(value) && value.length > 0) {
        value.push(value[0]);
        agree('duplicate first item');
        value.pop();
      }
    }
    expect(schemaWalksForTesting.errors(apiVersion, kind, spec)).toEqual([]);
    // The mutations reach both answers many times (a predicate always saying true or false fails above).
    expect(checked).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(checked / 2);
    expect(checked - rejected).toBeGreaterThan(50);
  });
});

describe('parseGoDuration', () => {
  it('parses Go durations and rejects the rest', () => {
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('300ms')).toBe(300e6);
    expect(parseGoDuration('1h2m')).toBe(3720e9);
    expect(parseGoDuration('.5us')).toBe(500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-2s')).toBe(-2e9);
    for (const bad of ['', '30', '30 seconds', '1d', 's', '1.s.', '1h 2m', '.s']) expect(parseGoDuration(bad), bad).toBeUndefined();
  });

  it('reads signs, the lone zero, every unit, fractions and long numbers', () => {
    expect(parseGoDuration('+0')).toBe(0);
    expect(Object.is(parseGoDuration('-0'), -0)).toBe(true);
    expect(parseGoDuration('1.s')).toBe(1e9);
    expect(parseGoDuration('2ns')).toBe(2);
    expect(parseGoDuration('2us')).toBe(2e3);
    expect(parseGoDuration('2µs')).toBe(2e3); // U+00B5 micro sign
    expect(parseGoDuration('2μs')).toBe(2e3); // U+03BC Greek mu
    expect(parseGoDuration('1h1m1s1ms1us1ns')).toBe(3661001001001);
    expect(parseGoDuration('0.25m')).toBe(15e9);
    expect(parseGoDuration('1234567890123456789ns')).toBe(1234567890123456789);
    expect(parseGoDuration('9223372037s')).toBeUndefined(); // over Go's int64 nanoseconds
    for (const bad of ['-', '+', '00', '0.', '1', '1x', '1m2', 'ms', '1e3s', ' 1s', '1s ', '1.2.3s', '+-1s']) expect(parseGoDuration(bad), bad).toBeUndefined();
  });
});
