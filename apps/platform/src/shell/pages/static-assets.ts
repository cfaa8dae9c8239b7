import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assetsDir = fileURLToPath(new URL('./assets/', import.meta.url));

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  /** Strong validator of the body; also the `v` of the versioned URL the pages link to. */
  etag: string;
  version: string;
}

const types: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/**
 * Browser libraries served from node_modules as they were installed (no copy to keep in step): the WebAuthn helper
 * of `passkeys.js`, its UMD bundle (one file, global `SimpleWebAuthnBrowser`). Its package exports only its entry, so
 * the bundle is found beside it.
 */
const vendored: Record<string, string> = { 'simplewebauthn-browser.js': '@simplewebauthn/browser:../dist/bundle/index.umd.min.js' };

function resolveBeside(spec: string): string | undefined {
  const [pkg, relative] = spec.split(':') as [string, string];
  try {
    const path = join(dirname(createRequire(import.meta.url).resolve(pkg)), relative);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function loadAsset(path: string, extension: string): StaticAsset {
  const body = readFileSync(path);
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { body, contentType: types[extension]!, etag: `"${version}"`, version };
}

/**
 * Every asset read once, at start: a request never touches the file system, and each answer carries an ETag. The
 * pages link to `/assets/<file>?v=<version>` (the `asset` helper), which may be cached for a year: a new release
 * changes the version, hence the URL.
 */
function loadAssets(): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const file of readdirSync(assetsDir)) {
    const match = /^[a-z0-9-]+\.(css|js|svg)$/.exec(file);
    if (match) assets.set(file, loadAsset(join(assetsDir, file), match[1]!));
  }
  for (const [file, spec] of Object.entries(vendored)) {
    const path = resolveBeside(spec);
    if (path) assets.set(file, loadAsset(path, file.split('.').pop()!));
  }
  return assets;
}

export const staticAssets: ReadonlyMap<string, StaticAsset> = loadAssets();

/** The versioned URL of an asset, for the pages; an unknown name is a template bug worth failing on at render. */
export function assetUrl(file: string): string {
  const asset = staticAssets.get(file);
  if (!asset) throw new Error(`Unknown asset ${file}`);
  return `/assets/${file}?v=${asset.version}`;
}
