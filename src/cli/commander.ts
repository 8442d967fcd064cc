/**
 * commander, loaded with require(). commander is a CommonJS package: importing it from an ES module
 * sends it through Node's CommonJS-to-ESM translation (the export lexer), which costs about 40 ms of
 * CPU on its first use on Node 20, most of what `--version` and `--help` spent beyond `node -e 0`.
 * require() of the same files costs about 10 ms. Every CLI module takes commander's values from
 * here; type-only imports from 'commander' are erased and cost nothing.
 */
import { createRequire } from 'node:module';
import type * as CommanderModule from 'commander';

const load = createRequire(import.meta.url);
const commander = load('commander') as typeof CommanderModule;

export const { Command, CommanderError, Option } = commander;
export type Command = CommanderModule.Command;
export type CommanderError = CommanderModule.CommanderError;
export type Option = CommanderModule.Option;
