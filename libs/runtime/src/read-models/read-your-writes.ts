import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { parseCheckpoint } from '@peps/read-store';
import { READ_STORE } from './read-models.tokens.js';
import type { PlatformReadStore } from './read-store-selection.js';

/** Longest a query waits for its read model to catch up with the caller's last write. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

/**
 * A command answers the position it wrote (`"<transactionId>:<position>"`); a query given it (`?minPosition=` or
 * the `x-min-position` header) waits, bounded, until the read models it reads have reached it. After the bound
 * it answers anyway: a slightly stale page beats an error.
 */
@Injectable()
export class ReadYourWrites {
  constructor(@Inject(READ_STORE) private readonly readStore: PlatformReadStore) {}

  async wait(projections: readonly string[], minPosition: string | undefined): Promise<boolean> {
    if (!minPosition) return true;
    const target = parseCheckpoint(minPosition);
    if (!target) {
      throw new BadRequestException({
        code: 'validation.failed',
        message: 'Certains champs sont invalides.',
        errors: [{ field: 'minPosition', message: 'La position doit être de la forme « transaction:position ».' }],
      });
    }
    return this.readStore.waitFor(projections, target, READ_YOUR_WRITES_TIMEOUT_MS);
  }
}
