import { describe, expect, it } from 'vitest';
import { cleanObject, idOf } from '../../src/diff/objects.js';
import { compareObjectSets, hasDifferences, toYaml } from '../../src/diff/compare.js';
import { colorize, renderPatches, renderSummary, useColor } from '../../src/diff/render.js';

const vs = (name: string, ns: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'ingress2istio' }, ...meta },
  spec,
});
const at = (file: string) => ({ file, line: 0 });
const labels = { existing: 'cluster:prod', generated: 'generated', existingDir: 'live' };

describe('cleanObject', () => {
  it('drops every server-set field, the last-applied annotation and the maps they leave empty', () => {
    const live = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'gw',
        namespace: 'istio-system',
        uid: 'u',
        resourceVersion: '12',
        generation: 3,
        creationTimestamp: '2025-01-01T00:00:00Z',
        selfLink: '/apis/x',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        labels: {},
      },
      spec: { selector: { istio: 'ingressgateway' } },
      status: { observedGeneration: 3 },
    };
    expect(cleanObject(live)).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'istio-system' },
      spec: { selector: { istio: 'ingressgateway' } },
    });
  });

  it('keeps other annotations, finalizers and everything in spec; sorts keys; leaves arrays in order', () => {
    const o = { spec: { b: 1, a: [{ z: 1, y: 2 }, 'x'] }, kind: 'K', metadata: { annotations: { keep: 'me', 'kubectl.kubernetes.io/last-applied-configuration': 'x' }, finalizers: ['f'], name: 'n' } };
    const c = cleanObject(o);
    expect(JSON.stringify(c)).toBe('{"kind":"K","metadata":{"annotations":{"keep":"me"},"finalizers":["f"],"name":"n"},"spec":{"a":[{"y":2,"z":1},"x"],"b":1}}');
  });

  it('identifies objects by group, kind, namespace and name (not version)', () => {
    expect(idOf(vs('web', 'shop', {}))).toEqual({ group: 'networking.istio.io', kind: 'VirtualService', namespace: 'shop', name: 'web' });
    expect(idOf({ ...vs('web', 'shop', {}), apiVersion: 'networking.istio.io/v1beta1' })).toEqual(idOf(vs('web', 'shop', {})));
  });
});

