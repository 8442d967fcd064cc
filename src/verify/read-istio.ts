/** Reads Istio objects (YAML multi-document or JSON, folders recursively) for `verify --istio`. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IstioResource } from '../istio/types.js';

const KINDS = new Set(['Gateway', 'VirtualService', 'DestinationRule', 'AuthorizationPolicy', 'EnvoyFilter']);

export interface IstioRead {
  resources: IstioResource[];
  errors: string[];
}

function files(path: string, errors: string[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    errors.push(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return [];
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) out.push(...files(full, errors));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(full);
  }
  return out;
}

/** Istio objects of the kinds verify reads; a missing namespace becomes `defaultNamespace`. */
export function readIstioFiles(paths: string[], defaultNamespace = 'default'): IstioRead {
  const errors: string[] = [];
  const resources: IstioResource[] = [];
  for (const file of paths.flatMap((p) => files(p, errors))) {
    const text = readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        errors.push(`${file}: YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
        continue;
      }
      const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
      if (!value || typeof value !== 'object') continue;
      const obj = value as Record<string, unknown>;
      const items = typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items) ? (obj.items as unknown[]) : [obj];
      for (const item of items) {
        const o = item as Record<string, unknown> | null;
        if (!o || typeof o.kind !== 'string' || !KINDS.has(o.kind)) continue;
        if (typeof o.apiVersion !== 'string' || !/^(networking|security)\.istio\.io\//.test(o.apiVersion)) continue;
        const meta = (o.metadata ?? {}) as Record<string, unknown>;
        if (typeof meta.name !== 'string') {
          errors.push(`${file}: ${o.kind} without metadata.name`);
          continue;
        }
        resources.push({
          apiVersion: o.apiVersion,
          kind: o.kind as IstioResource['kind'],
          metadata: { ...(meta as object), name: meta.name, namespace: typeof meta.namespace === 'string' ? meta.namespace : defaultNamespace },
          spec: (o.spec ?? {}) as never,
        });
      }
    }
  }
  return { resources, errors };
}
