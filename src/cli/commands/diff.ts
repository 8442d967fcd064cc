import type { Command } from 'commander';

/** Registers the `diff` command (placeholder until implemented). */
export function register(_program: Command): void {}
