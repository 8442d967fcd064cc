import type { Command } from 'commander';

/** Registers the `verify` command (placeholder until implemented). */
export function register(_program: Command): void {}
