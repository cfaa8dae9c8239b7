// Compiles every workspace package and the benchmarks with swc, into one output folder (default `dist`):
//   <out>/node_modules/@peps/<name>/   each package: its package.json and its compiled `dist/` (what `exports` names)
//   <out>/apps/<app>/src/main.js       a one-line entry for each application (`npm start`, the worker, the CLI)
//   <out>/bench/…                      the benchmarks
// Compiled code finds its sibling packages in <out>/node_modules first, and everything else in the root's.
// Usage: node scripts/build.mjs [out]
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, process.argv[2] ?? 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
const workspaces = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).workspaces;

async function filesUnder(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else found.push(path);
  }
  return found;
}

async function compileTree(from, to) {
  const files = (await filesUnder(from)).filter((f) => !f.endsWith('.spec.ts'));
  await Promise.all(
    files.map(async (file) => {
      const target = join(to, relative(from, file));
      await mkdir(dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) return copyFile(file, target);
      const js = target.replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(file, { ...swcrc, swcrc: false, configFile: false, sourceMaps: true, sourceFileName: relative(dirname(js), file) });
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      if (map) await writeFile(`${js}.map`, map);
    }),
  );
}

await rm(out, { recursive: true, force: true });
const packageDirs = [];
for (const pattern of workspaces) {
  const parent = join(root, pattern.replace(/\/\*$/, ''));
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (entry.isDirectory()) packageDirs.push(join(parent, entry.name));
  }
}
await Promise.all(
  packageDirs.map(async (dir) => {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => 'null'));
    if (!manifest) return;
    const target = join(out, 'node_modules', manifest.name);
    await compileTree(join(dir, 'src'), join(target, 'dist'));
    await writeFile(join(target, 'package.json'), JSON.stringify(manifest, null, 2));
    if (relative(root, dir).startsWith('apps/')) {
      const entry = join(out, relative(root, dir), 'src', 'main.js');
      await mkdir(dirname(entry), { recursive: true });
      await writeFile(entry, `import '${relative(dirname(entry), join(target, 'dist', 'main.js'))}';\n`);
    }
  }),
);
await compileTree(join(root, 'bench'), join(out, 'bench'));