describe('compareObjectSets', () => {
  it('identical objects, whatever the server added and whatever the key order: no difference', () => {
    const gen = vs('web', 'shop', { hosts: ['shop.example.com'], gateways: ['istio-system/ingress2istio'] });
    const live = {
      status: {},
      spec: { gateways: ['istio-system/ingress2istio'], hosts: ['shop.example.com'] },
      metadata: { ...gen.metadata, uid: '1', resourceVersion: '2', generation: 1, creationTimestamp: 'x', managedFields: [] },
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
    };
    const r = compareObjectSets([{ obj: gen, source: at('generated') }], [{ obj: live, source: at('cluster:prod/shop/web') }], labels);
    expect(r.entries.map((e) => e.status)).toEqual(['identical']);
    expect(hasDifferences(r)).toBe(false);
    expect(renderPatches(r, false)).toBe('');
    expect(renderSummary(r, labels)).toBe('0 differ, 0 only in generated, 0 only in cluster:prod, 1 identical\n');
  });

  it('a changed field gives a unified diff, existing side "-" and generated side "+"', () => {
    const gen = vs('web', 'shop', { hosts: ['shop.example.com'], http: [{ timeout: '30s' }] });
    const live = vs('web', 'shop', { hosts: ['shop.example.com'], http: [{ timeout: '60s' }] });
    const r = compareObjectSets([{ obj: gen, source: at('generated') }], [{ obj: live, source: at('cluster:prod/shop/web') }], labels);
    expect(r.entries.map((e) => e.status)).toEqual(['changed']);
    expect(renderPatches(r, false)).toBe(
      [
        '--- live/networking.istio.io/VirtualService/shop/web\tcluster:prod/shop/web',
        '+++ generated/networking.istio.io/VirtualService/shop/web',
        '@@ -9,4 +9,4 @@',
        '   hosts:',
        '     - shop.example.com',
        '   http:',
        '-    - timeout: 60s',
        '+    - timeout: 30s',
        '',
      ].join('\n'),
    );
  });

  it('objects on one side only are shown in full against /dev/null and listed in the summary, sorted', () => {
    const a = vs('a', 'shop', { hosts: ['a'] });
    const z = vs('z', 'blog', { hosts: ['z'] });
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'd', namespace: 'shop' }, spec: { host: 'd' } };
    const r = compareObjectSets(
      [{ obj: a, source: at('generated') }, { obj: dr, source: at('generated') }],
      [{ obj: z, source: at('cluster:prod/blog/z') }],
      labels,
    );
    expect(r.entries.map((e) => `${e.status} ${e.id.kind} ${e.id.namespace}/${e.id.name}`)).toEqual([
      'only-generated DestinationRule shop/d',
      'only-existing VirtualService blog/z',
      'only-generated VirtualService shop/a',
    ]);
    const text = renderPatches(r, false);
    expect(text).toContain('--- /dev/null\n+++ generated/networking.istio.io/DestinationRule/shop/d\n@@ -0,0 +1,7 @@\n+apiVersion: networking.istio.io/v1\n');
    expect(text).toContain('--- live/networking.istio.io/VirtualService/blog/z\tcluster:prod/blog/z\n+++ /dev/null\n');
    expect(renderSummary(r, labels)).toBe(
      [
        'only in generated (missing from cluster:prod):',
        '  DestinationRule shop/d',
        '  VirtualService shop/a',
        'only in cluster:prod (not generated):',
        '  VirtualService blog/z',
        '0 differ, 2 only in generated, 1 only in cluster:prod, 0 identical',
        '',
      ].join('\n'),
    );
    expect(hasDifferences(r)).toBe(true);
  });

  it('a label or annotation that differs is a difference (only server-set ones are ignored)', () => {
    const gen = vs('web', 'shop', { hosts: ['h'] });
    const live = vs('web', 'shop', { hosts: ['h'] }, { labels: { 'app.kubernetes.io/managed-by': 'helm' } });
    const r = compareObjectSets([{ obj: gen, source: at('g') }], [{ obj: live, source: at('l') }], labels);
    expect(r.entries[0]!.status).toBe('changed');
    expect(r.entries[0]!.patch).toContain('-    app.kubernetes.io/managed-by: helm\n+    app.kubernetes.io/managed-by: ingress2istio\n');
  });

  it('a different apiVersion of the same object is a change, not two objects', () => {
    const gen = vs('web', 'shop', { hosts: ['h'] });
    const live = { ...vs('web', 'shop', { hosts: ['h'] }), apiVersion: 'networking.istio.io/v1beta1' };
    const r = compareObjectSets([{ obj: gen, source: at('g') }], [{ obj: live, source: at('l') }], labels);
    expect(r.entries.map((e) => e.status)).toEqual(['changed']);
    expect(r.entries[0]!.patch).toContain('-apiVersion: networking.istio.io/v1beta1\n+apiVersion: networking.istio.io/v1\n');
  });

  it('the same object twice on one side is an error naming both places', () => {
    const o = vs('web', 'shop', { hosts: ['h'] });
    const r = compareObjectSets([], [{ obj: o, source: { file: 'a.yaml', line: 3 } }, { obj: o, source: { file: 'b.yaml', line: 9 } }], labels);
    expect(r.errors).toEqual([
      { source: { file: 'b.yaml', line: 9 }, object: 'VirtualService shop/web', message: 'cluster:prod has VirtualService shop/web twice (first at a.yaml:3); only the first is compared' },
    ]);
    expect(r.entries).toHaveLength(1);
  });

  it('serializes with sorted keys and no line folding', () => {
    const long = 'x'.repeat(200);
    expect(toYaml({ kind: 'K', apiVersion: 'v', spec: { b: long, a: 1 } })).toBe(`apiVersion: v\nkind: K\nspec:\n  a: 1\n  b: ${long}\n`);
  });
});

describe('colour', () => {
  it('colours removed lines red, added green, hunks cyan and headers bold', () => {
    expect(colorize('--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n z')).toBe(
      '\x1b[1m--- a\x1b[0m\n\x1b[1m+++ b\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n\x1b[31m-x\x1b[0m\n\x1b[32m+y\x1b[0m\n z',
    );
  });

  it('only on a terminal, never with NO_COLOR; --color / --no-color decide when given', () => {
    expect(useColor(undefined, { isTTY: true }, {})).toBe(true);
    expect(useColor(undefined, { isTTY: false }, {})).toBe(false);
    expect(useColor(undefined, { isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(false, { isTTY: true }, {})).toBe(false);
    expect(useColor(true, { isTTY: false }, {})).toBe(true);
  });
});
