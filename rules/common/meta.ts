/**
 * Builders for rule metadata (KeyMeta), shared by the Contour, HAProxy and NGINX Inc rules.
 *
 * Key representation: one KeyMeta per *full* key as the controller reads it. Keys a controller
 * reads under several prefixes (haproxytech `haproxy.org/`, `haproxy.com/`, `ingress.kubernetes.io/`;
 * haproxy-ingress `haproxy-ingress.github.io/` and legacy `ingress.kubernetes.io/`) get one
 * KeyMeta per prefix, the secondary spellings with `status: 'alias'`.
 * Keys without a `/` are controller ConfigMap keys (never found on an Ingress); they are listed so the
 * catalog and the support matrix are complete.
 * A key containing `*` is a pattern (`*` = any run of characters), e.g. `haproxy.org/backend.*`;
 * an exact key always wins over a pattern.
 */
import type { KeyMeta, KeyStatus, SupportLevel } from '../types.js';

export interface KeyOpts {
  status?: KeyStatus;
  removedIn?: string;
  docs?: string;
  on?: 'ingress' | 'service';
}

export function key(k: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta {
  const m: KeyMeta = { key: k, support, istio, advice };
  if (opts.status) m.status = opts.status;
  if (opts.removedIn) m.removedIn = opts.removedIn;
  if (opts.docs) m.docs = opts.docs;
  if (opts.on) m.on = opts.on;
  return m;
}

/** Advice shared by keys that only tune the old proxy. */
export const NOT_APPLICABLE = 'Not applicable to Istio: it only tunes the old proxy; nothing to migrate.';

/**
 * The KeyMeta of one key under every prefix the controller reads. `name` is the key without prefix;
 * the first prefix is the primary spelling.
 */
export function prefixed(prefixes: readonly string[], name: string, support: SupportLevel, istio: string, advice: string, opts: KeyOpts = {}): KeyMeta[] {
  return prefixes.map((p, i) => key(`${p}${name}`, support, istio, advice, i === 0 ? opts : { ...opts, status: 'alias' }));
}

/** True when `k` is matched by the KeyMeta key `pattern` (exact, or `*` wildcards). */
export function keyMatches(pattern: string, k: string): boolean {
  if (!pattern.includes('*')) return pattern === k;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(k);
}
