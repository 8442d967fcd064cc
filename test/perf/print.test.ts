/**
 * The printer stays on the fast path: our own printer (byte-identical to js-yaml's dumper, see
 * test/emit/yaml.test.ts), never the `yaml` document API (several times slower on large outputs),
 * and streamed output is byte-identical to the whole-string output.
 */
import jsYaml from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import type { IstioResource } from '../../src/istio/types.js';

// Any use of the `yaml` library by the printer fails this file.
vi.mock('yaml', () => ({}));

const { print, printChunks, toJson, toYaml } = await import('../../src/emit/print.js');

function vs(i: number): IstioResource {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: `app-${i}`, namespace: `team-${i % 3}`, labels: { 'app.kubernetes.io/managed-by': 'ingress2istio' } },
    spec: {
      hosts: [`app${i}.example.com`],
      gateways: ['istio-system/ingress2istio'],
      http: [{ match: [{ uri: { regex: '(?i)^/api(/|$)(.*).*' } }], route: [{ destination: { host: `svc-${i}.team.svc.cluster.local`, port: { number: 8080 } } }], timeout: '60s' }],
    },
  } as IstioResource;
}

describe('printer', () => {
  const many = Array.from({ length: 3000 }, (_, i) => vs(i));

  it('prints YAML documents that js-yaml reads back, each after a --- line, keys in the built order', () => {
    const text = toYaml([vs(1)]);
    expect(text.startsWith('---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: app-1\n')).toBe(true);
    expect(text).toContain('            regex: (?i)^/api(/|$)(.*).*\n');
    expect(jsYaml.loadAll(text)).toEqual([vs(1)]);
  });

  it('prints JSON as one object, or a v1 List for several, exactly as JSON.stringify with 2 spaces', () => {
    expect(toJson([vs(1)])).toBe(`${JSON.stringify(vs(1), null, 2)}\n`);
    const three = [vs(1), vs(2), vs(3)];
    expect(toJson(three)).toBe(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: three }, null, 2)}\n`);
    expect(toJson([])).toBe(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }, null, 2)}\n`);
  });

  it('JSON strings with line breaks and quotes survive the streamed List', () => {
    const odd = vs(4);
    odd.metadata.annotations = { note: 'two\nlines "quoted"\ttab' };
    const list = [odd, vs(5)];
    expect(toJson(list)).toBe(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list }, null, 2)}\n`);
  });

  it.each(['yaml', 'json'] as const)('streamed %s output joins to exactly the whole-string output, in pieces of bounded size', (format) => {
    const whole = print(many, format);
    const pieces = [...printChunks(many, format)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(whole);
    // Each piece is about 64 KiB: the size at which it is cut plus at most one document (pieces
    // of 128 KiB and more would be V8 large objects, which only a full collection frees).
    for (const p of pieces) expect(p.length).toBeLessThan((1 << 16) + 10_000);
  });
});
