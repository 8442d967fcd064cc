/** Key spellings and documentation of HAProxy Ingress (jcmoraisjr/haproxy-ingress). */
import type { KeyMeta, SupportLevel } from '../types.js';
import { type KeyOpts, key, prefixed } from '../common/meta.js';

/** Default `--annotations-prefix` list; the first listed wins. */
export const PREFIXES = ['haproxy-ingress.github.io/', 'ingress.kubernetes.io/'] as const;

export const DOCS = 'https://haproxy-ingress.github.io/docs/configuration/keys/';

export function docs(name: string): string {
  return `${DOCS}#${name.replace(/[^a-z0-9-]/g, '')}`;
}

/** A key accepted as Ingress/Service annotation, under both prefixes. */
export function hi(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta[] {
  return prefixed(PREFIXES, name, support, istio, advice, { docs: docs(name), ...opts });
}

/** A global ConfigMap key (never on an Ingress). */
export function cm(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta {
  return key(name, support, istio, advice, { docs: docs(name), ...opts });
}

/** Backend Services of the Ingress, sorted. */
export function backendServices(ing: { rules: Array<{ paths: Array<{ backend: { kind: string; service?: string } }> }>; defaultBackend?: { kind: string; service?: string } }): string[] {
  const all = [...ing.rules.flatMap((r) => r.paths.map((p) => p.backend)), ...(ing.defaultBackend ? [ing.defaultBackend] : [])];
  return [...new Set(all.flatMap((b) => (b.kind === 'service' && b.service ? [b.service] : [])))].sort();
}
