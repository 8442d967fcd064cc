/**
 * Our YAML printer against js-yaml's `dump` with the same options, byte for byte: on what the
 * engine really emits (samples, the real corpus, the bench generator's output), on hand-picked
 * corner cases, and on arbitrary JSON-like values full of strings YAML treats specially.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateYaml } from '../../bench/generate.js';
import { toYaml } from '../../src/emit/print.js';
import { DUMP_OPTIONS, dumpYaml, printerStats, renderString, resolvesImplicitly } from '../../src/emit/yaml.js';
import { convert } from '../../src/engine/convert.js';
import { defaultOptions } from '../../src/model/options.js';
import { normalize, parseText, readInputs } from '../../src/read/index.js';
import { corpusFiles, REPO_DIR } from '../helpers/shared.js';

const reference = (o: unknown) => jsYaml.dump(o, DUMP_OPTIONS);

/** Prints every object with both printers; the fast path must be taken for all of them. */
function expectSameAsJsYaml(objs: readonly unknown[]): void {
  const before = printerStats.fallbacks;
  for (const o of objs) expect(dumpYaml(o)).toBe(reference(o));
  expect(printerStats.fallbacks - before).toBe(0);
  expect(toYaml(objs)).toBe(objs.map((o) => `---\n${reference(o)}`).join(''));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('engine output', () => {
  it('every sample, converted, prints exactly as js-yaml prints it', async () => {
    const res = convert(await readInputs([join(REPO_DIR, 'samples')]), defaultOptions({}));
    expect(res.resources.length).toBeGreaterThan(5);
    expectSameAsJsYaml(res.resources);
  });

  it('every file of the real corpus, converted, prints exactly as js-yaml prints it', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(50);
    let printed = 0;
    for (const file of files) {
      const res = convert(await readInputs([file]), defaultOptions({}));
      expectSameAsJsYaml(res.resources);
      printed += res.resources.length;
    }
    expect(printed).toBeGreaterThan(100);
  });

  it("the bench generator's 400 Ingresses, converted, print exactly as js-yaml prints them", () => {
    const parsed = parseText(generateYaml({ n: 400, seed: 11 }), 'gen-400.yaml');
    expect(parsed.errors).toEqual([]);
    const res = convert(normalize(parsed.objects), defaultOptions({}));
    expect(res.resources.length).toBeGreaterThan(200);
    expectSameAsJsYaml(res.resources);
  });
});

describe('corner cases, written by hand', () => {
  const cases: Array<[string, unknown, string]> = [
    ['empty containers', { a: {}, b: [], c: [{}, []] }, 'a: {}\nb: []\nc:\n  - {}\n  - []\n'],
    ['arrays in arrays', [[1, [2, 3]], []], '- - 1\n  - - 2\n    - 3\n- []\n'],
    ['a mapping in a sequence in a mapping', { s: [{ a: 1, b: { c: 'd' } }] }, 's:\n  - a: 1\n    b:\n      c: d\n'],
    ['undefined values are left out; a mapping of them is {}', { a: undefined, b: { c: undefined }, d: 1 }, 'b: {}\nd: 1\n'],
    ['undefined items and holes are null', [undefined, null, , 1], '- null\n- null\n- null\n- 1\n'], // eslint-disable-line no-sparse-arrays
    ['empty and numeric-looking keys are quoted', { '': '', '1': 'x', '0x1F': 'y', on: 'z', 'a b': 'c' }, '"1": x\n"": ""\n"0x1F": "y"\n"on": z\na b: c\n'],
    ['numbers', [0, -0, 0.1, 1e21, 1e-7, NaN, Infinity, -Infinity, 2 ** 53 + 2], '- 0\n- -0.0\n- 0.1\n- 1e+21\n- 1.e-7\n- .nan\n- .inf\n- -.inf\n- 9007199254740994\n'],
    ['strings that read back as other types', ['null', '~', 'True', '12', '1.5', '.inf', '2001-12-14', '<<', '1:20', 'yes', 'N'], '- "null"\n- "~"\n- "True"\n- "12"\n- "1.5"\n- ".inf"\n- "2001-12-14"\n- "<<"\n- "1:20"\n- "yes"\n- "N"\n'],
    ['strings that stay plain', ['+.5', '1e999', '0X1F', 'a:b', 'a#b', 'x-', '/x', '1_000'], '- +.5\n- 1e999\n- 0X1F\n- a:b\n- a#b\n- x-\n- /x\n- 1_000\n'],
    ['indicators and escapes', ['- a', 'a: b', 'a #b', 'b:', ' x', '"', 'tab\there', '\u0085\u00a0\u2028\u007f', '\ud800', '😀'], '- "- a"\n- "a: b"\n- "a #b"\n- "b:"\n- " x"\n- "\\""\n- "tab\\there"\n- "\\N\\_\\L\\x7F"\n- "\\uD800"\n- 😀\n'],
    ['a key with a line break is double-quoted, not a block scalar', { 'a\nb': 1 }, '"a\\nb": 1\n'],
    ['a document that is a scalar', 'x', 'x\n'],
  ];
  it.each(cases)('%s', (_name, value, text) => {
    expect(dumpYaml(value)).toBe(text);
    expect(reference(value)).toBe(text);
  });
});

