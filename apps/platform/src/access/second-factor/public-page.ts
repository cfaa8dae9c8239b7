import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { Public } from '../authentication/access.decorators.js';

/**
 * A second-factor page: reached before the session is whole (the sign-in code) or whatever its state (the step-up
 * says itself when it has expired), so open to anyone; out of the OpenAPI document; its forms pass the page guard.
 */
export const SecondFactorPage = (path: string) => applyDecorators(ApiExcludeController(), Public(), UseGuards(PageWriteGuard), Controller(path));
