/** The `verify` command's work, loaded only when the command runs. */
import { readFileSync } from 'node:fs';
import type { VerifyCliOptions } from '../cli/commands/verify.js';
import { EXIT } from '../cli/exit.js';
import { convertOptionsFrom, loadInput } from '../cli/input.js';
import { formatInputError } from '../model/source.js';
import { formatVerifyText, verify } from './index.js';
import { parseRequestLines } from './probes.js';
import { readIstioFiles } from './read-istio.js';
import type { Request } from './request.js';

export interface VerifyIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export async function runVerify(paths: string[], opts: VerifyCliOptions, io: VerifyIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let options;
  try {
    options = await convertOptionsFrom(opts);
  } catch (err) {
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  let inputErrors = 0;
  const input = await loadInput(paths, opts);
  if (opts.nginxConfigmap) {
    // The controller ConfigMap read from the cluster sets the defaults, like --nginx-config.
    const { withClusterNginxConfig } = await import('../read/cluster.js');
    options = withClusterNginxConfig(options, input, opts);
  }
  for (const e of input.errors) io.stderr.write(`error: ${formatInputError(e)}\n`);
  inputErrors += input.errors.length;

  // Findings always come from the engine: they state which behaviour changes are known.
  const [{ convert }, { rulesNeededFor }, { loadRules }] = await Promise.all([import('../engine/convert.js'), import('../engine/rules-runner.js'), import('../../rules/load.js')]);
  const result = convert(input, options, { rules: await loadRules(rulesNeededFor(input.ingresses)) });
  let resources = result.resources;
  if (opts.istio) {
    const read = readIstioFiles([opts.istio], opts.namespace || 'default');
    for (const e of read.errors) io.stderr.write(`error: ${e}\n`);
    inputErrors += read.errors.length;
    resources = read.resources;
  }

  let requests: Request[] = [];
  if (opts.requests) {
    let text: string;
    try {
      text = readFileSync(opts.requests, 'utf8');
    } catch (err) {
      io.stderr.write(`error: ${opts.requests}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
      return EXIT.usage;
    }
    const parsed = parseRequestLines(text, opts.requests, { ...(opts.host ? { host: opts.host } : {}), ...(opts.scheme ? { scheme: opts.scheme } : {}) });
    for (const e of parsed.errors) io.stderr.write(`error: ${opts.requests}:${e.line}: ${e.message}\n`);
    inputErrors += parsed.errors.length;
    requests = parsed.requests;
  }

  const report = verify(input, resources, result.findings, {
    nginxConfig: options.nginxConfig,
    requests,
    probes: opts.probes !== false,
    clusterDomain: options.clusterDomain,
  });
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatVerifyText(report, { showExplained: opts.showExplained === true }));
  if (inputErrors) return EXIT.input;
  return report.summary.unexplained > 0 ? EXIT.gate : EXIT.ok;
}
