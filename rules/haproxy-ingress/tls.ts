import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { NOT_APPLICABLE } from '../common/meta.js';
import type { ServerTLSSettings } from '../../src/istio/types.js';
import { PREFIXES, cm, hi } from './keys.js';

/** Frontend TLS: ciphers, per-host options, passthrough. Defaults: TLS 1.2+, ALPN h2,http/1.1. */
export default defineRule({
  meta: {
    id: 'haproxy-ingress/tls',
    controller: 'haproxy-ingress',
    description: 'TLS passthrough, ciphers and protocol options.',
    keys: [
      ...hi('ssl-passthrough', 'full', 'Gateway server tls.mode PASSTHROUGH + VirtualService tls[] route on SNI', 'Converted: routed on SNI to the backend of /; other paths were served only on plain HTTP.'),
      ...hi('ssl-passthrough-http-port', 'full', 'VirtualService HTTP-server route to the Service port', 'Plain-HTTP requests of a passthrough host went to this port; add that HTTP route by hand.'),
      ...hi('ssl-ciphers', 'partial', 'Gateway servers[].tls.cipherSuites', 'Converted for TLS ≤ 1.2; names must be BoringSSL cipher names.'),
      ...hi('ssl-cipher-suites', 'none', 'none', 'Envoy does not let you choose TLS 1.3 cipher suites.'),
      ...hi('ssl-options-host', 'partial', 'Gateway servers[].tls.minProtocolVersion / maxProtocolVersion', 'Protocol switches (no-tlsv1x, force-tlsv1x) are converted; other options are not.'),
      ...hi('tls-alpn', 'partial', 'none (Istio offers h2,http/1.1)', 'Istio gateways offer h2 and http/1.1; other lists need an EnvoyFilter.'),
      cm('ssl-options', 'partial', 'Gateway servers[].tls.minProtocolVersion', 'Global TLS options; set min/max versions on the Gateway servers.'),
      cm('ssl-dh-default-max-size', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('ssl-dh-param', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('ssl-engine', 'not-applicable', 'none', NOT_APPLICABLE),
      cm('ssl-mode-async', 'not-applicable', 'none', NOT_APPLICABLE),
    ],
  },
  create(ctx) {
    const pt = firstOf(ctx, PREFIXES, 'ssl-passthrough');
    if (pt) {
      if (pt.value === 'true') {
        ctx.intents.passthrough = { key: pt.key };
        ctx.report({ key: pt.key, level: 'converted', message: 'TLS passthrough: routed on SNI to the backend of /, no HTTP features apply' });
      } else ctx.report({ key: pt.key, level: pt.value === 'false' ? 'converted' : 'error', message: pt.value === 'false' ? 'TLS terminated at the gateway' : `not a boolean: ${JSON.stringify(pt.value)}` });
    }
    const httpPort = firstOf(ctx, PREFIXES, 'ssl-passthrough-http-port');
    if (httpPort) ctx.report({ key: httpPort.key, level: pt?.value === 'true' ? 'unsupported' : 'ignored', message: pt?.value === 'true' ? `plain-HTTP requests of the passthrough host went to port ${httpPort.value}; not converted` : 'no effect without ssl-passthrough', advice: pt?.value === 'true' ? 'Add an HTTP route for the host to that Service port by hand.' : undefined });
    const settings: Partial<ServerTLSSettings> = { ...ctx.intents.serverTls?.settings };
    let key = ctx.intents.serverTls?.key;
    const ciphers = firstOf(ctx, PREFIXES, 'ssl-ciphers');
    if (ciphers) {
      settings.cipherSuites = ciphers.value.split(':').map((s) => s.trim()).filter(Boolean);
      key ??= ciphers.key;
      ctx.report({ key: ciphers.key, level: 'partial', message: `cipher suites ${settings.cipherSuites.join(', ')} (OpenSSL names; Envoy accepts BoringSSL names and ignores TLS 1.3 here)`, advice: 'Check every name against Envoy\'s supported cipher list.' });
    }
    const opts = firstOf(ctx, PREFIXES, 'ssl-options-host');
    if (opts) {
      const words = opts.value.split(/\s+/).filter(Boolean);
      const versions = ['TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const;
      const token: Record<string, number> = { 'no-tlsv10': 0, 'no-tlsv11': 1, 'no-tlsv12': 2, 'no-tlsv13': 3 };
      const forced = words.find((w) => /^force-tlsv1[0-3]$/.test(w));
      const other = words.filter((w) => !(w in token) && !/^force-tlsv1[0-3]$/.test(w) && !/^(ssl-min-ver|ssl-max-ver)$/.test(w));
      const allowed = versions.map((_, i) => !words.includes(Object.keys(token)[i]!));
      if (forced) allowed.fill(false), (allowed[Number(forced.slice(-1))] = true);
      const lo = allowed.indexOf(true);
      const hi2 = allowed.lastIndexOf(true);
      if (lo >= 0) {
        settings.minProtocolVersion = versions[Math.max(lo, 2)];
        settings.maxProtocolVersion = versions[hi2];
        key ??= opts.key;
      }
      ctx.report({ key: opts.key, level: other.length || lo < 2 ? 'partial' : 'converted', message: `TLS ${lo >= 0 ? `${settings.minProtocolVersion}–${settings.maxProtocolVersion}` : 'none'}${lo >= 0 && lo < 2 ? ' (Istio never accepts below TLS 1.2)' : ''}${other.length ? `; not converted: ${other.join(' ')}` : ''}` });
    }
    if (key && (ciphers || opts)) ctx.intents.serverTls = { key, settings };
    const alpn = firstOf(ctx, PREFIXES, 'tls-alpn');
    if (alpn) ctx.report({ key: alpn.key, level: alpn.value.replace(/\s/g, '') === 'h2,http/1.1' ? 'converted' : 'partial', message: `ALPN ${alpn.value}; Istio gateways offer h2,http/1.1`, advice: 'Use an EnvoyFilter if clients must not negotiate h2.' });
    const suites = firstOf(ctx, PREFIXES, 'ssl-cipher-suites');
    if (suites) ctx.report({ key: suites.key, level: 'unsupported', message: `TLS 1.3 cipher suites ${suites.value} cannot be chosen in Envoy`, advice: 'Nothing equivalent; Envoy uses its TLS 1.3 defaults.' });
  },
});
