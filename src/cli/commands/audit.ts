import { Option, type Command } from '../commander.js';
import { addGatewayOptions, addInputOptions, type InputCliOptions } from '../input.js';

export interface AuditCliOptions extends InputCliOptions {
  format?: 'text' | 'md' | 'json' | 'html' | 'sarif';
  output?: string;
  force?: boolean;
  failOn?: 'none' | 'review' | 'blocked' | 'unsupported';
  color?: boolean;
}

/** Ingress count from which progress is shown on stderr (TTY only). */
const PROGRESS_FROM = 200;

/** Registers `audit`: the same conversion as `convert`, reported per Ingress; writes no Istio output. */
export function register(program: Command): void {
  const cmd = program
    .command('audit')
    .description('report, per Ingress and per annotation, what will carry over to Istio, what will change and what must be done by hand (writes no Istio output)')
    .argument('[paths...]', 'files or folders (.yaml, .yml, .json, searched recursively); - reads stdin')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'md', 'json', 'html', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('--force', 'overwrite FILE if it exists')
    .addOption(
      new Option('--fail-on <verdict>', 'exit 1 when any Ingress reaches this verdict (unsupported = blocked)').choices(['none', 'review', 'blocked', 'unsupported']).default('none'),
    )
    .option('--no-color', 'no colour in the terminal report');
  addInputOptions(cmd);
  addGatewayOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Verdicts: ready (everything converted exactly), review (partial conversions, EnvoyFilters, behaviour
changes, conflicts, wildcard widening, secrets to copy, mesh config), blocked (something cannot be
ported, or the input is wrong). The JSON report follows docs/audit-schema.json.

Examples:
  $ ingress2istio audit manifests/
  $ ingress2istio audit manifests/ --format html -o audit.html
  $ ingress2istio audit manifests/ --format sarif -o audit.sarif --fail-on blocked`,
  );
  cmd.action(async (paths: string[], opts: AuditCliOptions) => {
    process.exitCode = await runAudit(paths, opts, program.version() ?? '0.0.0');
  });
}

export async function runAudit(paths: string[], opts: AuditCliOptions, version: string): Promise<number> {
  const { EXIT } = await import('../exit.js');
  const { useColor, paint } = await import('../style.js');
  const { prepareRun } = await import('../input.js');
  const { formatInputError } = await import('../../model/source.js');
  const errColor = paint(useColor(process.stderr, opts.color));
  const progress = (msg: string) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\u001b[K${msg}`);
  };
  // Only the HTML report shows the Ingresses' source texts.
  const { input, options } = await prepareRun(paths, opts, { keepTexts: (opts.format ?? 'text') === 'html' });
  const large = input.ingresses.length >= PROGRESS_FROM;
  if (large) progress(`ingress2istio audit: converting ${input.ingresses.length} Ingresses…`);
  // The audit's catalog is every rule (rules/index.js); loading it makes it the engine's default too.
  const [{ convert }, { allRules }, audit] = await Promise.all([import('../../engine/convert.js'), import('../../../rules/index.js'), import('../../audit/index.js')]);
  // One engine: the audit reports on exactly what `convert` would print.
  const result = convert(input, options);
  if (large) progress('ingress2istio audit: building the report…');
  const report = audit.buildAudit({ result, rules: allRules, gatewayNamespace: options.gatewayNamespace, toolVersion: version });
  const format = opts.format ?? 'text';
  const toStdout = !opts.output || opts.output === '-';
  // In pieces: a JSON or SARIF audit of a large cluster can exceed V8's largest string.
  const pieces = audit.renderAuditPieces(report, format, {
    result,
    texts: input.texts,
    color: format === 'text' && toStdout && useColor(process.stdout, opts.color),
    baseDir: process.cwd(),
  });
  if (large) progress('');
  for (const e of result.errors) process.stderr.write(`${errColor.red('error')}: ${formatInputError(e)}\n`);
  if (toStdout) await (await import('../../emit/write.js')).writeChunks(process.stdout, pieces);
  else {
    const { OutputExistsError, writeFilesAtomic } = await import('../../emit/write.js');
    try {
      // Like convert's output: written to a temporary file and renamed, never over a file without --force.
      await writeFilesAtomic([{ path: opts.output!, content: pieces }], Boolean(opts.force));
    } catch (err) {
      const why = err instanceof OutputExistsError ? err.message : `cannot write ${opts.output}: ${err instanceof Error ? err.message : String(err)}`;
      process.stderr.write(`${errColor.red('error')}: ${why}\n`);
      return EXIT.usage;
    }
  }
  if (result.errors.length) return EXIT.input;
  const failOn = opts.failOn === 'unsupported' ? 'blocked' : (opts.failOn ?? 'none');
  return audit.gateReached(report, failOn) ? EXIT.gate : EXIT.ok;
}
