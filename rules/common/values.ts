/** Parsing of annotation values shared by the vendor rules. Pure; errors are returned, never thrown. */

/**
 * The longest duration Istio accepts (a Go/protobuf duration, about 292 years), in milliseconds.
 * Parsers return undefined above it, so a huge value is reported as invalid instead of emitted.
 */
export const MAX_DURATION_MS = 9_223_372_036_854;

/** Istio duration text from milliseconds: whole seconds as `Ns`, else `Nms`. */
export function istioDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * HAProxy time format: a number with an optional unit (us, ms, s, m, h, d); bare numbers are
 * milliseconds. Returns milliseconds (integer) or undefined.
 */
export function haproxyTime(v: string): number | undefined {
  const m = /^\s*(\d+)(us|ms|s|m|h|d)?\s*$/.exec(v);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS_MS[m[2] ?? 'ms']!;
  return Number.isInteger(ms) && ms <= MAX_DURATION_MS ? ms : undefined;
}

/**
 * Go `time.ParseDuration` subset (Contour): sequences like `1h2m3.5s`, `300ms`; `infinity`/`0` handled by callers.
 */
export function goDuration(v: string): number | undefined {
  const s = v.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  const factor: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while ((m = re.exec(s))) {
    total += Number(m[1]) * factor[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched !== s.length || s.length === 0 || total > MAX_DURATION_MS) return undefined;
  return Math.round(total);
}

/**
 * NGINX time format: `60`, `60s`, `1m`, `500ms`, `1h30m` (units ms s m h d w M y); bare = seconds.
 */
export function nginxTime(v: string): number | undefined {
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000 <= MAX_DURATION_MS ? Number(s) * 1000 : undefined;
  const factor: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };
  const re = /(\d+)(ms|s|m|h|d|w|M|y)\s*/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * factor[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched !== s.length || s.length === 0 || total > MAX_DURATION_MS) return undefined;
  return total;
}

/** Comma (or whitespace) separated list, trimmed, empties dropped. */
export function list(v: string, sep: RegExp = /[,\s]+/): string[] {
  return v.split(sep).map((s) => s.trim()).filter((s) => s !== '');
}

/** IPv4/IPv6 address or CIDR, as Istio `remoteIpBlocks` accepts it. */
export function isCidr(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/.exec(s);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && (v4[6] === undefined || Number(v4[6]) <= 32);
  const v6 = /^([0-9a-fA-F:]+)(\/(\d{1,3}))?$/.exec(s);
  if (v6 && v6[1]!.includes(':')) return v6[3] === undefined || Number(v6[3]) <= 128;
  return false;
}
