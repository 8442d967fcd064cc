import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/read/index.js';
import { fmtError } from './helpers.js';
import { decodeBytes } from '../../src/read/text.js';

const fmt = (r: ReturnType<typeof parseText>) => r.errors.map(fmtError);

describe('parseText: documents and their start lines', () => {
  it('splits a multi-document stream and locates each object at its first content line', () => {
    const text = [
      '# leading comment', // 1
      '---', // 2
      'kind: A', // 3
      'metadata: {name: a}', // 4
      '---', // 5
      '# comment inside', // 6
      '', // 7
      '  kind: B', // 8 (indented block mapping is fine)
      '...', // 9
      '---   ', // 10 (trailing spaces after the marker)
      'kind: C', // 11
      '---', // 12 (trailing empty document)
    ].join('\n');
    const r = parseText(text, 'f.yaml');
    expect(r.errors).toEqual([]);
    expect(r.documents).toBe(3);
    expect(r.objects.map((o) => [o.obj.kind, o.source.line, o.source.column])).toEqual([
      ['A', 3, 1],
      ['B', 8, 3],
      ['C', 11, 1],
    ]);
  });

  it('an empty file or one with only comments has no documents', () => {
    expect(parseText('', 'e.yaml')).toEqual({ objects: [], errors: [], documents: 0 });
    expect(parseText('# nothing\n---\n# here\n', 'e.yaml')).toEqual({ objects: [], errors: [], documents: 0 });
  });

  it('reads JSON, including a document after ---, and locates fields in it', () => {
    const text = '{\n  "kind": "Ingress",\n  "metadata": {\n    "name": "j",\n    "annotations": {"a.b/c": "1"}\n  }\n}\n';
    const r = parseText(text, 'x.json');
    expect(r.objects).toHaveLength(1);
    const o = r.objects[0];
    expect(o.source).toEqual({ file: 'x.json', line: 1, column: 1 });
    expect(o.lineOf?.('metadata.name')).toBe(4);
    expect(o.lineOf?.('metadata.annotations.a.b/c')).toBe(5);
  });

  it('expands kind: List and any *List with items, each item located at its own line', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: IngressList', // 2
      'items:', // 3
      '- apiVersion: networking.k8s.io/v1', // 4
      '  kind: Ingress', // 5
      '  metadata:', // 6
      '    name: one', // 7
      '- kind: Service', // 8
      '  metadata:', // 9
      '    name: two', // 10
      '  spec:', // 11
      '    ports:', // 12
      '    - port: 80', // 13
    ].join('\n');
    const r = parseText(text, 'l.yaml');
    expect(r.documents).toBe(1);
    expect(r.objects.map((o) => [o.obj.kind, o.source.line, o.source.column])).toEqual([
      ['Ingress', 4, 3],
      ['Service', 8, 3],
    ]);
    expect(r.objects[0].lineOf?.('metadata.name')).toBe(7);
    expect(r.objects[1].lineOf?.('spec.ports.0')).toBe(13);
    expect(r.objects[1].lineOf?.('spec.ports.0.port')).toBe(13);
  });

  it('locates flow-style fields inside List items through the exact fallback', () => {
    const text = ['kind: List', 'items:', '- kind: A', '  spec: {x: 1}', '- kind: B', '  spec: {rules: [', '    {host: b}]}'].join('\n');
    const r = parseText(text, 'f.yaml');
    expect(r.objects.map((o) => o.source.line)).toEqual([3, 5]);
    expect(r.objects[0].lineOf?.('spec.x')).toBe(4);
    expect(r.objects[1].lineOf?.('spec.rules.0.host')).toBe(7);
    expect(r.objects[1].lineOf?.('spec.nothing')).toBeUndefined();
  });

  it('expands a JSON List (kubectl get -o json) with item lines', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Ingress', metadata: { name: 'a' } }, { kind: 'Ingress', metadata: { name: 'b' } }] }, null, 2);
    const r = parseText(text, 'l.json');
    // { / "apiVersion" / "kind" / "items": [ / { (line 5) ... 6 kind, 7 metadata, 8 name, 9 }, 10 }, 11 {
    expect(r.objects.map((o) => o.source.line)).toEqual([5, 11]);
    expect(r.objects[1].lineOf?.('metadata.name')).toBe(14);
  });

  it('locates fields of block YAML: compact and indented sequences, quoted keys, block scalars, comments', () => {
    const text = [
      'kind: Ingress', // 1
      'metadata:', // 2
      '  annotations:', // 3
      '    "quoted.io/key": |', // 4
      '      line: not a key', // 5
      '    plain.io/x: v # comment', // 6
      "    'single.io/y': w", // 7
      'spec:', // 8
      '  rules:', // 9
      '  - host: a.example.com', // 10
      '    # comment', // 11
      '    http:', // 12
      '      paths:', // 13
      '        - path: /', // 14
      '          backend:', // 15
      '            service: {name: s, port: {number: 80}}', // 16
      '  -', // 17
      '    host: b.example.com', // 18
    ].join('\n');
    const o = parseText(text, 'b.yaml').objects[0];
    expect(o.lineOf?.('metadata.annotations.quoted.io/key')).toBe(4);
    expect(o.lineOf?.('metadata.annotations.plain.io/x')).toBe(6);
    expect(o.lineOf?.('metadata.annotations.single.io/y')).toBe(7);
    expect(o.lineOf?.('metadata.annotations.line')).toBeUndefined();
    expect(o.lineOf?.('spec.rules.0')).toBe(10);
    expect(o.lineOf?.('spec.rules.0.http.paths.0')).toBe(14);
    expect(o.lineOf?.('spec.rules.0.http.paths.0.backend')).toBe(15);
    // inside a flow mapping: found through the exact (slow) fallback
    expect(o.lineOf?.('spec.rules.0.http.paths.0.backend.service.port.number')).toBe(16);
    expect(o.lineOf?.('spec.rules.1')).toBe(17);
    expect(o.lineOf?.('spec.rules.1.host')).toBe(18);
  });

  it('keeps lines right with CRLF line endings and a BOM', () => {
    const text = '\ufeffkind: A\r\nmetadata:\r\n  name: x\r\n---\r\nkind: B\r\nspec:\r\n  rules:\r\n  - host: h\r\n';
    const r = parseText(text, 'c.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => [o.obj.kind, o.source.line])).toEqual([
      ['A', 1],
      ['B', 5],
    ]);
    expect(r.objects[0].obj.metadata).toEqual({ name: 'x' });
    expect(r.objects[1].lineOf?.('spec.rules.0.host')).toBe(8);
  });

  it('keeps YAML 1.1 boolean words, timestamps and leading-zero numbers as Kubernetes-compatible values', () => {
    const o = parseText('a: yes\nb: "on"\nc: 2020-01-01T00:00:00Z\nd: true\ne: ~\n', 'y.yaml').objects[0].obj;
    expect(o).toEqual({ a: 'yes', b: 'on', c: '2020-01-01T00:00:00Z', d: true, e: null });
  });

  it('supports merge keys', () => {
    const o = parseText('base: &b {x: 1}\nkind: K\nspec:\n  <<: *b\n  y: 2\n', 'm.yaml').objects[0].obj;
    expect(o.spec).toEqual({ x: 1, y: 2 });
  });
});

