import { rmSync } from 'node:fs';

export default function removeTemplateFolder(): void {
  const folder = process.env.PEPS_PGLITE_TEMPLATES;
  if (folder) rmSync(folder, { recursive: true, force: true });
}
