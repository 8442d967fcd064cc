import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readIstioFiles } from '../../src/verify/read-istio.js';

const dir = mkdtempSync(join(tmpdir(), 'i2i-read-istio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads YAML and JSON, folders recursively, List items; keeps only Istio kinds; defaults the namespace', () => {
  mkdirSync(join(dir, 'sub'));
  writeFileSync(
    join(dir, 'a.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec: {}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
  );
  writeFileSync(
    join(dir, 'sub', 'b.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'shop' }, spec: { hosts: ['a'] } }] }),
  );
  writeFileSync(join(dir, 'sub', 'bad.yaml'), 'kind: [unclosed\n');
  const read = readIstioFiles([dir], 'apps');
  expect(read.resources.map((r) => `${r.kind} ${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['Gateway apps/gw', 'VirtualService shop/vs']);
  expect(read.errors).toHaveLength(1);
  expect(read.errors[0]).toContain('bad.yaml: YAML:');
});
