/** Key spellings and documentation of the HAProxy Technologies controller (haproxytech/kubernetes-ingress). */
import type { KeyMeta, SupportLevel } from '../types.js';
import { type KeyOpts, key, prefixed } from '../common/meta.js';

/** Prefixes read since 3.2, in the order the controller looks them up. */
export const PREFIXES = ['haproxy.org/', 'haproxy.com/', 'ingress.kubernetes.io/'] as const;

export const DOCS = 'https://github.com/haproxytech/kubernetes-ingress/blob/master/documentation/annotations.md';

export function docs(name: string): string {
  return `${DOCS}#${name}`;
}

/** An annotation (Ingress/Service) key under all three prefixes. */
export function annotation(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta[] {
  return prefixed(PREFIXES, name, support, istio, advice, { docs: docs(name), ...opts });
}

/** A controller ConfigMap key (never on an Ingress). */
export function configMap(name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta {
  return key(name, support, istio, advice, { docs: docs(name), ...opts });
}
