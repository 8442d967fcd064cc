/**
 * Printing generated objects. Key order is the order the engine built them in (apiVersion, kind,
 * metadata, spec first), documents in the engine's sort order: the same input gives the same bytes.
 * js-yaml's dumper is used for speed (it is several times faster than yaml's document API).
 */
import jsYaml from 'js-yaml';
import type { IstioResource } from '../istio/types.js';

export type OutputFormat = 'yaml' | 'json';

export function toYaml(objs: readonly unknown[]): string {
  let out = '';
  for (const o of objs) {
    out += '---\n';
    out += jsYaml.dump(o, { noRefs: true, lineWidth: -1, quotingType: '"', sortKeys: false });
  }
  return out;
}

export function toJson(objs: readonly unknown[]): string {
  if (objs.length === 1) return `${JSON.stringify(objs[0], null, 2)}\n`;
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }, null, 2)}\n`;
}

export function print(objs: readonly IstioResource[], format: OutputFormat): string {
  return format === 'json' ? toJson(objs) : toYaml(objs);
}

/** Group by namespace for `-o DIR` (one file per namespace). */
export function byNamespace(objs: readonly IstioResource[]): Map<string, IstioResource[]> {
  const m = new Map<string, IstioResource[]>();
  for (const o of objs) {
    const list = m.get(o.metadata.namespace) ?? [];
    list.push(o);
    m.set(o.metadata.namespace, list);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
