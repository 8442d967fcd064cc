/**
 * The action list: what a person must do around the migration, from the findings' tags and data
 * (and, for TLS secrets, from the Ingresses themselves so that none is missed).
 */
import type { ConvertResult } from '../engine/types.js';
import type { Server } from '../istio/types.js';
import { ingressId } from '../model/ingress.js';
import { SOURCE_ANNOTATION } from '../engine/naming.js';
import type { ActionItem, Actions, MeshConfigChange, ReportFinding, SecretCopy } from './model.js';
import { cmp } from './verdict.js';

/** Quote for a POSIX shell only when needed (Kubernetes names never need it; hostile input might). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9._\-/:=@]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Copies a Secret to the gateway namespace under a (possibly new) name, keeping its type and all
 * data keys (tls.crt, tls.key, and ca.crt for mutual TLS). Needs kubectl and jq.
 */
export function secretCopyCommand(namespace: string, name: string, targetNamespace: string, targetName: string): string {
  const meta = JSON.stringify({ name: targetName, namespace: targetNamespace });
  return (
    `kubectl get secret ${shellQuote(name)} -n ${shellQuote(namespace)} -o json` +
    ` | jq ${shellQuote(`{apiVersion: "v1", kind: "Secret", type: .type, data: .data, metadata: ${meta}}`)}` +
    ` | kubectl apply -f -`
  );
}

function stripNsPrefix(host: string): string {
  const slash = host.indexOf('/');
  return slash >= 0 ? host.slice(slash + 1) : host;
}

/**
 * credentialName of the generated Gateway server that serves one of the given hosts (the first such
 * server in output order), if any. Indexed once: host → first server (by order) with a credential.
 */
function credentialIndex(result: ConvertResult, gatewayNamespace: string): (hosts: string[]) => string | undefined {
  const byHost = new Map<string, { order: number; name: string }>();
  let order = 0;
  for (const r of result.resources) {
    if (r.kind !== 'Gateway' || (r.metadata.namespace ?? gatewayNamespace) !== gatewayNamespace) continue;
    for (const s of (r.spec as { servers?: Server[] }).servers ?? []) {
      order++;
      const name = s.tls?.credentialName;
      if (!name) continue;
      for (const h of s.hosts) {
        const host = stripNsPrefix(h);
        if (!byHost.has(host)) byHost.set(host, { order, name });
      }
    }
  }
  return (hosts) => {
    let best: { order: number; name: string } | undefined;
    for (const h of hosts) {
      const c = byHost.get(h);
      if (c && (!best || c.order < best.order)) best = c;
    }
    return best?.name;
  };
}

function item(f: ReportFinding): ActionItem {
  const out: ActionItem = { ingress: f.ingress, key: f.key, message: f.message, location: f.location };
  if (f.advice) out.advice = f.advice;
  if (f.data) out.data = f.data;
  if (f.istio.length) out.istio = f.istio;
  return out;
}

function compareItems(a: ActionItem, b: ActionItem): number {
  return cmp(a.ingress, b.ingress) || cmp(a.key, b.key) || a.location.line - b.location.line || cmp(a.message, b.message);
}

const SNIPPET_KEY = /snippet/i;

