import type { Command } from 'commander';

/** Registers the `rules` command (placeholder until implemented). */
export function register(_program: Command): void {}
