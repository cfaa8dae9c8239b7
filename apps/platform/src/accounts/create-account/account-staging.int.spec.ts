import { randomUUID } from 'node:crypto';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { AccountStaging } from './account-staging.js';
import { migrateAuthSchema } from '@peps/runtime';
import { newLink } from '../../access/links/link-delivery.js';
import type { OutgoingLink } from '../../access/links/outgoing-links.js';

describe.each(testDatabaseKinds())('AccountStaging on %s', (kind) => {
  let database: TestDatabase;
  let staging: AccountStaging;

  beforeEach(async () => {
    database = await createTestDatabase(
      kind,
      async (db) => {
        await migrateAuthSchema(db);
      },
      'auth-schema-and-outgoing-links',
    );
    staging = new AccountStaging(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const count = async (table: string, where: string, value: string) =>
    Number((await database.db.query<{ n: string }>(`select count(*)::text as n from auth.${table} where ${where} = $1`, [value])).rows[0].n);

  const staged = (identifier: string) => {
    const accountId = randomUUID();
    const link = newLink('invitation');
    const outgoing: OutgoingLink = {
      id: randomUUID(),
      eventId: randomUUID(),
      accountId,
      purpose: 'invitation',
      token: link.token,
      payload: {},
      expiresAt: '2026-12-12T10:00:00.000Z',
    };
    return { entry: { accountId, identifier, employerId: randomUUID(), email: 'jean.louty@chu-nantes.fr' }, link, outgoing };
  };

  it('writes the directory entry, the link-token hash and the raw token for the mail, and removes them all', async () => {
    const { entry, link, outgoing } = staged('JLO000439');
    await staging.stage(entry, link, [outgoing]);
    expect(await count('account_directory', 'identifier', 'JLO000439')).toBe(1);
    expect(await count('link_tokens', 'token_hash', link.hash)).toBe(1);
    expect(await count('outgoing_links', 'event_id', outgoing.eventId!)).toBe(1);

    await staging.unstage(entry.accountId, link, [outgoing]);
    expect(await count('account_directory', 'identifier', 'JLO000439')).toBe(0);
    expect(await count('link_tokens', 'token_hash', link.hash)).toBe(0);
    expect(await count('outgoing_links', 'event_id', outgoing.eventId!)).toBe(0);
  });

  it('is all or nothing: an identifier already taken leaves no link token nor raw token behind', async () => {
    await staging.stage(staged('JLO000440').entry, newLink('invitation'), []);
    const second = staged('JLO000440');
    await expect(staging.stage(second.entry, second.link, [second.outgoing])).rejects.toThrow();
    expect(await count('link_tokens', 'token_hash', second.link.hash)).toBe(0);
    expect(await count('outgoing_links', 'event_id', second.outgoing.eventId!)).toBe(0);
  });
});