describe('documents outside the fast subset go through js-yaml', () => {
  it('a multi-line string value: js-yaml prints the whole document, as a block scalar', () => {
    const spy = vi.spyOn(jsYaml, 'dump');
    const before = printerStats.fallbacks;
    const doc = { metadata: { name: 'a' }, spec: { script: 'line 1\n  line 2\n', list: ['x\ny'] } };
    const text = dumpYaml(doc);
    expect(printerStats.fallbacks - before).toBe(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(text).toBe('metadata:\n  name: a\nspec:\n  script: |\n    line 1\n      line 2\n  list:\n    - |-\n      x\n      y\n');
  });

  it('single-line documents never call js-yaml', () => {
    const spy = vi.spyOn(jsYaml, 'dump');
    expect(dumpYaml({ a: ['b', { c: 'd\re' }] })).toBe('a:\n  - b\n  - c: "d\\re"\n');
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([
    ['a key printed longer than 1024 characters', { ['k'.repeat(1025)]: 1 }],
    ['a Date', { d: new Date(0) }],
    ['a class instance', { c: new (class C { x = 1 })() }],
    ['a boxed string', { s: new String('x') }],
    ['a Uint8Array', { b: new Uint8Array([1, 2]) }],
    ['undefined as the document', undefined],
  ])('%s', (_name, value) => {
    const before = printerStats.fallbacks;
    expect(dumpYaml(value)).toBe(reference(value));
    expect(printerStats.fallbacks - before).toBe(1);
  });

  it.each([
    ['a function', { f: () => 1 }],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['a bigint', [1n]],
  ])('what js-yaml cannot print (%s) fails the same way', (_name, value) => {
    expect(() => reference(value)).toThrow(/unacceptable kind/);
    expect(() => dumpYaml(value)).toThrow(/unacceptable kind/);
  });
});

// ---- Properties ---------------------------------------------------------------------------------

/** Pieces YAML gives a meaning to: indicators, type-looking words, odd characters. */
const NASTY = [
  '', ' ', '  ', ': ', ':', ' #', '#', '-', '- ', '?', '? ', '*', '&', '!', '|', '>', "'", '"', '%', '@', '`', ',', '[', ']', '{', '}', '~', '\\',
  'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  'y', 'Y', 'n', 'N', '0x1F', '0x', '0b101', '0b', '0o7', '0o', '010', '00', '0', '-0', '+0', '1_000', '1e3', '1E3', '1e+3', '.5', '-.5', '+1', '+',
  '1.', '1.5e-3', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '1:20', '-1:20:30.5', '190:20:30', '_:0', '+1_:2.', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10', '2001-1-1T1:00:00Z', '<<', '=', '\t', '\r', '\r\n', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0',
  '\u2028', '\u2029', '\ufeff', '\ufffe', '\ud83d\ude00', '\ud800', '\udc00', 'é', '中', 'a', 'b', 'x y', 'k8s.io/x', '*.example.com',
  // The shortest decimal and hex numbers js-yaml's int resolver rejects for being infinite.
  '9'.repeat(309), '0x' + 'f'.repeat(256),
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);
/** Strings made of 0–4 pieces, optionally without line feeds. */
const stringArb = (lineFeeds: boolean) =>
  fc.array(piece, { maxLength: 4 }).map((ps) => (lineFeeds ? ps.join('') : ps.join('').replace(/\n/g, ' ')));

const numberArb = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 0.1, 2 ** 53, -(2 ** 60), 123456789012345680000),
);

function valueArb(lineFeeds: boolean) {
  const str = stringArb(lineFeeds);
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      str,
      numberArb,
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
      fc.dictionary(stringArb(true), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
    ),
  })).value;
}

describe('properties', () => {
  it('any JSON-like value whose strings have no line feed prints exactly as js-yaml, without js-yaml', () => {
    const before = printerStats.fallbacks;
    fc.assert(
      fc.property(valueArb(false), (v) => {
        expect(dumpYaml(v)).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
    expect(printerStats.fallbacks - before).toBe(0);
  });

  it('any JSON-like value prints exactly as js-yaml (line feeds in values go through js-yaml)', () => {
    fc.assert(
      fc.property(valueArb(true), (v) => {
        expect(dumpYaml(v)).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('a string renders as js-yaml renders it alone, as a key or as a value', () => {
    fc.assert(
      fc.property(stringArb(true), (s) => {
        const asKey = renderString(s, true)!;
        // (Keys printed longer than 1024 characters take the explicit `? ` form, printed by js-yaml.)
        if (asKey.length <= 1024) expect(`${asKey}: 1\n`).toBe(reference({ [s]: 1 }));
        const asValue = renderString(s, false);
        if (asValue === undefined) expect(reference(s)).toMatch(/^\|/);
        else expect(`${asValue}\n`).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('implicit types: quoted exactly when one of js-yaml default schema resolvers accepts the string', () => {
    const resolvers = (jsYaml.DEFAULT_SCHEMA as unknown as { compiledImplicit: Array<{ resolve(s: string): boolean }> }).compiledImplicit;
    expect(resolvers.length).toBe(6);
    const js = (s: string) => resolvers.some((t) => t.resolve(s));
    for (const s of NASTY) if (s !== '') expect(resolvesImplicitly(s), JSON.stringify(s)).toBe(js(s));
    fc.assert(
      fc.property(stringArb(false).filter((s) => s !== ''), (s) => {
        expect(resolvesImplicitly(s)).toBe(js(s));
      }),
      { numRuns: 5000 },
    );
  });
});
