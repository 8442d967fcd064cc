import { describe, expect, it } from 'vitest';
import { messages, read } from './helpers.js';

/** One v1 Ingress `bad` whose single path has the given body lines (each indented 8 spaces in the file). */
function onePath(pathLines: string[], host = 'a.example.com'): string {
  return [
    'apiVersion: networking.k8s.io/v1', // 1
    'kind: Ingress', // 2
    'metadata:', // 3
    '  name: bad', // 4
    'spec:', // 5
    '  rules:', // 6
    `  - host: ${host}`, // 7
    '    http:', // 8
    '      paths:', // 9
    ...pathLines.map((l, i) => (i === 0 ? `      - ${l}` : `        ${l}`)), // 10...
    '      - path: /ok', // after
    '        pathType: Prefix',
    '        backend: {service: {name: ok, port: {number: 80}}}',
  ].join('\n');
}

const svc = (port: string) => ['backend:', '  service:', '    name: api', '    port:', `      ${port}`];

describe('bad input in Ingress fields: located errors, only the bad part dropped', () => {
  it('port.number given as a string', () => {
    const set = read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: "80"')]));
    expect(messages(set)).toEqual([
      't.yaml:16:15: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.port.number): port.number must be an integer, got the string "80"; path dropped',
    ]);
    expect(set.ingresses[0].rules[0].paths.map((p) => p.path)).toEqual(['/ok']);
  });

  it('port.number not an integer, or out of range', () => {
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 80.5')])))).toEqual([
      't.yaml:16:15: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.port.number): port.number must be an integer, got 80.5; path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 0')])))).toEqual([
      't.yaml:16:15: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.port.number): port.number 0 is out of range (1-65535); path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 65536')])))).toEqual([
      't.yaml:16:15: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.port.number): port.number 65536 is out of range (1-65535); path dropped',
    ]);
  });

  it('port name that is not an IANA service name; both number and name', () => {
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', ...svc('name: HTTP_port')])))).toEqual([
      't.yaml:16:15: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.port.name): port name "HTTP_port" is not a valid IANA service name (lower case letters, digits and single "-"); path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', ...svc('{number: 80, name: http}').map((l) => l.replace('      {', '{'))])))).toHaveLength(1);
  });

  it('pathType "" is read as unset; unknown pathType drops the path', () => {
    const empty = read(onePath(['path: /x', 'pathType: ""', ...svc('number: 80')]));
    expect(messages(empty)).toEqual([
      't.yaml:11:9: Ingress default/bad (spec.rules[0].http.paths[0].pathType): pathType is empty (the API server rejects it); read as if unset (ImplementationSpecific)',
    ]);
    expect(empty.ingresses[0].rules[0].paths[0]).toMatchObject({ path: '/x', pathType: 'ImplementationSpecific', pathTypeExplicit: false });
    expect(messages(read(onePath(['path: /x', 'pathType: prefix', ...svc('number: 80')])))).toEqual([
      't.yaml:11:9: Ingress default/bad (spec.rules[0].http.paths[0].pathType): unknown pathType "prefix" (did you mean Prefix?): must be Exact, Prefix or ImplementationSpecific; path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Regex', ...svc('number: 80')])))).toEqual([
      't.yaml:11:9: Ingress default/bad (spec.rules[0].http.paths[0].pathType): unknown pathType "Regex": must be Exact, Prefix or ImplementationSpecific; path dropped',
    ]);
  });

  it('networking.k8s.io/v1 without pathType: error, read as ImplementationSpecific', () => {
    const set = read(onePath(['path: /x', ...svc('number: 80')]));
    expect(messages(set)).toEqual([
      't.yaml:10:9: Ingress default/bad (spec.rules[0].http.paths[0].pathType): pathType is required in networking.k8s.io/v1 (the API server rejects this Ingress); read as ImplementationSpecific',
    ]);
    expect(set.ingresses[0].rules[0].paths[0]).toMatchObject({ pathType: 'ImplementationSpecific', pathTypeExplicit: false });
  });

  it('path: null is "/" for ImplementationSpecific, an error for Prefix', () => {
    const is = read(onePath(['path: null', 'pathType: ImplementationSpecific', ...svc('number: 80')]));
    expect(is.errors).toEqual([]);
    expect(is.ingresses[0].rules[0].paths[0].path).toBe('/');
    expect(messages(read(onePath(['path: null', 'pathType: Prefix', ...svc('number: 80')])))).toEqual([
      't.yaml:10:9: Ingress default/bad (spec.rules[0].http.paths[0].path): path is required with pathType Prefix; path dropped',
    ]);
  });

  it('paths without a leading slash, and sequences the API server rejects', () => {
    expect(messages(read(onePath(['path: api', 'pathType: Exact', ...svc('number: 80')])))).toEqual([
      't.yaml:10:9: Ingress default/bad (spec.rules[0].http.paths[0].path): path "api" must start with "/"; path dropped',
    ]);
    expect(messages(read(onePath(['path: /a//b', 'pathType: Prefix', ...svc('number: 80')])))).toEqual([
      't.yaml:10:9: Ingress default/bad (spec.rules[0].http.paths[0].path): path "/a//b" must not contain "//" with pathType Prefix; path dropped',
    ]);
    // regex-like ImplementationSpecific paths are the controller's business
    expect(read(onePath(['path: /a//b(.*)', 'pathType: ImplementationSpecific', ...svc('number: 80')])).errors).toEqual([]);
  });

  it('backend: null, service name "" and a backend with neither service nor resource', () => {
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', 'backend: null'])))).toEqual([
      't.yaml:12:9: Ingress default/bad (spec.rules[0].http.paths[0].backend): path has no backend; path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', 'backend:', '  service:', '    name: ""', '    port: {number: 80}'])))).toEqual([
      't.yaml:14:13: Ingress default/bad (spec.rules[0].http.paths[0].backend.service.name): backend service name is missing or empty; path dropped',
    ]);
    expect(messages(read(onePath(['path: /x', 'pathType: Prefix', 'backend: {}'])))).toEqual([
      't.yaml:12:9: Ingress default/bad (spec.rules[0].http.paths[0].backend): backend has neither a service nor a resource; path dropped',
    ]);
  });

  it('resource backends are kept', () => {
    const set = read(onePath(['path: /x', 'pathType: Prefix', 'backend:', '  resource: {kind: StorageBucket, name: b}']));
    expect(set.errors).toEqual([]);
    expect(set.ingresses[0].rules[0].paths[0].backend).toMatchObject({ kind: 'resource', resourceKind: 'StorageBucket', name: 'b' });
  });

  it("host: '' is a rule without host", () => {
    const set = read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 80')], "''"));
    expect(set.errors).toEqual([]);
    expect(set.ingresses[0].rules[0].host).toBeUndefined();
  });

  it('hosts that are not DNS-1123 names drop their rule', () => {
    const cases: [string, string][] = [
      ['Shop.Example.com', 'host "Shop.Example.com" is not a valid DNS-1123 name (use lower case)'],
      ['shop.example.com.', 'host "shop.example.com." is not a valid DNS-1123 name (no trailing dot)'],
      ['10.0.0.1', 'host "10.0.0.1" must be a DNS name, not an IP address'],
      ['shop.example.com:8080', 'host "shop.example.com:8080" must not contain a port or scheme'],
      ['"foo.*.example.com"', 'host "foo.*.example.com" is not a valid wildcard DNS name: "*" may only be the whole first label, as in "*.example.com"'],
      ['"*"', 'host "*" is not a valid wildcard DNS name: "*" may only be the whole first label, as in "*.example.com"'],
      ['"__HOST__"', 'placeholder __HOST__ was never replaced'],
      ['"{{ .Values.host }}"', 'unrendered Helm template {{ .Values.host }}: render the chart first (helm template)'],
    ];
    for (const [host, msg] of cases) {
      const set = read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 80')], host));
      expect(messages(set)).toEqual([`t.yaml:7:5: Ingress default/bad (spec.rules[0].host): ${msg}; rule dropped`]);
      expect(set.ingresses[0].rules).toEqual([]);
    }
    expect(read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 80')], '"*.example.com"')).errors).toEqual([]);
  });

  it('an unquoted Helm template in a field is named, with the field', () => {
    const set = read(onePath(['path: /x', 'pathType: Prefix', ...svc('number: 80')], '{{ .Values.host }}'));
    expect(messages(set)).toEqual([
      't.yaml:7:5: Ingress default/bad (spec.rules[0].host): unrendered Helm template {{ .Values.host }}: render the chart first (helm template); rule dropped',
    ]);
  });

  it('TLS hosts that are invalid are dropped from their entry', () => {
    const set = read(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: t}
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
  tls:
  - hosts: [a.example.com, "Bad_Host"]
    secretName: s
`);
    expect(messages(set)).toEqual([
      't.yaml:7:28: Ingress default/t (spec.tls[0].hosts[1]): host "Bad_Host" is not a valid DNS-1123 name (use lower case); host dropped from the TLS entry',
    ]);
    expect(set.ingresses[0].tls[0].hosts).toEqual(['a.example.com']);
  });
});

describe('bad input at the object level', () => {
  it('a document without kind', () => {
    const set = read('apiVersion: v1\nmetadata:\n  name: x\n');
    expect(messages(set)).toEqual(['t.yaml:1:1: object default/x (kind): document has no kind; skipped']);
  });

  it('metadata.name "" skips the object', () => {
    const set = read('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ""\nspec: {}\n');
    expect(messages(set)).toEqual(['t.yaml:4:3: Ingress (metadata.name): Ingress has no metadata.name (or it is empty); skipped']);
    expect(set.ingresses).toEqual([]);
  });

  it('an Ingress without rules and without defaultBackend', () => {
    const set = read('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: e\nspec:\n  rules: []\n');
    expect(messages(set)).toEqual(['t.yaml:5:1: Ingress default/e (spec): Ingress has neither rules nor a defaultBackend: it routes nothing']);
    expect(set.ingresses).toHaveLength(1);
  });

  it('duplicate objects: the second is an error, the first kept', () => {
    const doc = (svc: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: d\n  namespace: n\nspec:\n  defaultBackend: {service: {name: ${svc}, port: {number: 80}}}\n`;
    const set = read(`${doc('first')}---\n${doc('second')}`);
    expect(messages(set)).toEqual(['t.yaml:9:1: Ingress n/d: duplicate Ingress n/d (first at t.yaml:1); this one is ignored']);
    expect(set.ingresses.map((i) => i.defaultBackend)).toMatchObject([{ service: 'first' }]);
  });

  it('the same name in another namespace or of another kind is not a duplicate', () => {
    const set = read('kind: Service\nmetadata: {name: d}\n---\nkind: Service\nmetadata: {name: d, namespace: x}\n---\nkind: ConfigMap\nmetadata: {name: d}\n');
    expect(set.errors).toEqual([]);
    expect(set.services).toHaveLength(2);
  });

  it('annotation values that are not strings', () => {
    const set = read(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  annotations:
    quoted: "yes"
    bare-yes: yes
    bare-bool: true
    number: 5
    empty:
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
`);
    expect(messages(set)).toEqual([
      't.yaml:7:5: Ingress default/a (metadata.annotations["bare-yes"]): unquoted yes is a boolean to kubectl (YAML 1.1) and the API server rejects non-string annotation values; quote it. Read as the string "yes"',
      't.yaml:8:5: Ingress default/a (metadata.annotations["bare-bool"]): annotation value must be a string, got a boolean true: the API server rejects it; quote it. Read as "true"',
      't.yaml:9:5: Ingress default/a (metadata.annotations["number"]): annotation value must be a string, got a number 5: the API server rejects it; quote it. Read as "5"',
    ]);
    expect(set.ingresses[0].annotations.map((a) => [a.key, a.value])).toEqual([
      ['bare-bool', 'true'],
      ['bare-yes', 'yes'],
      ['empty', ''],
      ['number', '5'],
      ['quoted', 'yes'],
    ]);
  });

  it('an unsupported Ingress apiVersion', () => {
    expect(messages(read('apiVersion: networking.k8s.io/v2\nkind: Ingress\nmetadata: {name: x}\n'))).toEqual([
      't.yaml:1:1: Ingress default/x (apiVersion): unsupported apiVersion "networking.k8s.io/v2" for Ingress (expected networking.k8s.io/v1, networking.k8s.io/v1beta1 or extensions/v1beta1); skipped',
    ]);
  });

  it('v1 with the v1beta1 spec.backend is read as the default backend, with an error', () => {
    const set = read('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\nspec:\n  backend:\n    service: {name: s, port: {number: 80}}\n');
    expect(messages(set)).toEqual([
      't.yaml:5:3: Ingress default/x (spec.backend): spec.backend is the networking.k8s.io/v1beta1 name; networking.k8s.io/v1 calls it spec.defaultBackend. Read as the default backend',
    ]);
    expect(set.ingresses[0].defaultBackend).toMatchObject({ service: 's', port: { number: 80 } });
  });

  it('never throws on odd shapes', () => {
    const odd = [
      'kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x}\nspec: [1, 2]\n',
      'kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x}\nspec: {rules: {a: 1}, tls: "x"}\n',
      'kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x, annotations: [1]}\nspec: {rules: [null, 1, {http: 5}, {http: {paths: [null, {backend: {service: 5}}]}}]}\n',
      'kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: 7\n',
      'kind: 5\n',
      'kind: Service\nmetadata: {name: s}\nspec: {ports: [1, {port: "x"}]}\n',
    ];
    for (const t of odd) {
      const set = read(t);
      expect(set.errors.length).toBeGreaterThan(0);
      for (const e of set.errors) expect(e.source.line).toBeGreaterThan(0);
    }
  });
});
