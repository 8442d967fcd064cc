import { Option, type Command } from '../commander.js';
import { addGatewayOptions, addInputOptions, type InputCliOptions } from '../input.js';

interface ConvertCliOptions extends InputCliOptions {
  output?: string;
  format?: 'yaml' | 'json';
  report?: string;
  force?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Registers `convert`: Ingress manifests in, Istio YAML/JSON out, findings to stderr and --report. */
export function register(program: Command): void {
  const cmd = program
    .command('convert')
    .description('convert Ingress manifests (files, folders, - for stdin, or a live cluster) into Istio resources')
    .argument('[paths...]', 'files or folders (.yaml, .yml, .json, searched recursively); - reads stdin')
    .option('-o, --output <dir|yaml|json>', 'write one file per namespace into DIR (or, kubectl-style, -o yaml / -o json for the format on stdout)')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--report <file>', 'write every finding as JSON to this file')
    .option('--force', 'overwrite existing output files')
    .option('-q, --quiet', 'print only errors on stderr, not the summary')
    .option('--no-color', 'no colour on stderr');
  addInputOptions(cmd);
  addGatewayOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ingress2istio convert manifests/ > istio.yaml
  $ ingress2istio convert ingress.yaml other.json - -o out/ --report report.json
  $ kubectl get ingress -A -o yaml | ingress2istio convert - --gateway-namespace istio-ingress
  $ ingress2istio convert manifests/ --ingress-class nginx --nginx-config nginx-configmap.yaml
  $ ingress2istio convert -A -o out/            # every namespace of the current kube context`,
  );
  cmd.action(async (paths: string[], opts: ConvertCliOptions) => {
    const { runConvert } = await import('../run-convert.js');
    process.exitCode = await runConvert(paths, opts);
  });
}

export type { ConvertCliOptions };
