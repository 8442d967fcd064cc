/** Source YAML and generated Istio YAML per Ingress, for the HTML report's side-by-side view. */
import { stringify } from 'yaml';
import type { ConvertResult } from '../engine/types.js';
import type { Backend, Ingress } from '../model/ingress.js';
import { ingressId } from '../model/ingress.js';
import type { AuditReport, IngressTexts } from './model.js';

function backendObject(b: Backend): Record<string, unknown> {
  if (b.kind === 'service') {
    const port = b.port.number !== undefined ? { number: b.port.number } : b.port.name !== undefined ? { name: b.port.name } : undefined;
    return { service: { name: b.service, ...(port ? { port } : {}) } };
  }
  return { resource: { ...(b.apiGroup !== undefined ? { apiGroup: b.apiGroup } : {}), kind: b.resourceKind, name: b.name } };
}

/** The normalized Ingress written back as a manifest, when the original text is not known. */
export function ingressManifest(ing: Ingress): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: ing.name, namespace: ing.namespace };
  if (Object.keys(ing.labels).length) metadata.labels = ing.labels;
  if (ing.annotations.length) metadata.annotations = Object.fromEntries(ing.annotations.map((a) => [a.key, a.value]));
  const spec: Record<string, unknown> = {};
  if (ing.ingressClassName !== undefined) spec.ingressClassName = ing.ingressClassName;
  if (ing.defaultBackend) spec.defaultBackend = backendObject(ing.defaultBackend);
  if (ing.tls.length) spec.tls = ing.tls.map((t) => ({ ...(t.hosts.length ? { hosts: t.hosts } : {}), ...(t.secretName !== undefined ? { secretName: t.secretName } : {}) }));
  if (ing.rules.length) {
    spec.rules = ing.rules.map((r) => ({
      ...(r.host !== undefined ? { host: r.host } : {}),
      http: { paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backendObject(p.backend) })) },
    }));
  }
  return { apiVersion: ing.apiVersion, kind: 'Ingress', metadata, spec };
}

export function ingressTexts(report: AuditReport, result: ConvertResult, texts?: ReadonlyMap<string, string>): Map<string, IngressTexts> {
  const byRef = new Map<string, unknown>();
  for (const r of result.resources) byRef.set(`${r.kind}/${r.metadata.namespace ?? ''}/${r.metadata.name}`, r);
  const byId = new Map<string, Ingress>();
  for (const ing of result.ingresses) byId.set(ingressId(ing), ing);
  const out = new Map<string, IngressTexts>();
  for (const a of report.ingresses) {
    const ing = byId.get(a.id);
    const original = texts?.get(a.id);
    const source = original ?? (ing ? stringify(ingressManifest(ing), { lineWidth: 0 }) : '');
    const docs = a.istio.map((ref) => byRef.get(ref)).filter((r) => r !== undefined);
    const istio = docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    out.set(a.id, { source, original: original !== undefined, istio });
  }
  return out;
}
