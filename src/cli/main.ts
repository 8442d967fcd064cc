#!/usr/bin/env node
/**
 * ingress2istio command line. Each command lives in src/cli/commands/<name>.ts and registers
 * itself; heavy modules are imported inside the action handlers so `--help` and `--version` stay fast.
 */
import { Command, CommanderError } from './commander.js';
import { readFileSync } from 'node:fs';
import { EXIT } from './exit.js';
import { register as registerConvert } from './commands/convert.js';
import { register as registerRules } from './commands/rules.js';
import { register as registerAudit } from './commands/audit.js';
import { register as registerVerify } from './commands/verify.js';
import { register as registerDiff } from './commands/diff.js';

/** Version from package.json: two levels up from src/cli, three from dist/src/cli. */
function version(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ingress2istio' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export function buildProgram(name = 'ingress2istio'): Command {
  const program = new Command(name);
  program
    .description('Convert Kubernetes Ingress objects into Istio Gateway + VirtualService (and friends), and report what does not carry over exactly.')
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .exitOverride();
  registerConvert(program);
  registerAudit(program);
  registerVerify(program);
  registerDiff(program);
  registerRules(program);
  program.addHelpText(
    'after',
    `
Examples:
  $ ${name} convert manifests/ > istio.yaml
  $ ${name} convert ingress.yaml other.json - -o out/ --report report.json
  $ ${name} audit manifests/ --format html -o audit.html
  $ ${name} verify manifests/
  $ ${name} rules --vendor nginx --format md

Exit codes: 0 success, 1 a gate failed (--fail-on, verify or diff found differences),
2 bad input or usage (errors are printed to stderr; valid objects are still converted),
3 internal error (a bug: please report it).`,
  );
  return program;
}

export async function main(argv: string[], name?: string): Promise<number> {
  const program = buildProgram(name);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof Error && err.name === 'UsageError') {
      process.stderr.write(`${name ?? 'ingress2istio'}: error: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ingress2istio: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.internal;
  }
}

// A closed pipe (`ingress2istio convert … | head`) is not an error: stop quietly.
function quietOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// Run when executed directly (bin entry or `node dist/src/cli/main.js`).
const invokedAs = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:main\.js|ingress2istio|kubectl-ingress2istio)$/.test(invokedAs) && !process.env.INGRESS2ISTIO_NO_MAIN) {
  const name = /kubectl-ingress2istio$/.test(invokedAs) ? 'kubectl ingress2istio' : 'ingress2istio';
  quietOnEpipe(process.stdout);
  main(process.argv, name).then((code) => {
    process.exitCode = code;
  });
}
