import { BadRequestException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { listDeliveries, migrateProcessManagers, retryEffect, type Delivery, type DeliveryStatus } from '@peps/process-managers';
import type { SqlDatabase } from '@peps/sql';
import type { EventStore } from '@peps/event-store';
import { accountStream } from '@peps/domain';
import { Roles } from '../../access/authentication/access.decorators.js';
import { EVENT_STORE, SQL_DATABASE } from '@peps/runtime';

const STATUSES: readonly DeliveryStatus[] = ['failed', 'retrying', 'pending', 'done', 'skipped'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mails and letters for the DRS: `failed` (given up) and `retrying` (waiting after an error) with the last error. */
@Controller('api/drs/deliveries')
export class DeliveryFailuresController {
  private ready: Promise<unknown> | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** A mail's address is read when it is sent, not planned: the DRS sees the account's current one. */
  private async withRecipients(items: Delivery[]): Promise<Delivery[]> {
    const emails = new Map<string, Promise<string | null>>();
    const emailOf = (accountId: string) => {
      if (!emails.has(accountId)) {
        emails.set(
          accountId,
          this.store.readStream(accountStream(accountId)).then(
            (events) => {
              for (const event of [...events].reverse()) {
                const email = (event.data as { email?: unknown } | null)?.email;
                if (typeof email === 'string' && email) return email;
              }
              return null;
            },
            () => null,
          ),
        );
      }
      return emails.get(accountId)!;
    };
    return Promise.all(items.map(async (d) => (d.recipient || d.manager !== 'mail' || !d.accountId ? d : { ...d, recipient: await emailOf(d.accountId) })));
  }

  private schema(): Promise<unknown> {
    this.ready ??= migrateProcessManagers(this.db);
    return this.ready;
  }

  @Get()
  @Roles('drs')
  async list(@Query('status') status?: string, @Query('limit') limit?: string): Promise<{ items: Delivery[] }> {
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) {
      throw new BadRequestException({ errors: [{ field: 'status', message: `Le statut doit être l'un de : ${STATUSES.join(', ')}.` }] });
    }
    const max = limit === undefined ? 200 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new BadRequestException({ errors: [{ field: 'limit', message: 'La limite doit être un entier entre 1 et 1000.' }] });
    }
    await this.schema();
    return { items: await this.withRecipients(await listDeliveries(this.db, { status: status as DeliveryStatus | undefined, limit: max })) };
  }

  /** Try a failed delivery again now (after fixing an address, or once the SMTP server is back). */
  @Post(':id/retry')
  @Roles('drs')
  @HttpCode(202)
  async retry(@Param('id') id: string): Promise<{ effectId: string; status: 'pending' }> {
    if (!UUID.test(id)) throw new NotFoundException('Envoi introuvable.');
    await this.schema();
    if (!(await retryEffect(this.db, id))) throw new NotFoundException('Envoi introuvable ou déjà effectué.');
    return { effectId: id, status: 'pending' };
  }
}
