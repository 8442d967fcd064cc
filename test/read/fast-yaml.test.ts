/**
 * The fast YAML reader against js-yaml: on every document it accepts, the value must be exactly
 * js-yaml's (same key order, same types, -0 and NaN told apart); everything outside its subset
 * must go to js-yaml (undefined).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { stringify as yamlStringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateYaml } from '../../bench/generate.js';
import { fastLoad } from '../../src/read/fast-yaml.js';
import { splitDocuments } from '../../src/read/parse.js';
import { K8S_SCHEMA } from '../../src/read/schema.js';
import { LineIndex } from '../../src/read/text.js';
import { corpusFiles, REPO_DIR } from '../helpers/shared.js';
import { generateIngresses } from './generate.js';

/** Why two values differ (path and what), or undefined when they are the same down to key order. */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: array vs not`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
    const ka = Object.getOwnPropertyNames(a);
    const kb = Object.getOwnPropertyNames(b);
    if (ka.join('\0') !== kb.join('\0')) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`;
}

type Outcome = { fast: true; value: unknown } | { fast: false };

/** Runs both readers on one document; fails when the fast one answers differently from js-yaml. */
function compare(doc: string): Outcome {
  const fast = fastLoad(doc);
  if (!fast) return { fast: false };
  let expected: unknown;
  try {
    expected = jsYaml.load(doc, { schema: K8S_SCHEMA });
  } catch (e) {
    throw new Error(`fast reader accepted a document js-yaml rejects (${(e as Error).message}):\n${doc}`);
  }
  const d = difference(fast.value, expected);
  if (d) throw new Error(`fast reader differs from js-yaml at ${d}:\n${doc}`);
  return { fast: true, value: fast.value };
}

function documentsOf(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return splitDocuments(t, new LineIndex(t)).map((c) => t.slice(c.start, c.end));
}

