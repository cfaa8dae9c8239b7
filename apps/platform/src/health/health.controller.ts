import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { SqlDatabase } from '../../../../libs/sql/src/index.js';
import { Public } from '../auth/access.decorators.js';
import { SQL_DATABASE } from '../infrastructure/tokens.js';
import { HealthRegistry } from './health-registry.js';

@ApiTags('santé')
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, storage reachability and projection lag' })
  async health(@Res({ passthrough: true }) response: Response) {
    const storage = await this.db
      .query('select 1')
      .then(() => ({ name: 'storage', ok: true, detail: this.db.kind }))
      .catch((error: Error) => ({ name: 'storage', ok: false, detail: error.message }));
    const checks = [storage, ...(await this.registry.run())];
    const ok = checks.every((c) => c.ok);
    if (!storage.ok) response.status(503);
    return { status: ok ? 'ok' : 'degraded', checks };
  }
}
