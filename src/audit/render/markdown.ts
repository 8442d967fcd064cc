/** Markdown, for a pull request or a wiki page. Everything from the input is escaped. */
import type { ActionItem, AuditReport, Location } from '../model.js';

/** Text safe in Markdown (and in the HTML that Markdown renderers allow): no markup, no table breaks. */
export function mdText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/** Inline code when the text allows it, escaped text otherwise. */
export function mdCode(s: string): string {
  return /^[^`|\r\n<>&]+$/.test(s) ? `\`${s}\`` : mdText(s);
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function mdFence(s: string, lang = ''): string {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${s.replace(/\n$/, '')}\n${fence}`;
}

function at(l: Location): string {
  if (!l.file) return '-';
  return mdText(l.line ? `${l.file}:${l.line}` : l.file);
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function renderMarkdown(report: AuditReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push('# ingress2istio audit', '');
  out.push(
    ...table(
      ['Ingresses', 'Namespaces', 'Blocked', 'Review', 'Ready', 'Annotation keys', 'Unknown keys', 'Input errors'],
      [[s.ingresses, s.namespaces, s.verdicts.blocked, s.verdicts.review, s.verdicts.ready, s.annotationKeys, s.unknownKeys, s.errors].map(String)],
    ),
    '',
  );
  out.push(
    `Findings: ${s.findings.converted} converted, ${s.findings.partial} partial, ${s.findings.unsupported} unsupported, ${s.findings.ignored} ignored, ${s.findings.error} error.`,
    `Annotation support: ${s.support.full} full, ${s.support.partial} partial, ${s.support.none} none, ${s.support['not-applicable']} not-applicable, ${s.support.unknown} unknown, ${s.support.other} other.`,
    '',
  );

  out.push('## Ingresses', '');
  out.push(
    ...table(
      ['Verdict', 'Ingress', 'Controller', 'Class', 'Source', 'Reasons'],
      report.ingresses.map((a) => [`**${a.verdict}**`, mdCode(a.id), mdText(a.controller), a.className !== undefined ? mdText(a.className) : '-', at(a.location), String(a.reasons.length)]),
    ),
    '',
  );

  const withReasons = report.ingresses.filter((a) => a.reasons.length);
  if (withReasons.length) {
    out.push('## Reasons', '');
    for (const a of withReasons) {
      out.push(`### ${mdText(a.id)}: ${a.verdict}`, '');
      for (const r of a.reasons) {
        const tags = r.tags.length ? ` (${r.tags.map(mdText).join(', ')})` : '';
        out.push(`- **${r.verdict}** ${mdCode(r.key)} at ${at(r.location)}${tags}: ${mdText(r.message)}${r.advice ? `<br>Advice: ${mdText(r.advice)}` : ''}`);
      }
      out.push('');
    }
  }

  const inv = report.inventory;
  out.push('## Inventory', '');
  out.push('### Per namespace', '', ...table(['Namespace', 'Ingresses', 'Blocked', 'Review', 'Ready'], inv.namespaces.map((n) => [mdCode(n.name), String(n.ingresses), String(n.blocked), String(n.review), String(n.ready)])), '');
  out.push('### Per class', '', ...table(['Class', 'Ingresses'], inv.classes.map((c) => [mdCode(c.name), String(c.ingresses)])), '');
  out.push('### Per controller', '', ...table(['Controller', 'Ingresses'], inv.controllers.map((c) => [mdCode(c.name), String(c.ingresses)])), '');
  out.push('### Annotations', '');
  out.push(
    ...table(
      ['Key', 'Count', 'Status', 'Support', 'Ingresses'],
      inv.annotations.map((u) => [
        mdCode(u.key),
        String(u.count),
        u.status + (u.suggestion ? ` (did you mean ${mdCode(u.suggestion)}?)` : ''),
        u.support ?? '-',
        u.ingresses.map(mdText).join(', '),
      ]),
    ),
    '',
  );
  if (inv.unknownKeys.length) {
    out.push('### Unknown annotation keys', '');
    out.push(
      ...table(
        ['Key', 'Closest known key', 'Where'],
        inv.unknownKeys.map((k) => [mdCode(k.key), k.suggestion ? mdCode(k.suggestion) : '-', k.locations.map((l) => `${mdText(l.ingress)} at ${at(l)}`).join('<br>')]),
      ),
      '',
    );
  }
  if (inv.foreignAnnotations.length) {
    out.push('### Annotations for a controller that does not own the Ingress', '');
    out.push(
      ...table(
        ['Key', 'Key of', 'Ingress', 'Owner', 'Where'],
        inv.foreignAnnotations.map((f) => [mdCode(f.key), f.keyControllers.map(mdText).join(', '), mdCode(f.ingress), mdText(f.owner), at(f.location)]),
      ),
      '',
    );
  }

  const act = report.actions;
  out.push('## Actions', '');
  let any = false;
  if (act.secretCopies.length) {
    any = true;
    out.push(`### Copy TLS secrets to namespace ${mdCode(report.gatewayNamespace)}`, '');
    for (const c of act.secretCopies) {
      out.push(`- ${mdCode(`${c.namespace}/${c.secretName}`)} → ${mdCode(`${c.targetNamespace}/${c.targetName}`)} (${c.ingresses.map(mdText).join(', ')})`, '');
      out.push(mdFence(c.command, 'sh'), '');
    }
  }
  if (act.meshConfig.length) {
    any = true;
    out.push('### Mesh config changes', '');
    for (const m of act.meshConfig) {
      out.push(`- ${m.keys.map(mdCode).join(', ')} (${m.ingresses.map(mdText).join(', ')}): ${mdText(m.message)}`, '');
      out.push(mdFence(m.snippet, 'yaml'), '');
    }
  }
  const section = (title: string, items: ActionItem[], showValue = false) => {
    if (!items.length) return;
    any = true;
    out.push(`### ${title}`, '');
    for (const i of items) {
      out.push(`- ${mdCode(i.ingress)} ${mdCode(i.key)} at ${at(i.location)}: ${mdText(i.message)}${i.advice ? `<br>Advice: ${mdText(i.advice)}` : ''}`);
      if (showValue && i.data?.value !== undefined) out.push('', mdFence(i.data.value), '');
    }
    if (out[out.length - 1] !== '') out.push('');
  };
  section('EnvoyFilters to review', act.envoyFilters);
  section('Snippets to rewrite by hand', act.snippets, true);
  section('Conflicts', act.conflicts);
  section('Hosts whose wildcard semantics widen', act.wildcardWidening);
  section('Behaviour changes', act.behaviourChanges);
  section('Not ported (unsupported)', act.unsupported);
  if (!any) out.push('Nothing to do by hand.', '');

  if (report.errors.length) {
    out.push('## Input errors', '');
    for (const e of report.errors) out.push(`- ${at(e.location)}${e.object ? ` ${mdText(e.object)}` : ''}${e.field ? ` (${mdCode(e.field)})` : ''}: ${mdText(e.message)}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
