/** jsonPieces must give exactly JSON.stringify(value, null, 2) + '\n', in bounded pieces. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/emit/json-pieces.js';

const reference = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const joined = (v: unknown, depth?: number) => [...jsonPieces(v, depth)].join('');

describe('jsonPieces', () => {
  it('what JSON.stringify leaves out or changes: undefined, functions, symbols, toJSON, boxed values, holes, non-finite numbers', () => {
    const when = new Date(Date.UTC(2026, 10, 26));
    const value = {
      a: undefined,
      f: () => 1,
      s: Symbol('x'),
      kept: 'yes',
      list: [undefined, () => 1, Symbol('y'), 1, NaN, Infinity, -0, when],
      holes: [1, , 3],
      boxed: [new String('ab'), new Number(2), new Boolean(false)],
      source: { toJSON: (key: string) => ({ file: 'a.yaml', line: 3, key }) },
      gone: { toJSON: () => undefined },
      map: new Map([['k', 'v']]),
      nested: { deeper: { deepest: { a: [1, { b: 'two\nlines "q"' }] } }, empty: {}, none: [] },
      allUndefined: { x: undefined },
    };
    for (const depth of [0, 1, 2, 3, 6]) expect(joined(value, depth)).toBe(reference(value));
    expect(joined([])).toBe('[]\n');
    expect(joined({})).toBe('{}\n');
    expect(joined({ toJSON: () => [1, { a: 2 }] })).toBe(reference([1, { a: 2 }]));
  });

  it('equals JSON.stringify on arbitrary JSON values at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 6 }), (v, depth) => joined(v, depth) === reference(v)),
      { numRuns: 400, seed: 42 },
    );
  });

  it('a long list comes in pieces of about 64 KiB', () => {
    const big = { schemaVersion: 1, items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'] })) };
    const pieces = [...jsonPieces(big)];
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(p.length).toBeLessThan((1 << 16) + 10_000);
    expect(pieces.join('')).toBe(reference(big));
  });
});
