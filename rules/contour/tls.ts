import { defineRule } from '../types.js';
import { key } from '../common/meta.js';
import type { ServerTLSSettings } from '../../src/istio/types.js';
import { INGRESS_DOCS } from './docs.js';

const MIN = 'projectcontour.io/tls-minimum-protocol-version';
const MAX = 'projectcontour.io/tls-maximum-protocol-version';
const CERT_NS = 'projectcontour.io/tls-cert-namespace';

type Version = NonNullable<ServerTLSSettings['minProtocolVersion']>;
const VERSIONS: Record<string, Version> = { '1.2': 'TLSV1_2', '1.3': 'TLSV1_3' };

/**
 * TLS settings of the Ingress's HTTPS hosts. Contour accepts "1.2" and "1.3" only (1.1 before
 * v1.12.0); anything else falls back to its defaults (min 1.2, max 1.3).
 */
export default defineRule({
  meta: {
    id: 'contour/tls',
    controller: 'contour',
    description: 'TLS protocol versions and cross-namespace certificates.',
    keys: [
      key(MIN, 'full', 'Gateway servers[].tls.minProtocolVersion', 'Converted for the HTTPS servers of the Ingress\'s TLS hosts.', { docs: INGRESS_DOCS }),
      key(MAX, 'full', 'Gateway servers[].tls.maxProtocolVersion', 'Converted for the HTTPS servers of the Ingress\'s TLS hosts.', { docs: INGRESS_DOCS }),
      key(CERT_NS, 'partial', 'Gateway servers[].tls.credentialName (Secret in the gateway namespace)', 'Copy the delegated Secret into the gateway namespace; TLSCertificateDelegation has no Istio counterpart.', { docs: INGRESS_DOCS }),
    ],
  },
  create(ctx) {
    const settings: Partial<ServerTLSSettings> = {};
    let first: string | undefined;
    for (const [k, field] of [[MIN, 'minProtocolVersion'], [MAX, 'maxProtocolVersion']] as const) {
      const v = ctx.get(k);
      if (v === undefined) continue;
      const ver = VERSIONS[v.trim()];
      if (!ver) {
        ctx.report({ key: k, level: 'error', message: `Contour accepts "1.2" or "1.3"; ${JSON.stringify(v)} falls back to its default (${k === MIN ? '1.2' : '1.3'})` });
        continue;
      }
      settings[field] = ver;
      first ??= k;
      if (!ctx.ingress.tls.length) ctx.report({ key: k, level: 'ignored', message: 'the Ingress has no spec.tls: nothing is served over TLS' });
      else ctx.report({ key: k, level: 'converted', message: `${field} ${ver} on the HTTPS servers of ${ctx.ingress.tls.flatMap((t) => t.hosts).sort().join(', ') || 'the TLS hosts'}` });
    }
    if (settings.minProtocolVersion && settings.maxProtocolVersion && settings.minProtocolVersion > settings.maxProtocolVersion) {
      ctx.report({ key: MAX, level: 'error', message: 'maximum TLS version is below the minimum: no TLS version can be negotiated' });
    }
    if (first && ctx.ingress.tls.length) ctx.intents.serverTls = { key: first, settings };
    const ns = ctx.get(CERT_NS);
    if (ns) ctx.intents.tlsSecretNamespace = { key: CERT_NS, namespace: ns };
    if (ns !== undefined) {
      const secrets = ctx.ingress.tls.map((t) => t.secretName).filter((s): s is string => !!s).sort();
      ctx.report({
        key: CERT_NS,
        level: 'partial',
        message: secrets.length
          ? `certificates come from namespace ${ns} (${secrets.map((s) => `${ns}/${s}`).join(', ')}), delegated by a TLSCertificateDelegation`
          : `no spec.tls secret to look up in namespace ${ns}`,
        advice: `Copy ${secrets.length ? secrets.map((s) => `${ns}/${s}`).join(', ') : 'the Secrets'} into the gateway namespace ${ctx.options.gatewayNamespace} (the gateway reads credentialName there); delegation rules are not carried over.`,
        tags: ['secret-copy'],
        data: { namespace: ns, secrets: secrets.join(',') },
      });
    }
  },
});
