import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access/authentication/access.decorators.js';
import { staticAssets } from './static-assets.js';

/** A year: the versioned URL changes with the content. */
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';
/** Unversioned URLs (bookmarks, old pages): short, then revalidated with the ETag. */
const UNVERSIONED_CACHE = 'public, max-age=300';

/** The pages' CSS and JavaScript, and the vendored browser libraries (no inline script or style: the CSP allows 'self' only). */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get(':file')
  asset(@Param('file') file: string, @Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response) {
    const asset = staticAssets.get(file);
    if (!asset) throw new NotFoundException();
    res.setHeader('Cache-Control', version === asset.version ? VERSIONED_CACHE : UNVERSIONED_CACHE);
    res.setHeader('ETag', asset.etag);
    if (ifNoneMatch === asset.etag) return res.status(304).end();
    res.setHeader('Content-Type', asset.contentType);
    return res.end(asset.body);
  }
}
