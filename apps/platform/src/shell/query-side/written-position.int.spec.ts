import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compareCheckpoints } from '@peps/event-store';
import { parseCheckpoint } from '@peps/read-store';
import { accountBody, startWithAdministrator, type TestPlatform } from '../../testing/index.js';

describe('read your writes over HTTP: commands answer X-Position, queries wait for it (PGlite, projections running)', () => {
  let platform: TestPlatform;
  let admin: string;

  beforeAll(async () => ({ platform, adminToken: admin } = await startWithAdministrator(41, { PEPS_RUN_WORKERS: '1' })));
  afterAll(() => platform.close());

  const accountListCheckpoint = async () => {
    const { rows } = await platform.db.query<{ transaction_id: string; position: string }>(
      `select transaction_id::text as transaction_id, position::text as position from read.checkpoints where projection = 'account-list'`,
    );
    return { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) };
  };

  it('a creation (201) and a deletion (204) answer the position they wrote; the list asked to wait for it has reached it', async () => {
    for (let i = 0; i < 5; i++) {
      const created = await platform.api('POST', '/api/accounts', {
        token: admin,
        body: accountBody({ lastName: `Ephemere${'abcde'[i]}`, email: `ephemere${i}@chu.fr`, emailConfirmation: `ephemere${i}@chu.fr` }),
      });
      expect(created.status).toBe(201);
      const createdAt = parseCheckpoint(created.headers.get('x-position') ?? '');
      expect(createdAt).not.toBeNull();

      const deleted = await platform.api('DELETE', `/api/accounts/${created.body.id}`, { token: admin });
      expect(deleted.status).toBe(204);
      const deletedAt = parseCheckpoint(deleted.headers.get('x-position') ?? '');
      expect(deletedAt).not.toBeNull();
      expect(compareCheckpoints(deletedAt!, createdAt!)).toBeGreaterThan(0);

      const list = await platform.api('GET', `/api/accounts?search=Ephemere&minPosition=${deleted.headers.get('x-position')}`, { token: admin });
      expect(list.status).toBe(200);
      expect(compareCheckpoints(await accountListCheckpoint(), deletedAt!)).toBeGreaterThanOrEqual(0);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    }
  });

  it('a request that writes no event answers no position', async () => {
    const list = await platform.api('GET', '/api/accounts', { token: admin });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-position')).toBeNull();
    const refused = await platform.api('POST', '/api/accounts', { token: admin, body: { profile: 'user' } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-position')).toBeNull();
  });
});
