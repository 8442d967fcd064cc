/**
 * Objects as `diff` compares them: identified by API group, kind, namespace and name, with the
 * fields the API server sets removed, so that only what a user (or ingress2istio) wrote is compared.
 */
import type { SourceRef } from '../model/source.js';

/** One object on either side of the comparison. */
export interface DiffObject {
  obj: Record<string, unknown>;
  /** Where it came from: a file and line, `cluster:<context>/<ns>/<name>`, or `generated`. */
  source: SourceRef;
}

export interface ObjectId {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Istio kinds ingress2istio generates; objects of other kinds are not compared. */
export const COMPARED_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: 'networking.istio.io', kind: 'Gateway' },
  { group: 'networking.istio.io', kind: 'VirtualService' },
  { group: 'networking.istio.io', kind: 'DestinationRule' },
  { group: 'networking.istio.io', kind: 'EnvoyFilter' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
];

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** metadata fields the API server sets (selfLink: servers before Kubernetes 1.20). */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

export function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isComparedKind(obj: Record<string, unknown>): boolean {
  const group = groupOf(obj.apiVersion);
  return COMPARED_KINDS.some((k) => k.group === group && k.kind === obj.kind);
}

export function idOf(obj: Record<string, unknown>): ObjectId {
  const meta = (obj.metadata ?? {}) as { namespace?: unknown; name?: unknown };
  return {
    group: groupOf(obj.apiVersion),
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : '',
  };
}

/** Sort and match key: group, kind, namespace, name. */
export function idKey(id: ObjectId): string {
  return `${id.group}\u0000${id.kind}\u0000${id.namespace}\u0000${id.name}`;
}

export function compareIds(a: ObjectId, b: ObjectId): number {
  for (const k of ['group', 'kind', 'namespace', 'name'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}

/** `VirtualService shop/web`. */
export function describeId(id: ObjectId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/**
 * A copy without server-set fields (`status`, server metadata, the last-applied annotation),
 * without empty label/annotation maps left behind, without undefined values, and with object
 * keys sorted, so that equal objects serialize to equal text.
 */
export function cleanObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  delete out.status;
  if (out.metadata && typeof out.metadata === 'object' && !Array.isArray(out.metadata)) {
    const meta: Record<string, unknown> = { ...(out.metadata as Record<string, unknown>) };
    for (const k of SERVER_METADATA) delete meta[k];
    if (meta.annotations && typeof meta.annotations === 'object') {
      const ann = { ...(meta.annotations as Record<string, unknown>) };
      delete ann[LAST_APPLIED];
      meta.annotations = ann;
    }
    for (const k of ['annotations', 'labels']) {
      const v = meta[k];
      if (v === null || (typeof v === 'object' && Object.keys(v as object).length === 0)) delete meta[k];
    }
    out.metadata = meta;
  }
  return sortKeys(out) as Record<string, unknown>;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}
