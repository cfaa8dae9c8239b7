import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import { Public, type RequestWithActor } from '../../access/authentication/access.decorators.js';
import { MetricsCollection } from './metrics-collection.js';
import { PlatformMetrics } from './platform-metrics.js';
import { requireOperatorOrProbe } from './operator-or-probe.js';

@ApiTags('santé')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly collection: MetricsCollection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Public for the guard (a probe has no session), checked here as the health details are. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics (text format) for DRS operators, auditors or with PEPS_HEALTH_TOKEN' })
  async scrape(@Req() request: FastifyRequest & RequestWithActor, @Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    requireOperatorOrProbe(request, this.config);
    await this.collection.collect();
    response.header('Content-Type', this.metrics.contentType());
    return this.metrics.text();
  }
}
