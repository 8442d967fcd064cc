import { defineRule } from '../types.js';
import { k, rejected } from './keys.js';

const KEY = 'nginx.org/client-max-body-size';

/** NGINX size (`1m`, `512k`, `0` = unlimited) in bytes. */
export function nginxSize(v: string): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v.trim());
  if (!m) return undefined;
  const f: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  return Number(m[1]) * f[m[2]!.toLowerCase()]!;
}

/** Request body limit (NIC default 1m). Istio has none; only an EnvoyFilter buffer filter enforces one. */
export default defineRule({
  meta: {
    id: 'nginx-inc/body',
    controller: 'nginx-inc',
    description: 'Request body size limit.',
    keys: [k(KEY, 'partial', 'EnvoyFilter buffer filter max_request_bytes', 'Istio accepts bodies of any size; add a buffer-filter EnvoyFilter if the limit matters (it buffers whole bodies).')],
  },
  create(ctx) {
    const v = ctx.get(KEY);
    if (v === undefined) return;
    const n = nginxSize(v);
    if (n === undefined) return rejected(ctx, KEY, `not an NGINX size: ${JSON.stringify(v)}`);
    ctx.report({ key: KEY, level: n === 0 ? 'converted' : 'unsupported', message: n === 0 ? 'no body size limit, as Istio' : `bodies over ${v} were refused with 413; Istio accepts any size`, advice: n === 0 ? undefined : 'Add an EnvoyFilter with the buffer filter (max_request_bytes) for these routes if the limit matters.', tags: n === 0 ? undefined : ['behaviour-change', 'envoyfilter'] });
  },
});
