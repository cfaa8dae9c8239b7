import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One folder of PGlite templates per Jest run, shared by its workers (they inherit the environment set here) and
 * removed by the teardown: a template made by an earlier run, with an older schema, is never reused.
 */
export default function createTemplateFolder(): void {
  process.env.PEPS_PGLITE_TEMPLATES = mkdtempSync(join(tmpdir(), 'peps-pglite-templates-'));
}
