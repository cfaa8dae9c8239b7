import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Public } from '../../access/authentication/access.decorators.js';
import { assetsDir } from './render.js';

const types: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/**
 * Browser libraries served from node_modules as they were installed (no copy to keep in step): the WebAuthn helper
 * of `passkeys.js`, its UMD bundle (one file, global `SimpleWebAuthnBrowser`). Its package exports only its entry, so
 * the bundle is found beside it.
 */
const vendored: Record<string, string | undefined> = {
  'simplewebauthn-browser.js': resolveBeside('@simplewebauthn/browser', '../dist/bundle/index.umd.min.js'),
};

function resolveBeside(pkg: string, relative: string): string | undefined {
  try {
    const path = join(dirname(createRequire(import.meta.url).resolve(pkg)), relative);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The pages' CSS and JavaScript, and the vendored browser libraries (no inline script or style: the CSP allows 'self' only). */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get(':file')
  asset(@Param('file') file: string, @Res() res: Response) {
    const match = /^[a-z0-9-]+\.(css|js|svg)$/.exec(file);
    const path = match ? (vendored[file] ?? join(assetsDir, file)) : undefined;
    if (!match || !path || !existsSync(path)) throw new NotFoundException();
    res.setHeader('Content-Type', types[match[1]!]!);
    res.setHeader('Cache-Control', 'public, max-age=300');
    return res.sendFile(path);
  }
}
