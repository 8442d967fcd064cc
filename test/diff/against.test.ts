import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAgainst } from '../../src/diff/against.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'i2i-against-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readAgainst', () => {
  it('reads folders recursively in name order, YAML streams, JSON and Lists; keeps only generated kinds', () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'b'), { recursive: true });
    writeFileSync(
      join(root, 'a.yaml'),
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec: {hosts: [shop.example.com]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
`,
    );
    writeFileSync(
      join(root, 'b', 'policies.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow', namespace: 'istio-system' }, spec: {} }] }),
    );
    writeFileSync(join(root, 'b', 'notes.txt'), 'not read');
    const r = readAgainst(root, 'default');
    expect(r.errors).toEqual([]);
    expect(r.files).toBe(2);
    expect(r.ignored).toBe(2); // the Deployment and the ServiceEntry
    expect(r.objects.map((o) => `${o.obj.kind} ${o.source.file}:${o.source.line}`)).toEqual([
      `VirtualService ${join(root, 'a.yaml')}:1`,
      `AuthorizationPolicy ${join(root, 'b', 'policies.json')}:1`,
    ]);
  });

  it('gives objects without a namespace the one they would be applied to', () => {
    const f = join(dir, 'nons.yaml');
    writeFileSync(f, 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec: {host: d}\n');
    expect((readAgainst(f, 'shop').objects[0]!.obj.metadata as { namespace: string }).namespace).toBe('shop');
    expect((readAgainst(f, 'default').objects[0]!.obj.metadata as { namespace: string }).namespace).toBe('default');
  });

  it('reports YAML errors and missing names with their line, and a missing path', () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {namespace: x}\n---\nkind: [unclosed\n');
    const r = readAgainst(f, 'default');
    // The unclosed flow sequence of line 5 is detected at the end of the file (line 6).
    expect(r.errors.map((e) => `${e.source.line} ${e.message.split(':')[0]}`)).toEqual(['1 has no metadata.name', '6 YAML']);
    const missing = readAgainst(join(dir, 'nope'), 'default');
    expect(missing.errors).toEqual([{ source: { file: join(dir, 'nope'), line: 0 }, message: 'cannot read: ENOENT' }]);
  });
});
