/** Names and labels of the Istio objects the vendor rules build themselves. */
import { createHash } from 'node:crypto';
import type { Ingress } from '../../src/model/ingress.js';
import type { ConvertOptions } from '../../src/model/options.js';
import type { ObjectMeta } from '../../src/istio/types.js';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'ingress2istio' } as const;

/**
 * DNS-1123 label (≤63 chars) built from the parts, unique across namespaces because the Ingress
 * namespace is one of the parts; too long or lossy names get a short hash of the untouched parts.
 */
export function dnsName(...parts: string[]): string {
  const raw = parts.join('-');
  let name = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const lossy = name !== raw;
  if (name.length > 63 || lossy) {
    const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 8);
    if (name.length > 54) name = name.slice(0, 54).replace(/-+$/, '');
    name = `${name}-${hash}`;
  }
  return name || 'x';
}

/** Metadata of a generated object that belongs to the gateway (gateway namespace, managed-by label). */
export function gatewayObjectMeta(ing: Ingress, opts: ConvertOptions, purpose: string): ObjectMeta {
  return {
    name: dnsName(ing.namespace, ing.name, purpose),
    namespace: opts.gatewayNamespace,
    labels: { ...MANAGED_BY },
    annotations: { 'ingress2istio.io/source': `${ing.namespace}/${ing.name}` },
  };
}

export function securityApiVersion(opts: ConvertOptions): string {
  return opts.apiVersion === 'v1' ? 'security.istio.io/v1' : 'security.istio.io/v1beta1';
}

export function istioRef(kind: string, meta: ObjectMeta): string {
  return `${kind}/${meta.namespace}/${meta.name}`;
}
