import type { Command } from 'commander';

/** Registers the `audit` command (placeholder until implemented). */
export function register(_program: Command): void {}
