import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Compiles the project (`scripts/build.mjs`) into a private folder under `.tmp/` (inside the repository, so
 * third-party packages resolve from its `node_modules`) for tests that run the worker or the platform as child
 * processes. A private folder per test file keeps parallel test files from rewriting each other's build while a
 * child process is loading it. The applications' entries are `<out>/apps/<app>/src/main.js`.
 */
export function buildPrivateDist(): string {
  const out = join(ROOT, '.tmp', `dist-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(out, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), out], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  return out;
}
