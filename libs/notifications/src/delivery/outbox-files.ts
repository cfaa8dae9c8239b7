import { open, readdir, rename, unlink } from 'node:fs/promises';

/**
 * What the mail and SMS outboxes share: files named `<ISO-8601 basic timestamp>-<16 hex digits>.<ext>` (no colons,
 * so the names are portable), written atomically, listed and deleted by name.
 */

export function basicIso(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

export function fromBasicIso(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/.exec(value);
  if (!m) throw new TypeError(`Not an outbox timestamp: ${value}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
}

/** Temporary file, fsync, rename: a reader never sees half a file. The temporary file goes if the rename fails. */
export async function writeAtomically(tmp: string, target: string, content: string | Buffer): Promise<void> {
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, target);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** The names in `folder` that `pattern` accepts, in ascending order (oldest first). A missing folder has none. */
export async function outboxNames(folder: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => pattern.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Deletion is idempotent: a file already gone is not an error. */
export async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