describe('parseText: bad input gives located errors and keeps the other documents', () => {
  it('invalid YAML loses only the broken document', () => {
    const text = ['kind: A', '---', 'kind: B', 'metadata:', '  name: b', ' bad: indent', '---', 'kind: C'].join('\n');
    const r = parseText(text, 'bad.yaml');
    expect(r.objects.map((o) => o.obj.kind)).toEqual(['A', 'C']);
    expect(r.documents).toBe(3);
    expect(fmt(r)).toEqual(['bad.yaml:6:2: B default/b: invalid YAML: bad indentation of a mapping entry; document skipped']);
  });

  it('names the object of a broken document when its text shows it', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec: [\n';
    expect(fmt(parseText(text, 'i.yaml'))).toEqual([
      'i.yaml:7:1: Ingress shop/web: invalid YAML: unexpected end of the stream within a flow collection; document skipped',
    ]);
  });

  it('tabs used as indentation', () => {
    const r = parseText('kind: A\nspec:\n\trules: []\n', 'tab.yaml');
    expect(r.objects).toEqual([]);
    expect(fmt(r)).toEqual(['tab.yaml:3:1: A: invalid YAML: tab characters must not be used in indentation (indent with spaces, not tabs); document skipped']);
  });

  it('trailing tabs after values are fine', () => {
    const r = parseText('kind: A\t\nmetadata:\t\n  name: x\t\n', 't.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects[0].obj).toEqual({ kind: 'A', metadata: { name: 'x' } });
  });

  it('an unquoted wildcard host is an alias to YAML: the message says to quote it', () => {
    const r = parseText('kind: Ingress\nspec:\n  rules:\n  - host: *.example.com\n', 'w.yaml');
    expect(fmt(r)).toEqual(['w.yaml:4:11: Ingress: invalid YAML: unidentified alias ".example.com" (a wildcard host must be quoted: "*.example.com"); document skipped']);
  });

  it('duplicate keys: each reported at its line, the document read with the last value', () => {
    const text = 'kind: Ingress\nmetadata:\n  name: a\n  name: b\nspec:\n  x: 1\nspec:\n  x: 2\n';
    const r = parseText(text, 'd.yaml');
    expect(fmt(r)).toEqual([
      'd.yaml:4:3: Ingress default/a: duplicate key "name": kubectl rejects this document; read with the last value',
      'd.yaml:7:1: Ingress default/a: duplicate key "spec": kubectl rejects this document; read with the last value',
    ]);
    expect(r.objects[0].obj).toEqual({ kind: 'Ingress', metadata: { name: 'b' }, spec: { x: 2 } });
  });

  it('alias bombs are capped (expansion), and the next document is still read', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      levels.push(`${c}: &${c} [${Array(10).fill(`*${p}`).join(',')}]`);
    }
    const text = `kind: Bomb\n${levels.join('\n')}\n---\nkind: After\n`;
    const r = parseText(text, 'bomb.yaml');
    expect(fmt(r)).toEqual(['bomb.yaml:1:1: Bomb: YAML aliases expand this document to more than 2000000 nodes: possible alias bomb; document skipped']);
    expect(r.objects.map((o) => o.obj.kind)).toEqual(['After']);
  });

  it('alias counts are capped', () => {
    const text = `kind: Many\na: &a 1\nb: [${Array(1001).fill('*a').join(', ')}]\n`;
    expect(fmt(parseText(text, 'm.yaml'))).toEqual(['m.yaml:1:1: Many: too many YAML aliases (1001, limit 1000): possible alias bomb; document skipped']);
  });

  it('an unrendered Helm template that breaks the YAML is named as such', () => {
    const text = 'kind: Ingress\nmetadata:\n  name: x\nspec:\n  rules:\n  - host: {{ .Values.host }}\n    http: {{- toYaml .Values.http | nindent 6 }}\n';
    const r = parseText(text, 'h.yaml');
    expect(r.objects).toEqual([]);
    expect(fmt(r)[0]).toMatch(/^h\.yaml:\d+:\d+: Ingress default\/x: unrendered Helm template \{\{ \.Values\.host \}\} at line 6: render the chart first \(helm template\); document skipped \(/);
  });

  it('a document that is not a mapping', () => {
    expect(fmt(parseText('- a\n- b\n---\njust text\n', 's.yaml'))).toEqual([
      's.yaml:1:1: document is a list, not a Kubernetes object; skipped',
      's.yaml:4:1: document is a string, not a Kubernetes object; skipped',
    ]);
  });

  it('List items that are not objects', () => {
    const r = parseText('kind: List\nitems:\n- kind: A\n- 42\n', 'l.yaml');
    expect(r.objects.map((o) => o.obj.kind)).toEqual(['A']);
    expect(fmt(r)).toEqual(['l.yaml:4:3: (items[1]): List item is not an object; skipped']);
  });
});

describe('decodeBytes', () => {
  it('drops a UTF-8 BOM and decodes UTF-16 with a BOM', () => {
    expect(decodeBytes(Buffer.from('\ufeffkind: A\n', 'utf8'), 'f').text).toBe('kind: A\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: A\n', 'utf16le')]);
    expect(decodeBytes(le, 'f')).toEqual({ text: 'kind: A\n', errors: [] });
  });

  it('reports invalid UTF-8 with line and column and decodes the rest', () => {
    const buf = Buffer.concat([Buffer.from('kind: A\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const d = decodeBytes(buf, 'latin1.yaml');
    expect(d.text).toBe('kind: A\nmetadata:\n  name: caf\ufffd\n');
    expect(d.errors.map(fmtError)).toEqual(['latin1.yaml:3:12: invalid UTF-8 byte sequence (replaced by U+FFFD); save the file as UTF-8']);
  });
});
