import type { Command } from 'commander';
import { addGatewayOptions, addInputOptions, type InputCliOptions } from '../input.js';

export interface DiffCliOptions extends InputCliOptions {
  against?: string;
  allIstio?: boolean;
  color?: boolean;
  quiet?: boolean;
}

/** Registers `diff`: generated Istio objects against files or the Istio objects in the cluster. */
export function register(program: Command): void {
  const cmd = program
    .command('diff')
    .description('compare the Istio resources ingress2istio would generate with files (--against) or with those in the cluster')
    .argument('[paths...]', 'Ingress manifests (files, folders, - for stdin); none with -n/-A/-l/--context reads the live cluster')
    .option('--against <file|dir>', 'compare with the Istio objects in these files instead of the cluster')
    .option('--all-istio', `compare with every Istio object in the cluster, not only those labelled app.kubernetes.io/managed-by=ingress2istio`)
    .option('--color', 'colour the diff even when stdout is not a terminal')
    .option('--no-color', 'never colour the diff (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'no summary on stderr');
  addInputOptions(cmd);
  addGatewayOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Ignored: status, metadata.managedFields, resourceVersion, uid, creationTimestamp, generation,
selfLink and the kubectl.kubernetes.io/last-applied-configuration annotation.
Exit codes: 0 no differences, 1 differences (changed objects or objects on one side only),
2 bad input or an unreadable cluster.

Examples:
  $ ingress2istio diff manifests/ --against istio/      # generated vs files in Git
  $ ingress2istio diff -A                               # every namespace vs the cluster's objects
  $ kubectl ingress2istio diff -n shop --all-istio`,
  );
  cmd.action(async (paths: string[], opts: DiffCliOptions) => {
    const { runDiff } = await import('../../diff/run.js');
    process.exitCode = await runDiff(paths, opts);
  });
}
