import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../access/authentication/access.decorators.js';
import { EmployerNameInterceptor } from './employer-name.js';
import { PageWriteGuard } from './guards.js';

/**
 * A controller of back-office pages under `prefix`: out of the OpenAPI document, let through by the API's session
 * guard (each page checks who may see it, with `allow`), every form it receives checked by PageWriteGuard, and the
 * header given the signed-in employer account's establishment name (EmployerNameInterceptor).
 */
export const PageController = (prefix?: string) =>
  applyDecorators(ApiExcludeController(), Public(), UseGuards(PageWriteGuard), UseInterceptors(EmployerNameInterceptor), prefix === undefined ? Controller() : Controller(prefix));