export function buildActions(result: ConvertResult, gatewayNamespace: string, findings: readonly ReportFinding[]): Actions {
  const has = (f: ReportFinding, tag: string) => f.tags.includes(tag);
  const annotationValue = new Map<string, string>();
  for (const ing of result.ingresses) for (const a of ing.annotations) annotationValue.set(`${ingressId(ing)}\u0000${a.key}`, a.value);

  // TLS secrets: one entry per (namespace, secret), derived from every Ingress tls block.
  const copies = new Map<string, SecretCopy>();
  const credentialFor = credentialIndex(result, gatewayNamespace);
  // Membership sets beside the copies' lists (the lists keep first-seen order for the report).
  const copyIngresses = new Map<SecretCopy, Set<string>>();
  const copyHosts = new Map<SecretCopy, Set<string>>();
  for (const ing of result.ingresses) {
    if (ing.namespace === gatewayNamespace) continue;
    for (const t of ing.tls) {
      if (!t.secretName) continue;
      const hosts = t.hosts.length ? t.hosts : ing.rules.flatMap((r) => (r.host ? [r.host] : []));
      const k = `${ing.namespace}/${t.secretName}`;
      let c = copies.get(k);
      if (!c) {
        const targetName = credentialFor(hosts) ?? t.secretName;
        c = {
          namespace: ing.namespace,
          secretName: t.secretName,
          targetNamespace: gatewayNamespace,
          targetName,
          command: secretCopyCommand(ing.namespace, t.secretName, gatewayNamespace, targetName),
          ingresses: [],
          hosts: [],
        };
        copies.set(k, c);
        copyIngresses.set(c, new Set());
        copyHosts.set(c, new Set());
      }
      const id = ingressId(ing);
      const ids = copyIngresses.get(c)!;
      if (!ids.has(id)) {
        ids.add(id);
        c.ingresses.push(id);
      }
      const seen = copyHosts.get(c)!;
      for (const h of hosts) {
        if (seen.has(h)) continue;
        seen.add(h);
        c.hosts.push(h);
      }
    }
  }
  // The engine's own commands win: it knows the name it gave the copy. Its data names the Secret
  // as `namespace/name` and the copy as `credentialName: gatewayNamespace/name`. Candidates are
  // looked up per (namespace, Ingress); each list keeps the copies' map order (a replaced map key
  // keeps its first position).
  const candidates = new Map<string, SecretCopy[]>();
  const position = new Map<SecretCopy, number>();
  const addCandidate = (c: SecretCopy, ingress: string) => {
    const k = `${c.namespace}\u0000${ingress}`;
    const list = candidates.get(k);
    if (!list) return void candidates.set(k, [c]);
    let at = list.length;
    while (at > 0 && position.get(list[at - 1]!)! > position.get(c)!) at--;
    list.splice(at, 0, c);
  };
  let order = 0;
  for (const c of copies.values()) position.set(c, order++);
  for (const c of copies.values()) for (const i of c.ingresses) addCandidate(c, i);
  for (const f of findings) {
    if (!has(f, 'secret-copy')) continue;
    const command = f.data?.command;
    const ingNs = f.ingress.slice(0, f.ingress.indexOf('/'));
    const [ns, named] = splitRef(f.data?.secret ?? f.data?.secretName, ingNs);
    const [targetNamespace, targetName] = splitRef(f.data?.credentialName ?? f.data?.targetName, f.data?.targetNamespace ?? gatewayNamespace);
    const match = (candidates.get(`${ns}\u0000${f.ingress}`) ?? []).find(
      (c) =>
        (named ? c.secretName === named : command !== undefined && new RegExp(`(^|[^A-Za-z0-9.-])${escapeRe(c.secretName)}($|[^A-Za-z0-9.-])`).test(command)),
    );
    if (match) {
      if (command) match.command = command;
      if (targetName) {
        match.targetName = targetName;
        match.targetNamespace = targetNamespace;
        if (!command) match.command = secretCopyCommand(match.namespace, match.secretName, targetNamespace, targetName);
      }
      continue;
    }
    if (!command && !named) continue;
    const secretName = named ?? '';
    const target = targetName ?? secretName;
    const added: SecretCopy = {
      namespace: ns,
      secretName,
      targetNamespace,
      targetName: target,
      command: command ?? secretCopyCommand(ns, secretName, targetNamespace, target),
      ingresses: [f.ingress],
      hosts: [],
    };
    const key = `${ns}/${secretName}\u0000${f.key}`;
    const replaced = copies.get(key);
    copies.set(key, added);
    if (replaced) {
      // Same key again: the new copy takes the old one's place in the map, so in the lists too.
      position.set(added, position.get(replaced)!);
      for (const i of replaced.ingresses) {
        const list = candidates.get(`${replaced.namespace}\u0000${i}`)!;
        list.splice(list.indexOf(replaced), 1);
      }
    } else position.set(added, order++);
    addCandidate(added, f.ingress);
  }
  const secretCopies = [...copies.values()].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.secretName, b.secretName) || cmp(a.command, b.command));
  for (const c of secretCopies) {
    c.ingresses.sort(cmp);
    c.hosts.sort(cmp);
  }

  const mesh = new Map<string, { change: MeshConfigChange; keys: Set<string>; ingresses: Set<string> }>();
  for (const f of findings) {
    if (!has(f, 'mesh-config')) continue;
    const snippet = f.data?.snippet ?? f.advice ?? f.message;
    let m = mesh.get(snippet);
    if (!m) mesh.set(snippet, (m = { change: { snippet, keys: [], ingresses: [], message: f.message }, keys: new Set(), ingresses: new Set() }));
    if (!m.keys.has(f.key)) {
      m.keys.add(f.key);
      m.change.keys.push(f.key);
    }
    if (!m.ingresses.has(f.ingress)) {
      m.ingresses.add(f.ingress);
      m.change.ingresses.push(f.ingress);
    }
  }
  const meshConfig = [...mesh.values()].map((m) => m.change).sort((a, b) => cmp(a.snippet, b.snippet));
  for (const m of meshConfig) {
    m.keys.sort(cmp);
    m.ingresses.sort(cmp);
  }

  const envoyFilters = findings.filter((f) => has(f, 'envoyfilter')).map(item);
  // EnvoyFilters in the output that no finding explains still need a review.
  const explained = new Set(envoyFilters.flatMap((i) => i.istio ?? []));
  const ingressById = new Map(result.ingresses.map((i) => [ingressId(i), i] as const));
  for (const r of result.resources) {
    if (r.kind !== 'EnvoyFilter') continue;
    const ref = `EnvoyFilter/${r.metadata.namespace ?? ''}/${r.metadata.name}`;
    if (explained.has(ref)) continue;
    const sources = (r.metadata.annotations?.[SOURCE_ANNOTATION] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const src of sources.length ? sources : ['']) {
      const ing = ingressById.get(src);
      envoyFilters.push({
        ingress: src,
        key: '(EnvoyFilter)',
        message: `${ref} is generated; EnvoyFilters patch Envoy internals and can break on Istio upgrades`,
        location: ing ? { file: ing.source.file, line: ing.source.line } : { file: '', line: 0 },
        istio: [ref],
      });
    }
  }

  const snippetFindings = new Set(findings.filter((f) => has(f, 'snippet') || (SNIPPET_KEY.test(f.key) && f.level !== 'converted' && f.level !== 'ignored')));
  const snippets = [...snippetFindings]
    .map((f) => {
      const i = item(f);
      const value = annotationValue.get(`${f.ingress}\u0000${f.key}`);
      if (value !== undefined) i.data = { ...(i.data ?? {}), value };
      return i;
    });

  return {
    secretCopies,
    meshConfig,
    envoyFilters: envoyFilters.sort(compareItems),
    snippets: snippets.sort(compareItems),
    conflicts: findings.filter((f) => has(f, 'conflict')).map(item).sort(compareItems),
    wildcardWidening: findings.filter((f) => has(f, 'wildcard-widening')).map(item).sort(compareItems),
    behaviourChanges: findings.filter((f) => has(f, 'behaviour-change')).map(item).sort(compareItems),
    // Snippets are listed once, under snippets.
    unsupported: findings.filter((f) => f.level === 'unsupported' && !snippetFindings.has(f)).map(item).sort(compareItems),
  };
}

/** `ns/name` → [ns, name]; a bare name takes the default namespace. */
function splitRef(ref: string | undefined, defaultNs: string): [string, string | undefined] {
  if (!ref) return [defaultNs, undefined];
  const slash = ref.indexOf('/');
  return slash >= 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [defaultNs, ref];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
