import { applyDecorators, Controller, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags, type ApiResponseOptions } from '@nestjs/swagger';
import type { Role } from '@peps/domain';
import { Roles } from '../../access/authentication/access.decorators.js';

/** A controller of the API, called with a session: its OpenAPI tag and its route prefix. */
export const ApiController = (tag: string, prefix: string) => applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(prefix));

/**
 * An API endpoint: who may call it (the access guard's roles), what it does (its OpenAPI summary) and, when given,
 * its success answer: the HTTP status it answers with and what the OpenAPI document says of that answer.
 */
export const Endpoint = (roles: Role[], summary: string, success?: ApiResponseOptions & { status: number }) =>
  applyDecorators(Roles(...roles), ApiOperation({ summary }), ...(success ? [HttpCode(success.status), ApiResponse(success)] : []));
