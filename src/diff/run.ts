/** The `diff` command's work, loaded only when the command runs. */
import { convert } from '../engine/convert.js';
import { rulesNeededFor } from '../engine/rules-runner.js';
import { loadRules } from '../../rules/load.js';
import { formatInputError, type InputError } from '../model/source.js';
import { EXIT } from '../cli/exit.js';
import { convertOptionsFrom, loadInput } from '../cli/input.js';
import type { DiffCliOptions } from '../cli/commands/diff.js';
import { paint, useColor as useStderrColor } from '../cli/style.js';
import { readAgainst } from './against.js';
import { compareObjectSets, hasDifferences, type DiffLabels } from './compare.js';
import { groupOf, type DiffObject } from './objects.js';
import { renderPatches, renderSummary, useColor } from './render.js';

export interface DiffStreams {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export async function runDiff(paths: string[], opts: DiffCliOptions, io: DiffStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const err = paint(useStderrColor(io.stderr, opts.color));
  const printErrors = (errors: InputError[]) => {
    for (const e of errors) io.stderr.write(`${err.red('error')}: ${formatInputError(e)}\n`);
  };
  let options;
  try {
    options = await convertOptionsFrom(opts);
  } catch (e) {
    io.stderr.write(`${err.red('error')}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.usage;
  }
  const input = await loadInput(paths, opts);
  if (opts.nginxConfigmap) {
    // The controller ConfigMap read from the cluster sets the defaults, like --nginx-config.
    const { withClusterNginxConfig } = await import('../read/cluster.js');
    options = withClusterNginxConfig(options, input, opts);
  }
  const result = convert(input, options, { rules: await loadRules(rulesNeededFor(input.ingresses)) });
  const generated: DiffObject[] = result.resources.map((r) => ({ obj: r as unknown as Record<string, unknown>, source: { file: 'generated', line: 0 } }));
  if (result.errors.length) {
    // Objects generated from an incomplete input would show up as spurious differences.
    printErrors(result.errors);
    return EXIT.input;
  }

  let existing: DiffObject[];
  let labels: DiffLabels;
  if (opts.against !== undefined) {
    const read = readAgainst(opts.against, opts.namespace || 'default');
    if (read.errors.length) {
      printErrors(read.errors);
      return EXIT.input;
    }
    existing = read.objects;
    labels = { existing: opts.against.replace(/\/+$/, '') || opts.against, generated: 'generated', existingDir: 'against' };
  } else {
    const { readIstioObjects } = await import('../read/cluster/istio.js');
    const versions: Record<string, string> = {};
    for (const r of result.resources) versions[groupOf(r.apiVersion)] ??= r.apiVersion.split('/')[1] ?? '';
    const read = await readIstioObjects({
      kubeconfig: opts.kubeconfig,
      context: opts.context,
      namespace: opts.namespace,
      allNamespaces: opts.allNamespaces,
      namespaces: [...new Set(result.resources.map((r) => r.metadata.namespace))],
      allIstio: opts.allIstio,
      versions,
      env: io.env,
    });
    for (const n of read.notes) io.stderr.write(`note: ${n}\n`);
    if (read.errors.length) {
      // Without the cluster's side a diff would only mislead: stop here.
      printErrors(read.errors);
      return EXIT.input;
    }
    existing = read.objects;
    labels = { existing: `cluster:${read.context}`, generated: 'generated', existingDir: 'live' };
  }

  const report = compareObjectSets(generated, existing, labels);
  io.stdout.write(renderPatches(report, useColor(opts.color, io.stdout, io.env)));
  printErrors(report.errors);
  if (!opts.quiet) io.stderr.write(renderSummary(report, labels));
  if (report.errors.length) return EXIT.input;
  return hasDifferences(report) ? EXIT.gate : EXIT.ok;
}
