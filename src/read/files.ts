/**
 * Files, folders and stdin to texts. Folders are walked recursively in sorted order (determinism),
 * symlink loops are cut with a set of real paths, and every file problem is a located error.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputError } from '../model/source.js';

export interface FileLimits {
  /** Files larger than this (bytes) are reported and not read. */
  maxFileBytes: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 512 * 1024 * 1024 };

const MANIFEST = /\.(ya?ml|json)$/i;

export interface InputFile {
  /** Name used in messages (as given, or joined under the given folder; `-` for stdin). */
  name: string;
  bytes: Uint8Array;
}

function errnoMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a folder';
    default:
      return err.message ?? String(e);
  }
}

/** List the manifest files under the given paths, in order: each path as given, folders sorted. */
export async function collectFiles(paths: string[], errors: InputError[]): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      errors.push({ source: { file: dir, line: 0 }, message: `cannot read folder: ${errnoMessage(e)}` });
      return;
    }
    if (visited.has(real)) {
      errors.push({ source: { file: dir, line: 0 }, message: `folder already read (symbolic link loop or repeated path to ${real}); skipped` });
      return;
    }
    visited.add(real);
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch (e) {
      errors.push({ source: { file: dir, line: 0 }, message: `cannot read folder: ${errnoMessage(e)}` });
      return;
    }
    for (const name of entries) {
      const p = join(dir, name);
      let st;
      try {
        st = await stat(p);
      } catch (e) {
        errors.push({ source: { file: p, line: 0 }, message: `cannot read: ${errnoMessage(e)}` });
        continue;
      }
      if (st.isDirectory()) await walk(p);
      else if (st.isFile() && MANIFEST.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      out.push('-');
      continue;
    }
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      errors.push({ source: { file: p, line: 0 }, message: `cannot read: ${errnoMessage(e)}` });
      continue;
    }
    if (st.isDirectory()) await walk(p);
    else out.push(p); // a file named explicitly is read whatever its extension
  }
  return out;
}

/** Read a file with a size cap; undefined (and an error) when it cannot be read. */
export async function readCapped(file: string, limits: FileLimits, errors: InputError[]): Promise<Uint8Array | undefined> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    errors.push({ source: { file, line: 0 }, message: `cannot read: ${errnoMessage(e)}` });
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (st.size > limits.maxFileBytes) {
      errors.push({ source: { file, line: 0 }, message: `file too large (${st.size} bytes, limit ${limits.maxFileBytes}); skipped` });
      return undefined;
    }
    return await fh.readFile();
  } catch (e) {
    errors.push({ source: { file, line: 0 }, message: `cannot read: ${errnoMessage(e)}` });
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Read a stream to the end, stopping (with an error) past the size cap. */
export async function readStreamCapped(stream: NodeJS.ReadableStream, name: string, limits: FileLimits, errors: InputError[]): Promise<Uint8Array | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limits.maxFileBytes) {
        errors.push({ source: { file: name, line: 0 }, message: `input too large (more than ${limits.maxFileBytes} bytes); skipped` });
        return undefined;
      }
      parts.push(b);
    }
  } catch (e) {
    errors.push({ source: { file: name, line: 0 }, message: `cannot read: ${errnoMessage(e)}` });
    return undefined;
  }
  return Buffer.concat(parts);
}
