import { defineRule } from '../types.js';
import { firstOf } from '../common/report.js';
import { PREFIXES, annotation } from './keys.js';

/** `Name value` per line; surrounding quotes of the value are dropped. Returns undefined on a malformed line. */
export function headerLines(v: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  for (const line of v.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) return undefined;
    out.push([m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')]);
  }
  return out;
}

/** Request/response header changes, Host rewriting and client-address headers. */
export default defineRule({
  meta: {
    id: 'haproxytech/headers',
    controller: 'haproxytech',
    description: 'Request and response headers, Host rewrite, X-Forwarded-For.',
    keys: [
      ...annotation('request-set-header', 'full', 'VirtualService http[].headers.request.set', 'Converted for static values; HAProxy %[...] expressions need rewriting by hand.'),
      ...annotation('response-set-header', 'full', 'VirtualService http[].headers.response.set', 'Converted for static values.'),
      ...annotation('set-host', 'full', 'VirtualService http[].rewrite.authority', 'Converted.'),
      ...annotation('forwarded-for', 'full', 'none needed (Envoy appends X-Forwarded-For)', 'Default "true" needs nothing; "false" cannot be expressed per route.'),
      ...annotation('src-ip-header', 'partial', 'gatewayTopology.numTrustedProxies / xff handling', 'Trust the header at gateway level (gatewayTopology.numTrustedProxies); Istio reads X-Forwarded-For, not an arbitrary header.'),
      ...annotation('request-capture', 'partial', 'Telemetry access log format', 'Captured values belong in the access log: add them to the Telemetry/meshConfig access log format.'),
      ...annotation('request-capture-len', 'not-applicable', 'none', 'Not applicable to Istio: capture buffer length.'),
    ],
  },
  create(ctx) {
    for (const [name, dir] of [['request-set-header', 'request'], ['response-set-header', 'response']] as const) {
      const e = firstOf(ctx, PREFIXES, name);
      if (!e) continue;
      const lines = headerLines(e.value);
      if (!lines) {
        ctx.report({ key: e.key, level: 'error', message: `expected "Name value" per line: ${JSON.stringify(e.value)}` });
        continue;
      }
      const dynamic = lines.filter(([, val]) => val.includes('%['));
      const fixed = lines.filter(([, val]) => !val.includes('%['));
      const hostSet = dir === 'request' ? fixed.find(([n]) => n.toLowerCase() === 'host') : undefined;
      const set = Object.fromEntries(fixed.filter(([n]) => n !== hostSet?.[0]));
      if (Object.keys(set).length) ctx.intents.routePatches.push({ key: e.key, patch: { headers: { [dir]: { set } } } });
      if (hostSet) ctx.intents.routePatches.push({ key: e.key, patch: { rewrite: { authority: hostSet[1] } } });
      const parts = [`${dir} headers set: ${fixed.map(([n]) => n).join(', ') || 'none'}`];
      if (hostSet) parts.push('Host becomes rewrite.authority (it no longer changes routing, which Istio decides first)');
      if (dynamic.length) {
        ctx.report({ key: e.key, level: 'partial', message: `${parts.join('; ')}; not converted: ${dynamic.map(([n]) => n).join(', ')} use HAProxy %[...] expressions`, advice: 'Rewrite those values with Envoy %VAR% command operators by hand.' });
      } else ctx.report({ key: e.key, level: 'converted', message: parts.join('; ') });
    }
    const host = firstOf(ctx, PREFIXES, 'set-host');
    if (host) {
      ctx.intents.routePatches.push({ key: host.key, patch: { rewrite: { authority: host.value } } });
      ctx.report({ key: host.key, level: 'converted', message: `Host sent to the backend: ${host.value}` });
    }
    const xff = firstOf(ctx, PREFIXES, 'forwarded-for');
    if (xff) {
      if (xff.value === 'false') ctx.report({ key: xff.key, level: 'unsupported', message: 'HAProxy did not add X-Forwarded-For; the Istio gateway always appends it', advice: 'Remove the header for these routes with headers.request.remove if the backend must not see it.', tags: ['behaviour-change'] });
      else ctx.report({ key: xff.key, level: 'converted', message: 'X-Forwarded-For is added by the Istio gateway too' });
    }
    const src = firstOf(ctx, PREFIXES, 'src-ip-header');
    if (src) ctx.report({ key: src.key, level: 'partial', message: `HAProxy took the client address from header ${src.value}; Istio uses X-Forwarded-For with gatewayTopology.numTrustedProxies`, advice: 'Configure gatewayTopology.numTrustedProxies on the gateway (mesh-wide setting), or have the front proxy send X-Forwarded-For.', tags: ['mesh-config', 'client-ip'] });
    const cap = firstOf(ctx, PREFIXES, 'request-capture');
    if (cap) ctx.report({ key: cap.key, level: 'partial', message: `logging of ${JSON.stringify(cap.value)} is not per route in Istio`, advice: 'Add the values to the access log format (Telemetry API or meshConfig.accessLogFormat).', tags: ['mesh-config'] });
    const len = firstOf(ctx, PREFIXES, 'request-capture-len');
    if (len) ctx.report({ key: len.key, level: 'ignored', message: 'capture buffer length: not applicable to Istio' });
  },
});
