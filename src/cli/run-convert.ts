/** The `convert` command's work, loaded only when the command runs. */
import { join } from 'node:path';
import { convert } from '../engine/convert.js';
import { rulesNeededFor } from '../engine/rules-runner.js';
import type { ConvertResult } from '../engine/types.js';
import type { IstioResource } from '../istio/types.js';
import { byNamespace, printChunks, type OutputFormat } from '../emit/print.js';
import { OutputExistsError, writeChunks, writeFilesAtomic } from '../emit/write.js';
import { validateAll } from '../istio/validate.js';
import { loadRules } from '../../rules/load.js';
import { formatInputError } from '../model/source.js';
import { findingsReportChunks } from '../report/findings-json.js';
import type { ConvertCliOptions } from './commands/convert.js';
import { EXIT } from './exit.js';
import { prepareRun } from './input.js';
import { paint, useColor } from './style.js';

export async function runConvert(paths: string[], opts: ConvertCliOptions): Promise<number> {
  const color = paint(useColor(process.stderr, opts.color));
  let format: OutputFormat = opts.format ?? 'yaml';
  let outDir: string | undefined = opts.output;
  if (outDir === 'yaml' || outDir === 'json') {
    format = outDir;
    outDir = undefined;
  }
  const done = await convertAndCheck(paths, opts, color);
  const { resources, summary, exit } = done;

  try {
    if (outDir) {
      const ext = format === 'json' ? 'json' : 'yaml';
      // Contents as pieces made while writing: no file's whole text, nor all of them, held at once.
      const files = [...byNamespace(resources)].map(([ns, objs]) => ({ path: join(outDir!, `${ns}.${ext}`), content: printChunks(objs, format) }));
      if (opts.report) files.push({ path: opts.report, content: findingsReportChunks(done.result!) });
      await writeFilesAtomic(files, Boolean(opts.force));
    } else {
      if (opts.report) await writeFilesAtomic([{ path: opts.report, content: findingsReportChunks(done.result!) }], Boolean(opts.force));
      // Printing needs only the resources: let the input model, findings and intents go first
      // (at 100k Ingresses they are most of the heap).
      done.result = undefined;
      if (resources.length) await writeChunks(process.stdout, printChunks(resources, format));
    }
  } catch (err) {
    if (err instanceof OutputExistsError) {
      process.stderr.write(`${color.red('error')}: ${err.message}\n`);
      return EXIT.usage;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // The output path cannot be written (ENOTDIR, EACCES, ENOSPC…): a usage problem, not a bug.
      process.stderr.write(`${color.red('error')}: cannot write the output: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    throw err;
  }

  if (!opts.quiet) process.stderr.write(summary);
  return exit;
}

interface Checked {
  /** The resources to write (those that pass the Istio schema). */
  resources: IstioResource[];
  /** Everything else; dropped (set to undefined) once the report is written. */
  result: ConvertResult | undefined;
  summary: string;
  exit: number;
}

/** Read, convert, validate, and print the errors to stderr. */
async function convertAndCheck(paths: string[], opts: ConvertCliOptions, color: ReturnType<typeof paint>): Promise<Checked> {
  // Source texts are for the audit's side-by-side view; convert does not keep them.
  const { input, options } = await prepareRun(paths, opts, { keepTexts: false });
  // Only the rules of the controllers this input needs are loaded (not the whole catalog).
  const result = convert(input, options, { rules: await loadRules(rulesNeededFor(input.ingresses)) });

  // Last guard against our own bugs: never write an object that fails Istio's schema.
  const invalid = validateAll(result.resources);
  const bad = new Set(invalid.map((e) => e.index));
  const resources = result.resources.filter((_, i) => !bad.has(i));

  for (const e of result.errors) process.stderr.write(`${color.red('error')}: ${formatInputError(e)}\n`);
  for (const e of invalid) {
    process.stderr.write(`${color.red('internal error')}: generated ${e.object} fails the Istio schema at ${e.path}: ${e.message} (not written; please report this bug)\n`);
  }
  const exit = invalid.length ? EXIT.internal : result.errors.length ? EXIT.input : EXIT.ok;
  return { resources, result, summary: summaryLine(result, color), exit };
}

/** Write pieces one at a time, waiting for 'drain' when the stream buffers (a slow pipe): memory stays bounded. */
export function summaryLine(result: ConvertResult, color: ReturnType<typeof paint>): string {
  const s = result.summary;
  const kinds = Object.entries(s.resources)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const f = s.findings;
  const parts = [
    `${s.ingresses} Ingress${s.ingresses === 1 ? '' : 'es'} → ${kinds || 'no resources'}`,
    `findings: ${color.green(`${f.converted} converted`)}, ${color.yellow(`${f.partial} partial`)}, ${color.red(`${f.unsupported} unsupported`)}, ${f.ignored} ignored, ${f.error ? color.red(`${f.error} error`) : '0 error'}`,
  ];
  if (s.errors) parts.push(color.red(`${s.errors} input error${s.errors === 1 ? '' : 's'}`));
  if (result.stats.skipped) parts.push(`${result.stats.skipped} other object${result.stats.skipped === 1 ? '' : 's'} skipped`);
  return `ingress2istio: ${parts.join('; ')}\n`;
}
