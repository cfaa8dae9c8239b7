import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../../access/authentication/access.decorators.js';
import { assetsDir } from './render.js';

const types: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/** The pages' CSS and JavaScript (no inline script or style: the CSP allows 'self' only). */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get(':file')
  asset(@Param('file') file: string, @Res() res: Response) {
    const match = /^[a-z0-9-]+\.(css|js|svg)$/.exec(file);
    const path = match ? join(assetsDir, file) : undefined;
    if (!match || !path || !existsSync(path)) throw new NotFoundException();
    res.setHeader('Content-Type', types[match[1]!]!);
    res.setHeader('Cache-Control', 'public, max-age=300');
    return res.sendFile(path);
  }
}
