import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
  asset(@Param('file') file: string, @Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: FastifyReply) {
    const asset = staticAssets.get(file);
    if (!asset) throw new NotFoundException();
    res.header('Cache-Control', version === asset.version ? VERSIONED_CACHE : UNVERSIONED_CACHE);
    res.header('ETag', asset.etag);
    if (ifNoneMatch === asset.etag) return res.code(304).send();
    return res.type(asset.contentType).send(asset.body);
  }
}
