import { Body, Controller, HttpCode, Inject, NotFoundException, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import type { PlatformClock } from '../clock/platform-clock.js';
import { TextField } from '../infrastructure/dto-fields.js';
import { PLATFORM_CLOCK } from '../infrastructure/tokens.js';
import { validationFailed } from '../../../../libs/domain/src/index.js';

export class SetClockDto {
  @TextField({ label: "L'instant", max: 40, required: true, example: '2020-03-20T09:00:00.000Z' })
  now!: string;
}

/** SetClock, for browser and end-to-end tests: only with PEPS_TEST_CLOCK=1 (refused at start in production). */
@ApiTags('tests')
@Controller('api/test/clock')
export class TestClockController {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Put()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Déplacer l'horloge de la plateforme (PEPS_TEST_CLOCK=1 seulement)" })
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
