/**
 * mirror-target, mirror-request-body, mirror-host → VirtualService mirrors (Istio >= 1.19).
 * Istio mirrors to a registry host with the same path; the mirrored authority gets `-shadow`.
 */
import { defineNginxRule, ignoreAll, k, key, report, show } from './common.js';

export default defineNginxRule({
  meta: {
    id: 'nginx/mirror',
    controller: 'ingress-nginx',
    description: 'Request mirroring.',
    keys: [
      key('mirror-target', 'partial', 'VirtualService.http[].mirrors[] {destination, percentage}', 'Converted when the target is <scheme>://<host>[:port]$request_uri; a different path cannot be expressed; external hosts need a ServiceEntry.', { docs: 'mirror' }),
      key('mirror-request-body', 'none', 'none', "Envoy always mirrors the body; 'off' cannot be expressed.", { docs: 'mirror' }),
      key('mirror-host', 'none', 'none', "Istio does not let you set the mirrored Host (Envoy appends '-shadow').", { docs: 'mirror' }),
    ],
  },
  create(ctx) {
    const target = ctx.get(k('mirror-target'));
    if (target === undefined || target === '') {
      if (target === '') report(ctx, 'mirror-target', 'ignored', 'empty mirror-target: no mirroring');
      ignoreAll(ctx, ['mirror-request-body', 'mirror-host'], 'no effect without mirror-target');
      return;
    }
    const m = /^(https?):\/\/([A-Za-z0-9.-]+)(?::(\d+))?(.*)$/.exec(target);
    if (!m) {
      report(ctx, 'mirror-target', 'unsupported', `"${show(target)}" is not a <scheme>://<host>[:port]… URL with a literal host; nginx variables in the host cannot be expressed, nothing emitted`, {
        advice: 'Mirror to a fixed Service host.',
      });
    } else {
      const [, scheme, host, portText, rest] = m;
      const port = portText ? Number(portText) : scheme === 'https' ? 443 : 80;
      const diffs: string[] = ['mirroring is fire-and-forget in both, but the mirrored Host/authority gets a "-shadow" suffix in Envoy'];
      if (rest !== '$request_uri') diffs.push(`the path "${rest}" differs from $request_uri: Istio mirrors the original path unchanged`);
      if (scheme === 'https') diffs.push('https needs TLS origination (DestinationRule tls SIMPLE for the mirror host)');
      const inMesh = /\.svc(\.[a-z0-9.-]+)?$/.test(host!) || !host!.includes('.');
      if (!inMesh) diffs.push(`${host} is outside the cluster: add a ServiceEntry for it or Istio cannot route the mirror`);
      ctx.intents.routePatches.push({
        key: k('mirror-target'),
        patch: { mirrors: [{ destination: { host: host!, port: { number: port } }, percentage: { value: 100 } }] },
      });
      report(ctx, 'mirror-target', 'partial', `mirrors[] to ${host}:${port} (100%); differences: ${diffs.join('; ')}`, {
        advice: inMesh ? undefined : 'Create a ServiceEntry (and DestinationRule TLS if https) for the mirror host.',
        tags: inMesh ? [] : ['service-entry'],
      });
    }
    const body = ctx.get(k('mirror-request-body'));
    if (body !== undefined) {
      if (body === 'off') report(ctx, 'mirror-request-body', 'unsupported', "nginx mirrors without the body; Envoy always mirrors the full request, 'off' cannot be expressed", { tags: ['behaviour-change'] });
      else if (body === 'on') report(ctx, 'mirror-request-body', 'converted', 'the body is mirrored (nginx default; Envoy always does)');
      else report(ctx, 'mirror-request-body', 'error', `"${show(body)}" is not on/off`);
    }
    const mh = ctx.get(k('mirror-host'));
    if (mh !== undefined) {
      report(ctx, 'mirror-host', 'unsupported', `nginx sends Host: ${show(mh)} to the mirror; Envoy sends the original authority with a "-shadow" suffix and Istio cannot change it`, {
        advice: 'Make the mirror backend accept the -shadow Host.',
      });
    }
  },
});
