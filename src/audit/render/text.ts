/** Terminal output: a compact summary, a table of Ingresses, then the reasons and actions. */
import type { ActionItem, AuditReport, Location, Verdict } from '../model.js';

export interface TextOptions {
  /** ANSI colours; the caller decides (TTY, --no-color, NO_COLOR). */
  color: boolean;
}

const CODES: Record<string, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/** Control characters (including ESC) from the input are shown escaped, never sent to the terminal. */
export function safe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

export function where(l: Location): string {
  if (!l.file) return '-';
  return l.line ? `${l.file}:${l.line}` : l.file;
}

export function renderText(report: AuditReport, opts: TextOptions): string {
  const paint = (style: keyof typeof CODES, s: string) => (opts.color ? `\u001b[${CODES[style]![0]}m${s}\u001b[${CODES[style]![1]}m` : s);
  const verdictColor: Record<Verdict, keyof typeof CODES> = { blocked: 'red', review: 'yellow', ready: 'green' };
  const v = (verdict: Verdict, s: string = verdict) => paint(verdictColor[verdict], s);
  const s = report.summary;
  const out: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

  out.push(paint('bold', `ingress2istio audit: ${plural(s.ingresses, 'Ingress')} in ${plural(s.namespaces, 'namespace')}`));
  out.push(`  verdicts: ${v('blocked', `${s.verdicts.blocked} blocked`)}, ${v('review', `${s.verdicts.review} review`)}, ${v('ready', `${s.verdicts.ready} ready`)}`);
  out.push(
    `  findings: ${s.findings.converted} converted, ${s.findings.partial} partial, ${s.findings.unsupported} unsupported, ${s.findings.ignored} ignored, ${s.findings.error} error`,
  );
  out.push(
    `  annotation keys: ${s.annotationKeys} (${s.support.full} full, ${s.support.partial} partial, ${s.support.none} none, ${s.support['not-applicable']} not-applicable, ${s.support.unknown} unknown, ${s.support.other} other)`,
  );
  if (s.errors) out.push(paint('red', `  input errors: ${s.errors}`));

  if (report.ingresses.length) {
    out.push('');
    const rows = report.ingresses.map((a) => {
      const first = a.reasons[0];
      return {
        verdict: a.verdict,
        cells: [a.verdict, a.id, a.controller, a.className ?? '-', String(a.reasons.length), first ? `${first.key} (${first.level ?? first.kind}) ${where(first.location)}` : '-'].map(safe),
      };
    });
    const header = ['VERDICT', 'INGRESS', 'CONTROLLER', 'CLASS', 'REASONS', 'FIRST REASON'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    out.push(paint('bold', line(header)));
    for (const r of rows) {
      const text = line(r.cells);
      out.push(v(r.verdict, text.slice(0, widths[0]!)) + text.slice(widths[0]!));
    }
  }

  const withReasons = report.ingresses.filter((a) => a.reasons.length);
  if (withReasons.length) {
    out.push('', paint('bold', 'Reasons'));
    for (const a of withReasons) {
      out.push(`  ${v(a.verdict, a.verdict)} ${safe(a.id)} (${safe(where(a.location))})`);
      for (const r of a.reasons) {
        const tags = r.tags.length ? ` [${r.tags.join(', ')}]` : '';
        out.push(`    ${v(r.verdict, r.verdict.padEnd(7))} ${safe(r.key)} ${paint('dim', safe(where(r.location)))}${safe(tags)}: ${safe(r.message)}`);
        if (r.advice) out.push(`            → ${safe(r.advice)}`);
      }
    }
  }

  const inv = report.inventory;
  if (inv.unknownKeys.length) {
    out.push('', paint('bold', 'Unknown annotation keys'));
    for (const k of inv.unknownKeys) {
      const hint = k.suggestion ? ` (did you mean ${safe(k.suggestion)}?)` : '';
      out.push(`  ${safe(k.key)}${hint}: ${k.locations.map((l) => `${safe(l.ingress)} at ${safe(where(l))}`).join(', ')}`);
    }
  }
  if (inv.foreignAnnotations.length) {
    out.push('', paint('bold', 'Annotations for a controller that does not own the Ingress'));
    for (const f of inv.foreignAnnotations) {
      out.push(`  ${safe(f.key)} (${f.keyControllers.join(', ')}) on ${safe(f.ingress)} owned by ${f.owner} at ${safe(where(f.location))}`);
    }
  }

  const act = report.actions;
  const section = (title: string, items: ActionItem[]) => {
    if (!items.length) return;
    out.push(`  ${title} (${items.length})`);
    for (const i of items) out.push(`    ${safe(i.ingress)} ${safe(i.key)} at ${safe(where(i.location))}: ${safe(i.message)}`);
  };
  const anyAction =
    act.secretCopies.length + act.meshConfig.length + act.envoyFilters.length + act.snippets.length + act.conflicts.length + act.wildcardWidening.length + act.behaviourChanges.length + act.unsupported.length;
  if (anyAction) {
    out.push('', paint('bold', 'Actions'));
    if (act.secretCopies.length) {
      out.push(`  Copy TLS secrets to namespace ${safe(report.gatewayNamespace)} (${act.secretCopies.length})`);
      for (const c of act.secretCopies) out.push(`    ${safe(c.command)}`);
    }
    if (act.meshConfig.length) {
      out.push(`  Mesh config changes (${act.meshConfig.length})`);
      for (const m of act.meshConfig) {
        out.push(`    ${m.keys.map(safe).join(', ')} (${m.ingresses.map(safe).join(', ')}): ${safe(m.message)}`);
        for (const l of m.snippet.split('\n')) out.push(`      ${safe(l)}`);
      }
    }
    section('EnvoyFilters to review', act.envoyFilters);
    section('Snippets to rewrite by hand', act.snippets);
    section('Conflicts', act.conflicts);
    section('Hosts whose wildcard semantics widen', act.wildcardWidening);
    section('Behaviour changes', act.behaviourChanges);
    section('Not ported (unsupported)', act.unsupported);
  }

  if (report.errors.length) {
    out.push('', paint('bold', 'Input errors'));
    for (const e of report.errors) out.push(`  ${safe(where(e.location))}${e.object ? ` ${safe(e.object)}` : ''}${e.field ? ` (${safe(e.field)})` : ''}: ${safe(e.message)}`);
  }
  return out.join('\n') + '\n';
}
