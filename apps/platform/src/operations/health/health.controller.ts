import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SqlDatabase } from '@peps/sql';
import { Public, type RequestWithActor } from '../../access/authentication/access.decorators.js';
import type { PlatformConfig } from '@peps/runtime';
import { isOperatorOrProbe } from '../metrics/operator-or-probe.js';
import { PLATFORM_CONFIG, SQL_DATABASE } from '@peps/runtime';
import { HealthRegistry } from '@peps/runtime';

/** How old the background checks behind an anonymous probe's status may be. */
export const PROBE_CHECKS_MAX_AGE_MS = 2_000;

@ApiTags('santé')
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly registry: HealthRegistry,
  ) {}

  /**
   * A load balancer needs the status only (`200 {status}`, `503` when the storage is unreachable). The checks —
   * storage kind, projection positions and lags, delivery counts — go to a signed-in DRS operator or auditor, or to
   * a caller presenting `PEPS_HEALTH_TOKEN` (`Authorization: Bearer <token>` or `X-Health-Token`).
   */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and storage reachability; projection lag for operators or with PEPS_HEALTH_TOKEN' })
  async health(@Req() request: FastifyRequest & RequestWithActor, @Res({ passthrough: true }) response: FastifyReply) {
    const storage = await this.db
      .query('select 1')
      .then(() => ({ name: 'storage', ok: true, detail: this.db.kind }))
      .catch((error: Error) => ({ name: 'storage', ok: false, detail: error.message }));
    // Details are read fresh; the status alone reuses a recent run, so probes cost one `select 1` each.
    const details = isOperatorOrProbe(request, this.config);
    const background = details ? await this.registry.run() : await this.registry.runRecent(PROBE_CHECKS_MAX_AGE_MS, Date.now());
    const checks = [storage, ...background];
    if (!storage.ok) response.status(503);
    const status = checks.every((c) => c.ok) ? 'ok' : 'degraded';
    return details ? { status, checks } : { status };
  }
}
