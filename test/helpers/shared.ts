import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared reference folder lives beside the repository (read at test time, never copied). */
export const SHARED_DIR = resolve(REPO_DIR, '../shared');
export const REFERENCE_DIR = join(SHARED_DIR, 'reference');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus/real');

/** Corpus manifests (not SOURCES.md), sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(CORPUS_DIR, f));
}
