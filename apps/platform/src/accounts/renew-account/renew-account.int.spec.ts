import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activeUser, invitedUser, startWithAdministrator, type TestPlatform } from '../../testing/index.js';

/** Polls until the list (a read model, fed in the background) says what is expected. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !ok(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe('« Renouveler »: an account kept for another 18 months (HTTP)', () => {
  let platform: TestPlatform;
  let admin: string;
  let drs: string;

  beforeAll(async () => {
    const started = await startWithAdministrator(41, { PEPS_RUN_WORKERS: '1' });
    ({ platform, adminToken: admin, drsToken: drs } = started);
  }, 60_000);
  afterAll(() => platform.close());

  // The expiry filter's view of a renewal is in projections/account-list (account-list.int.spec.ts): moving the clock
  // 19 months here would let the deadline manager deactivate the administrator mid-spec.
  it('given an active account, when the administrator renews it, then 204 and the history says so', async () => {
    const user = await activeUser(platform, admin, { lastName: 'Renouvele', email: 'renouvele@chu.fr', emailConfirmation: 'renouvele@chu.fr' });
    expect((await platform.api('POST', `/api/accounts/${user.id}/renewal`, { token: admin })).status).toBe(204);
    const history = await eventually(
      () => platform.api('GET', `/api/accounts/${user.id}/history`, { token: admin }),
      (a) => JSON.stringify(a.body).includes('renouvelé'),
    );
    expect(JSON.stringify(history.body)).toContain('Compte renouvelé pour 18 mois');
  });

  it('given the DRS or an invited account, then refused in French and nothing recorded', async () => {
    const user = await activeUser(platform, admin, { lastName: 'Refuse', email: 'refuse@chu.fr', emailConfirmation: 'refuse@chu.fr' });
    const byDrs = await platform.api('POST', `/api/accounts/${user.id}/renewal`, { token: drs });
    expect(byDrs.status).toBe(403);
    const invited = await invitedUser(platform, admin, { lastName: 'Invite', email: 'invite@chu.fr', emailConfirmation: 'invite@chu.fr' });
    const events = await platform.eventCount({ decisionsOnly: true });
    const answer = await platform.api('POST', `/api/accounts/${invited.id}/renewal`, { token: admin });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/[a-zé]/);
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(events);
  });
});
