/** Prints a diff report: unified diffs on stdout (coloured on a terminal), a summary on stderr. */
import { describeId } from './objects.js';
import type { DiffLabels, DiffReport, EntryStatus } from './compare.js';

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** Colour only on a terminal, never with NO_COLOR set or --no-color; --color forces it. */
export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}

export function colorize(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return `${BOLD}${line}${RESET}`;
      if (line.startsWith('@@')) return `${CYAN}${line}${RESET}`;
      if (line.startsWith('+')) return `${GREEN}${line}${RESET}`;
      if (line.startsWith('-')) return `${RED}${line}${RESET}`;
      return line;
    })
    .join('\n');
}

/** The unified diffs of every object that is not identical, in report order. */
export function renderPatches(report: DiffReport, color: boolean): string {
  const out = report.entries.filter((e) => e.status !== 'identical').map((e) => (color ? colorize(e.patch) : e.patch));
  return out.join('');
}

/** Lists of objects per outcome and a count line, e.g. for stderr. */
export function renderSummary(report: DiffReport, labels: DiffLabels): string {
  const title: Record<Exclude<EntryStatus, 'identical'>, string> = {
    changed: 'differ',
    'only-generated': `only in ${labels.generated} (missing from ${labels.existing})`,
    'only-existing': `only in ${labels.existing} (not generated)`,
  };
  const lines: string[] = [];
  for (const status of ['changed', 'only-generated', 'only-existing'] as const) {
    const ids = report.entries.filter((e) => e.status === status).map((e) => describeId(e.id));
    if (ids.length === 0) continue;
    lines.push(`${title[status]}:`);
    for (const id of ids) lines.push(`  ${id}`);
  }
  const n = (s: EntryStatus) => report.entries.filter((e) => e.status === s).length;
  lines.push(
    `${n('changed')} differ, ${n('only-generated')} only in ${labels.generated}, ${n('only-existing')} only in ${labels.existing}, ${n('identical')} identical`,
  );
  return lines.join('\n') + '\n';
}
