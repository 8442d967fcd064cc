import { Option, type Command } from '../commander.js';
import { addGatewayOptions, addInputOptions, type InputCliOptions } from '../input.js';

export interface VerifyCliOptions extends InputCliOptions {
  istio?: string;
  requests?: string;
  host?: string;
  scheme?: 'http' | 'https';
  format?: 'text' | 'json';
  probes?: boolean;
  showExplained?: boolean;
}

/** Registers `verify`: route requests through the old controller's model and the Istio model and report differences. */
export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description('prove, request by request, that the Istio config routes like the old controller (ingress-nginx for now)')
    .argument('[paths...]', 'Ingress manifests (files, folders, - for stdin)')
    .option('--istio <file|dir>', 'check these Istio objects instead of converting the input')
    .option('--requests <file>', 'also replay these requests: "METHOD host /path [Header:value...]", URLs, or nginx access-log lines')
    .option('--host <host>', 'Host for request lines that carry none (nginx access logs do not log it)')
    .addOption(new Option('--scheme <scheme>', 'scheme for request lines that carry none').choices(['http', 'https']))
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--no-probes', 'check only the --requests lines, no generated probes')
    .option('--show-explained', 'also list the differences a finding explains (text format)');
  addInputOptions(cmd);
  addGatewayOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Checks routing only: which backend (service, port, upstream path), redirect (code, location) or
response a request gets. Timeouts, auth, rate limits, CORS and headers are reported by convert,
not simulated. Exit codes: 0 no unexplained difference, 1 unexplained differences, 2 bad input.

Examples:
  $ ingress2istio verify manifests/
  $ ingress2istio verify manifests/ --istio istio/
  $ ingress2istio verify manifests/ --requests access.log --host shop.example.com`,
  );
  cmd.action(async (paths: string[], opts: VerifyCliOptions) => {
    const { runVerify } = await import('../../verify/run.js');
    process.exitCode = await runVerify(paths, opts);
  });
}
