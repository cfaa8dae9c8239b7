import { toStoredEvent } from '../events/upcast.js';
import { activeJean, employerId, employerRegistered, jeanLoutyCreated, T0 } from '../testing/fixtures.js';
import { foldAccount, foldEmployer } from './fold-streams.js';

describe('Folding a stored stream', () => {
  it('gives no account and no employer for an empty stream', () => {
    expect(foldAccount([])).toBeNull();
    expect(foldEmployer([])).toBeNull();
  });

  it('folds an account stream with the account’s evolve', () => {
    expect(foldAccount(activeJean.map(toStoredEvent))).toMatchObject({ accountId: 'account-jlo', status: 'active', passwordHash: 'hash-1' });
  });

  it('upcasts each event first: account.created v1 had no phone', () => {
    const { phone: _phone, ...v1 } = jeanLoutyCreated().data;
    expect(foldAccount([{ type: 'account.created', schemaVersion: 1, data: v1 }])?.phone).toBeNull();
  });

  it('folds an employer stream with the employer’s evolve', () => {
    const added = { type: 'employer.administrator-added' as const, data: { employerId, accountId: 'admin-1', reason: 'creation' as const, since: T0 } };
    expect(foldEmployer([employerRegistered, added].map(toStoredEvent))?.administrators).toEqual({ 'admin-1': { since: T0 } });
  });

  it('refuses a stream that does not start with its creation (corrupt)', () => {
    expect(() => foldAccount(activeJean.slice(1).map(toStoredEvent))).toThrow('before account.created');
  });
});
