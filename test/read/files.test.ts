import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/read/index.js';
import { messages } from './helpers.js';

const ing = (name: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  defaultBackend: {service: {name: s, port: {number: 80}}}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-read-'));
  mkdirSync(join(dir, 'tree/b/nested'), { recursive: true });
  mkdirSync(join(dir, 'tree/a'), { recursive: true });
  writeFileSync(join(dir, 'tree/z.yaml'), ing('z'));
  writeFileSync(join(dir, 'tree/b/nested/n.yml'), ing('n'));
  writeFileSync(join(dir, 'tree/a/a.json'), JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'j' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } }));
  writeFileSync(join(dir, 'tree/a/readme.md'), 'not a manifest');
  writeFileSync(join(dir, 'tree/a/empty.yaml'), '');
  symlinkSync('..', join(dir, 'tree/b/nested/loop')); // folder loop
  symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'tree/b/broken.yaml')); // unreadable
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputs', () => {
  it('walks folders recursively in sorted order, reads .yaml/.yml/.json, reports loops and unreadable files', async () => {
    const set = await readInputs([join(dir, 'tree')]);
    expect(set.ingresses.map((i) => i.name)).toEqual(['j', 'n', 'z']);
    expect(set.ingresses.map((i) => i.order)).toEqual([0, 1, 2]);
    expect(set.stats).toMatchObject({ files: 4, documents: 3, kinds: { Ingress: 3 } });
    expect(messages(set).map((m) => m.replaceAll(dir, '<dir>'))).toEqual([
      '<dir>/tree/b/broken.yaml: cannot read: no such file or folder',
      '<dir>/tree/b/nested/loop: folder already read (symbolic link loop or repeated path to <dir>/tree/b); skipped',
    ]);
  });

  it('reports a missing path and still reads the others', async () => {
    const set = await readInputs([join(dir, 'missing.yaml'), join(dir, 'tree/z.yaml')]);
    expect(set.ingresses.map((i) => i.name)).toEqual(['z']);
    expect(messages(set)).toEqual([`${join(dir, 'missing.yaml')}: cannot read: no such file or folder`]);
  });

  it('reads stdin for -', async () => {
    const set = await readInputs(['-'], { stdin: Readable.from([Buffer.from(ing('from-stdin'))]) });
    expect(set.ingresses.map((i) => [i.name, i.source.file, i.source.line])).toEqual([['from-stdin', '-', 1]]);
  });

  it('caps the file size', async () => {
    const set = await readInputs([join(dir, 'tree/z.yaml')], { maxFileBytes: 10 });
    expect(set.ingresses).toEqual([]);
    expect(messages(set)).toEqual([`${join(dir, 'tree/z.yaml')}: file too large (${ing('z').length} bytes, limit 10); skipped`]);
  });

  it('reports non-UTF-8 bytes and reads the document anyway', async () => {
    const f = join(dir, 'latin1.yaml');
    const head = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: l1\n  labels: {owner: "Jos';
    const tail = '"}\nspec:\n  defaultBackend: {service: {name: s, port: {number: 80}}}\n';
    writeFileSync(f, Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from(tail)]));
    const set = await readInputs([f]);
    expect(set.ingresses.map((i) => [i.name, i.labels.owner])).toEqual([['l1', 'Jos\ufffd']]);
    expect(messages(set)).toEqual([`${f}:5:23: invalid UTF-8 byte sequence (replaced by U+FFFD); save the file as UTF-8`]);
  });

  it('errors are ordered by file, then line', async () => {
    const f1 = join(dir, 'e1.yaml');
    const f2 = join(dir, 'e2.yaml');
    writeFileSync(f1, 'kind: [\n---\napiVersion: v1\nmetadata: {name: x}\n');
    writeFileSync(f2, 'apiVersion: v1\nmetadata: {name: y}\n');
    const set = await readInputs([f2, f1]);
    expect(set.errors.map((e) => [e.source.file, e.source.line])).toEqual([
      [f2, 1],
      [f1, 2],
      [f1, 3],
    ]);
  });
});
