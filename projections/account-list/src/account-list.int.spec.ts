import { readerContract } from '@peps/read-store/testing';
import { Scenario } from '@peps/testing';
import { accountListMongoMapping } from './account-list.documents.js';
import { accountListProjection } from './account-list.projection.js';
import { accountListReaders } from './account-list.readers.js';

readerContract('account-list reader', { projections: [accountListProjection], mappings: [accountListMongoMapping] }, (models) => {
  it('searches accent- and case-insensitively, filters, sorts, pages, and rebuilds to the same rows', async () => {
    const s = new Scenario(models().events);
    const nantes = await s.registerEmployer();
    const angers = await s.registerEmployer({ name: 'CHU ANGERS' });
    const eloise = await s.createAccount({ employerId: nantes, lastName: 'Dupré', firstName: 'Éloïse', profile: 'administrator' });
    const jean = await s.createAccount({ employerId: nantes, lastName: 'Louty', firstName: 'Jean' });
    const anne = await s.createAccount({ employerId: nantes, lastName: 'Martin', firstName: 'Anne', email: 'anne.martin@chu.fr' });
    await s.createAccount({ employerId: angers, lastName: 'Dupre', firstName: 'Eloise' });
    await s.account(jean.accountId, 'account.password-created', { tokenHash: 'x', passwordHash: 'h', createdAt: s.now() });
    await s.account(anne.accountId, 'account.invitation-expired', { tokenHash: 'x', expiredAt: s.now() });
    await s.account(eloise.accountId, 'account.signed-in', { signedInAt: s.now(), profile: 'administrator', promotionTookEffect: false });
    const gone = await s.createAccount({ employerId: nantes, lastName: 'Zorro', firstName: 'Diego' });
    await s.account(gone.accountId, 'account.deleted', { employerId: nantes, profile: 'user', deletedBy: s.actor('admin-0'), deletedAt: s.now() });

    await models().catchUp(s.last);
    const accounts = models().reader(accountListReaders);

    const page = await accounts.list({ employerId: nantes });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.lastName)).toEqual(['Dupré', 'Louty', 'Martin']);
    expect((await accounts.list({ employerId: nantes, search: 'ELOISE dupre' })).items.map((i) => i.accountId)).toEqual([eloise.accountId]);
    expect((await accounts.list({ search: 'éloïse' })).total).toBe(2);
    expect((await accounts.list({ employerId: nantes, search: jean.identifier.toLowerCase() })).items[0].firstName).toBe('Jean');
    expect((await accounts.list({ employerId: nantes, search: 'ANNE.MARTIN@' })).total).toBe(1);
    expect((await accounts.list({ employerId: nantes, search: '%' })).total).toBe(0);
    expect((await accounts.list({ employerId: nantes, status: 'invitation-expired' })).items[0].lastName).toBe('Martin');
    expect((await accounts.list({ employerId: nantes, status: 'closed' })).items[0].lastName).toBe('Zorro');
    expect((await accounts.list({ employerId: nantes, profile: 'administrator' })).items[0].lastSignInAt).not.toBeNull();
    // Arriving at expiry: no sign-in (or, never signed in, no creation) since the instant given.
    expect((await accounts.list({ employerId: nantes, inactiveSince: '2999-01-01T00:00:00.000Z' })).total).toBe(3);
    expect((await accounts.list({ employerId: nantes, inactiveSince: '2000-01-01T00:00:00.000Z' })).total).toBe(0);
    // A renewal restarts the 18 months as a sign-in would.
    await s.account(jean.accountId, 'account.renewed', { renewedBy: s.actor('admin-0'), renewedAt: '3000-01-01T00:00:00.000Z' });
    await models().catchUp(s.last);
    expect((await accounts.list({ employerId: nantes, inactiveSince: '2999-01-01T00:00:00.000Z' })).items.map((i) => i.lastName)).toEqual(['Dupré', 'Martin']);
    const sorted = await accounts.list({ employerId: nantes, sort: 'createdAt', order: 'desc', page: 2, pageSize: 2 });
    expect(sorted).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(sorted.items.map((i) => i.lastName)).toEqual(['Dupré']);

    await models().expectSameAfterRebuild(s.last);
  });

  it('sorts never-signed-in accounts last both ways, pages past the end with the total, and finds an account by identifier', async () => {
    const s = new Scenario(models().events);
    const nantes = await s.registerEmployer();
    const early = await s.createAccount({ employerId: nantes, lastName: 'Abel', firstName: 'Anne' });
    const never = await s.createAccount({ employerId: nantes, lastName: 'Bruno', firstName: 'Brice' });
    const late = await s.createAccount({ employerId: nantes, lastName: 'Carel', firstName: 'Cécile' });
    await s.account(early.accountId, 'account.signed-in', { signedInAt: s.now(), profile: 'user', promotionTookEffect: false });
    await s.account(late.accountId, 'account.signed-in', { signedInAt: s.now(), profile: 'user', promotionTookEffect: false });
    await models().catchUp(s.last);
    const accounts = models().reader(accountListReaders);

    const bySignIn = async (order: 'asc' | 'desc') => (await accounts.list({ employerId: nantes, sort: 'lastSignInAt', order })).items.map((i) => i.accountId);
    expect(await bySignIn('asc')).toEqual([early.accountId, late.accountId, never.accountId]);
    expect(await bySignIn('desc')).toEqual([late.accountId, early.accountId, never.accountId]);
    expect(await accounts.list({ employerId: nantes, page: 5, pageSize: 2 })).toEqual({ items: [], total: 3, page: 5, pageSize: 2 });

    expect((await accounts.findByIdentifier(never.identifier.toLowerCase()))?.accountId).toBe(never.accountId);
    expect(await accounts.findByIdentifier('NOBODY')).toBeNull();
  });
});
