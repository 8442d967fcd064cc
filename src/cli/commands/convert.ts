import type { Command } from 'commander';

/** Registers the `convert` command (placeholder until the engine lands). */
export function register(_program: Command): void {}
