import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * Compiles the project into a private folder under `.tmp/` (inside the repository, so packages resolve from
 * `node_modules`) for tests that run the worker or the platform as child processes. A private folder per test file
 * keeps parallel test files from rewriting each other's `dist/` while a child process is loading it.
 */
export function buildPrivateDist(): string {
  const out = join(ROOT, '.tmp', `dist-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(out, { recursive: true });
  execFileSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps', 'libs', 'projections', '-d', out, '--copy-files', '--ignore', '**/*.spec.ts', '--config-file', '.swcrc', '-q'],
    { cwd: ROOT, stdio: 'pipe', timeout: 180_000 },
  );
  return out;
}