/** Compares every document of a file; returns how many took the fast path and how many did not. */
function compareFile(text: string): { fast: number; fallback: number } {
  const n = { fast: 0, fallback: 0 };
  for (const doc of documentsOf(text)) {
    if (compare(doc).fast) n.fast++;
    else n.fallback++;
  }
  return n;
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const fast = (doc: string): unknown => {
  const r = compare(doc);
  if (!r.fast) throw new Error(`expected the fast path for:\n${doc}`);
  return r.value;
};
const fallsBack = (doc: string): boolean => !compare(doc).fast;

describe('fast YAML reader: values written by hand', () => {
  it('relies on the schema having exactly these implicit types (it skips look-ups by first character)', () => {
    const tags = (K8S_SCHEMA as unknown as { compiledImplicit: { tag: string }[] }).compiledImplicit.map((t) => t.tag.replace('tag:yaml.org,2002:', ''));
    expect(tags).toEqual(['null', 'bool', 'int', 'float', 'merge']);
  });

  it('skips look-ups only for scalars no type resolves', () => {
    const v = fast('a: x\nn: nULL\nt: tRUE\nf: fAlse\nF: FALSE\nN: NULL\nT: TRUE\nu: _1\ns: /1\nw: ~\nx: ~x\n');
    expect(v).toEqual({ a: 'x', n: 'nULL', t: 'tRUE', f: 'fAlse', F: false, N: null, T: true, u: '_1', s: '/1', w: null, x: '~x' });
  });

  it('reads block mappings, sequences and compact forms', () => {
    expect(fast('a: 1\nb:\n  c: x\n  d:\n  - 1\n  - two\n')).toEqual({ a: 1, b: { c: 'x', d: [1, 'two'] } });
    // A sequence at the same indentation as its key, then the mapping goes on.
    expect(fast('k:\n- a\n- b\nz: 1\n')).toEqual({ k: ['a', 'b'], z: 1 });
    expect(fast('- name: a\n  port: 80\n- name: b\n')).toEqual([{ name: 'a', port: 80 }, { name: 'b' }]);
    expect(fast('- - a\n  - b\n- - c\n')).toEqual([['a', 'b'], ['c']]);
    expect(fast('-\n- x\n-\n')).toEqual([null, 'x', null]);
    expect(fast('a:\nb: ~\nc: null\n')).toEqual({ a: null, b: null, c: null });
    expect(fast('  indented: 1\n  too: 2\n')).toEqual({ indented: 1, too: 2 });
  });

  it('types plain scalars like the YAML 1.2 core schema, keeps quoted ones strings', () => {
    const v = fast(
      [
        'hex: 0x1F',
        'oct: 0o17',
        'zero: 010',
        'under: 1_000',
        'inf: .inf',
        'ninf: -.Inf',
        'half: +.5',
        'exp: 1e3',
        'yes: yes',
        'on: on',
        'True: True', // the key resolves to true, then becomes the string "true"
        'f: FALSE',
        'n: Null',
        'q: "1"',
        "s: 'true'",
        'neg: -0',
        'nan: .nan',
      ].join('\n'),
    ) as Record<string, unknown>;
    expect(v).toEqual({
      hex: 31,
      oct: 15,
      zero: 10,
      under: '1_000',
      inf: Infinity,
      ninf: -Infinity,
      half: '+.5', // js-yaml's float pattern wants a digit before the point when signed
      exp: 1000,
      yes: 'yes',
      on: 'on',
      true: true,
      f: false,
      n: null,
      q: '1',
      s: 'true',
      neg: 0, // parsed as an integer: no negative zero
      nan: NaN,
    });
    expect(Object.is(v.neg, 0)).toBe(true);
    // Keys are resolved too, then turned into strings.
    // (integer-like keys come first in a JavaScript object, whoever builds it)
    expect(Object.keys(fast('1: a\n0x10: b\nnull: c\ntrue: e\n1.50: f\n') as object)).toEqual(['1', '16', 'null', 'true', '1.5']);
  });

  it('keeps comments, spacing and odd characters where YAML does', () => {
    expect(fast('a: b # c\nd: "e" # f\ng: \'h\'#i\n# whole line\nj: k#l\n')).toEqual({ a: 'b', d: 'e', g: 'h', j: 'k#l' });
    expect(fast('key:value: x\n')).toEqual({ 'key:value': 'x' });
    expect(fast('a: b:c\n')).toEqual({ a: 'b:c' });
    expect(fast('trailing: x   \n"quoted key": 1\n\'single key\': 2\nkey with spaces  : 3\n')).toEqual({
      trailing: 'x',
      'quoted key': 1,
      'single key': 2,
      'key with spaces': 3,
    });
    expect(fast("a: 'it''s'\nb: '#'\nc: \"x: y\"\nd: 'a #b'\ne: \"http://x:80/#a\"\n")).toEqual({
      a: "it's",
      b: '#',
      c: 'x: y',
      d: 'a #b',
      e: 'http://x:80/#a',
    });
    expect(fast('e: "\\u00e9\\x41\\N\\_\\t\\\\\\"\\/\\U0001F600"\n')).toEqual({ e: 'éA\x85\xa0\t\\"/\u{1F600}' });
    expect(fast('p: /api(/|$)(.*)\nr: /$2\nw: a*b&c!d\n')).toEqual({ p: '/api(/|$)(.*)', r: '/$2', w: 'a*b&c!d' });
  });

  it('reads multi-line plain and quoted scalars and block scalars as js-yaml folds them', () => {
    expect(fast('a: one\n  two\n\n  three\nb: x\n')).toEqual({ a: 'one two\nthree', b: 'x' });
    expect(fast('a: "one\n  two \\\n  three"\n')).toEqual({ a: 'one two three' }); // the space before the escaped break stays
    expect(fast('s: |\n  location / {\n    return 200;\n  }\n\nt: x\n')).toEqual({ s: 'location / {\n  return 200;\n}\n', t: 'x' });
    expect(fast('s: |-\n  a\n  # not a comment\n\n')).toEqual({ s: 'a\n# not a comment' });
    expect(fast('s: >\n  a\n  b\n\n  c\n   d\n')).toEqual({ s: 'a b\nc\n d\n' });
    expect(fast('s: |+\n  a\n\n')).toEqual({ s: 'a\n\n' });
    expect(fast('s: |2\n   a\n  b\n')).toEqual({ s: ' a\nb\n' });
  });

  it('reads scalar documents, CRLF line breaks and comment-only documents', () => {
    expect(fast('just text\n')).toBe('just text');
    expect(fast('key:value\n')).toBe('key:value');
    expect(fast('- a\n- b # c\n')).toEqual(['a', 'b']);
    expect(fast('---\n42\n')).toBe(42);
    expect(fast('--- # c\n- 1\n')).toEqual([1]);
    expect(fast('a: 1\r\nb:\r\n  - x\r\n')).toEqual({ a: 1, b: ['x'] });
    expect(fast('# only a comment\n')).toBeNull();
    expect(fast('---\n')).toBeNull();
  });

  it('leaves everything outside its subset to js-yaml', () => {
    const cases = [
      'a: {b: 1}\n', // flow mapping
      'a: [1, 2]\n', // flow sequence
      '{"a": 1}\n', // JSON
      'a: &x 1\nb: *x\n', // anchor, alias
      'a: !!str 1\n', // tag
      '? a\n: b\n', // explicit key
      'base: &b {x: 1}\nc:\n  <<: *b\n', // merge
      '<<: {a: 1}\n',
      '__proto__: 1\n',
      '"__proto__": 1\n',
      'a: 1\na: 2\n', // duplicate key (js-yaml error)
      '1: a\n1.0: b\n', // duplicate after resolution
      'null: a\n~: b\n',
      '%YAML 1.2\n---\na: 1\n', // directive
      'a:\n\tb: 1\n', // tab
      'a: "b\tc"\n',
      'a: "\\q"\n', // unknown escape (js-yaml error)
      'a: "\\x4"\n', // bad hex (js-yaml error)
      'a: "open\n', // unterminated
      "a: 'open\n",
      'a: 1\n b: 2\n', // bad indentation
      'a: b: c\n', // js-yaml error
      'a:\n  - x\n  y: 1\n', // js-yaml error
      'a: 1\r b: 2\n', // lone CR
      '\ufeffa: 1\n', // BOM inside a document
      'a: "\u0001"\n', // control character
      'a: \ud83d\ude00\n', // surrogates
      '',
      '   \n',
      'a: 1\n--- \nb: 2\n', // two documents
      'a: |0\n  x\n', // js-yaml error
      'a: | x\n', // js-yaml error
    ];
    for (const c of cases) expect(fallsBack(c), JSON.stringify(c)).toBe(true);
  });
});

describe('fast YAML reader agrees with js-yaml on real files', () => {
  it('samples, repository manifests and test fixtures', () => {
    const files = [...yamlFilesUnder(join(REPO_DIR, 'samples')), ...yamlFilesUnder(join(REPO_DIR, 'deploy')), ...yamlFilesUnder(join(REPO_DIR, 'plugins')), ...yamlFilesUnder(join(REPO_DIR, 'test'))];
    expect(files.length).toBeGreaterThan(5);
    let n = 0;
    for (const f of files) n += compareFile(readFileSync(f, 'utf8')).fast;
    expect(n).toBeGreaterThan(10);
  });

  it('the real-world corpus', () => {
    let fastDocs = 0;
    let fallback = 0;
    for (const f of corpusFiles()) {
      const r = compareFile(readFileSync(f, 'utf8'));
      fastDocs += r.fast;
      fallback += r.fallback;
    }
    // Most real manifests are plain block YAML.
    expect(fastDocs).toBeGreaterThan(fallback * 3);
  });

  it("the benchmark generator's input and the reader test generator, all on the fast path", () => {
    for (const text of [generateYaml({ n: 300, seed: 7 }), generateIngresses(50)]) {
      const r = compareFile(text);
      expect(r.fallback).toBe(0);
      expect(r.fast).toBeGreaterThanOrEqual(50);
    }
  });
});

describe('fast YAML reader agrees with js-yaml on generated documents', () => {
  const scalar = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom('a', ' ', ':', '#', '-', "'", '"', '\\', '\n', '0', '.', 'e', 'x', '{', '|', '>', '~', '!', '&', '*', '?', 'é') }),
    fc.constantFrom('', '~', 'null', 'true', 'False', 'yes', 'on', '0x1F', '010', '0o7', '1_000', '.inf', '-.INF', '.NaN', '+.5', '1e3', '-0', '<<', '__proto__', ' lead', 'trail ', 'a: b', 'a #b'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const key = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('kind', 'metadata', 'a b', 'x:y', '1', 'true', 'null', '-a', '? q'));
  const value = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  })).node;

  const dumpers: [string, (v: unknown) => string][] = [
    ['js-yaml default', (v) => jsYaml.dump(v)],
    ['js-yaml flowLevel 2', (v) => jsYaml.dump(v, { flowLevel: 2 })],
    ["js-yaml quotingType '", (v) => jsYaml.dump(v, { quotingType: "'" })],
    ['js-yaml forceQuotes', (v) => jsYaml.dump(v, { forceQuotes: true, quotingType: '"' })],
    ['js-yaml lineWidth 20', (v) => jsYaml.dump(v, { lineWidth: 20 })],
    ['js-yaml noCompatMode indent 4', (v) => jsYaml.dump(v, { noCompatMode: true, indent: 4 })],
    ['yaml', (v) => yamlStringify(v)],
    ['yaml block, narrow', (v) => yamlStringify(v, { lineWidth: 20, minContentWidth: 0, indentSeq: false })],
    ['yaml quoted', (v) => yamlStringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })],
  ];

  for (const [name, dump] of dumpers) {
    it(`values dumped by ${name}`, () => {
      let fastCount = 0;
      fc.assert(
        fc.property(value, (v) => {
          let text: string;
          try {
            text = dump(v);
          } catch {
            return; // not representable by this dumper
          }
          if (compare(text).fast) fastCount++;
        }),
        { seed: 4242, numRuns: 400 },
      );
      // The fast path must actually be exercised, not only the fallback.
      expect(fastCount).toBeGreaterThan(100);
    });
  }

  // Text made of YAML's own pieces at random indentation: mostly broken or odd YAML, so this checks
  // that the fast reader refuses (leaves to js-yaml) whatever js-yaml rejects or reads otherwise.
  it('random texts made of YAML pieces', () => {
    const piece = fc.constantFrom('a', 'b c', 'k:', 'k: v', ': ', ':', '- ', '-', '#', ' # c', "'q'", "'it''s'", '"d"', '"\\n"', '"x', '|', '|-', '>', '>+2', '1', '0x1F', '~', 'null', 'true', '<<', '?', ' ', '  ', '{', '[a]', '&a', '*a', '!t', '---', '...', '%', '\r\n', '\\', 'é');
    const textLine = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(piece, { minLength: 0, maxLength: 5 })).map(([indent, parts]) => ' '.repeat(indent) + parts.join(''));
    let fastCount = 0;
    fc.assert(
      fc.property(fc.array(textLine, { minLength: 1, maxLength: 8 }), (lines) => {
        if (compare(lines.join('\n') + '\n').fast) fastCount++;
      }),
      { seed: 99, numRuns: 20_000 },
    );
    expect(fastCount).toBeGreaterThan(1000);
  });
});
