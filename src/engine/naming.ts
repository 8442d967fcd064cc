/** Names, labels and references of generated objects. All deterministic. */
import { createHash } from 'node:crypto';
import type { IstioKind, ObjectMeta } from '../istio/types.js';
import type { ConvertOptions } from '../model/options.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'ingress2istio';
export const SOURCE_ANNOTATION = 'ingress2istio.io/source';

export function shortHash(s: string, len = 8): string {
  return createHash('sha256').update(s).digest('hex').slice(0, len);
}

/**
 * A DNS-1123 label (≤ max chars) derived from free text. When the text had to be changed or cut,
 * a hash of the original is appended so that two different inputs never share a name.
 */
export function dnsLabel(text: string, max = 63): string {
  let s = text.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!s) s = 'x';
  const changed = s !== text;
  if (s.length > max || changed) {
    const h = shortHash(text);
    const room = max - h.length - 1;
    s = `${s.slice(0, room).replace(/-+$/g, '')}-${h}`;
  }
  return s;
}

/** Readable DNS-1123 name: sanitized text, with a hash only when needed to stay unique or short. */
export function readableName(text: string, max = 63): string {
  const s = text.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (s && s.length <= max) return s;
  return dnsLabel(text, max);
}

export function fqdn(service: string, namespace: string, opts: Pick<ConvertOptions, 'clusterDomain'>): string {
  return `${service}.${namespace}.svc.${opts.clusterDomain}`;
}

export function apiVersionFor(kind: IstioKind, opts: Pick<ConvertOptions, 'apiVersion'>): string {
  switch (kind) {
    case 'EnvoyFilter':
      return 'networking.istio.io/v1alpha3';
    case 'AuthorizationPolicy':
      return opts.apiVersion === 'v1' ? 'security.istio.io/v1' : 'security.istio.io/v1beta1';
    default:
      // The usual versions as constants: a template literal would be a new string per object.
      return opts.apiVersion === 'v1' ? 'networking.istio.io/v1' : opts.apiVersion === 'v1beta1' ? 'networking.istio.io/v1beta1' : `networking.istio.io/${opts.apiVersion}`;
  }
}

/** Every generated object's labels: one frozen object, shared (the printer writes it out in full each time). */
const MANAGED_LABELS: Record<string, string> = Object.freeze({ [MANAGED_BY_LABEL]: MANAGED_BY });

export function meta(name: string, namespace: string, sources: string[]): ObjectMeta {
  const uniq = [...new Set(sources)].sort();
  return {
    name,
    namespace,
    labels: MANAGED_LABELS,
    annotations: { [SOURCE_ANNOTATION]: uniq.join(',') },
  };
}

export function ref(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
