import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../access/authentication/access.decorators.js';
import { PageWriteGuard } from './guards.js';

/**
 * A controller of back-office pages under `prefix`: out of the OpenAPI document, let through by the API's session
 * guard (each page checks who may see it, with `allow`), and every form it receives checked by PageWriteGuard.
 */
export const PageController = (prefix?: string) =>
  applyDecorators(ApiExcludeController(), Public(), UseGuards(PageWriteGuard), prefix === undefined ? Controller() : Controller(prefix));
