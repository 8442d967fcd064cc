/**
 * Safe file output: every file is written to a temporary sibling and renamed into place, so a
 * crash never leaves a half-written file; an existing file is never replaced without `force`.
 */
import { mkdir, rename, writeFile, access, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export class OutputExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; use --force to overwrite it`);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Check first (no existing file is replaced without `force`), write every file to a temporary
 * sibling, then rename them into place. Each file is replaced atomically; a failure while writing
 * the temporary files leaves every existing file untouched, and the temporary files are removed.
 * A content given as pieces (e.g. a generator) is written piece by piece, never joined.
 */
export async function writeFilesAtomic(files: Array<{ path: string; content: string | Iterable<string> }>, force: boolean): Promise<void> {
  if (!force) {
    for (const f of files) if (await exists(f.path)) throw new OutputExistsError(f.path);
  }
  const temps: Array<{ tmp: string; path: string }> = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${Date.now()}.tmp`);
      await writeFile(tmp, f.content, { flag: 'wx' });
      temps.push({ tmp, path: f.path });
    }
    for (const t of temps) await rename(t.tmp, t.path);
  } catch (err) {
    for (const t of temps) await unlink(t.tmp).catch(() => undefined);
    throw err;
  }
}

/** Write pieces of text to a stream, waiting for `drain` when its buffer is full. */
export async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
}
