import { isIPv4 } from 'node:net';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Injectable,
  NotFoundException,
  Put,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../access/authentication/access.decorators.js';
import type { PlatformClock } from '@peps/runtime';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { PLATFORM_CLOCK } from '@peps/runtime';
import { validationFailed } from '@peps/domain';

export class SetClockDto {
  @TextField({ label: "L'instant", max: 40, required: true, example: '2020-03-20T09:00:00.000Z' })
  now!: string;
}

/** OpenAPI paths of the test routes: left out of `/api/docs` unless PEPS_TEST_CLOCK=1 (create-platform.ts). */
export const TEST_ROUTES_PREFIX = '/api/test/';

/**
 * `127.0.0.0/8` and `::1`, also IPv4-mapped (`::ffff:127.0.0.1`). `req.ip` is the client after the trusted proxies
 * (Fastify's `trustProxy` is `loopback`): a request relayed by a reverse proxy on this machine is judged by the
 * address the proxy names in `X-Forwarded-For`, and a remote client cannot claim loopback in that header.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIPv4(ip)) return ip.split('.')[0] === '127';
  return ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}

/**
 * Before validation, so a refused caller learns nothing: 404 when the clock is not adjustable (PEPS_TEST_CLOCK=0)
 * and for a client that is not on this machine.
 */
@Injectable()
export class TestClockAccessGuard implements CanActivate {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.clock.adjustable || !isLoopbackAddress(request.ip)) throw new NotFoundException();
    return true;
  }
}

/**
 * SetClock, for browser and end-to-end tests: only with PEPS_TEST_CLOCK=1 (refused at start in production), and
 * only to loopback clients.
 */
@ApiTags('tests')
@Controller('api/test/clock')
@UseGuards(TestClockAccessGuard)
export class TestClockController {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Put()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Déplacer l'horloge de la plateforme (PEPS_TEST_CLOCK=1 et client local seulement)" })
  @ApiOkResponse({ description: '{ now }' })
  async set(@Body() body: SetClockDto) {
    if (!this.clock.adjustable) throw new NotFoundException();
    const instant = new Date(body.now);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(body.now) || Number.isNaN(instant.getTime())) {
      throw validationFailed([{ field: 'now', message: "L'instant doit être une date ISO-8601, par exemple 2020-03-20T09:00:00.000Z." }]);
    }
    await this.clock.set(instant);
    return { now: this.clock.now().toISOString() };
  }
}
