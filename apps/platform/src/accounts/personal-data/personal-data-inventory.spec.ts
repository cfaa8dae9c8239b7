import { evolveAccount, type AccountEvent, type AccountState } from '@peps/domain';
import { activeJean, at } from '@peps/domain/testing';
import { loadPlatformConfig } from '@peps/runtime';
import { personalDataInventory, retentionText } from './personal-data-inventory.js';

const fold = (events: AccountEvent[]) => events.reduce<AccountState>(evolveAccount, null)!;
const retention = { closedMonths: 12, signInMonths: 6 };

describe('the right of access: every personal datum, where it is kept and for how long', () => {
  const account = fold(activeJean);

  it('given an account, lists its holder’s values as the account holds them', () => {
    const report = personalDataInventory(account, [], retention);
    const value = (field: string) => report.data.find((d) => d.field === field)?.value;
    expect(value('identifier')).toBe(account.identifier);
    expect(value('lastName')).toBe(account.lastName);
    expect(value('firstName')).toBe(account.firstName);
    expect(value('email')).toBe(account.email);
    expect(value('professionalAddress')).toEqual(account.professionalAddress);
  });

  it('says each contact datum is in the event log and the audit trail, kept for the configured months after closure', () => {
    const report = personalDataInventory(account, [], retention);
    for (const datum of report.data) {
      expect(datum.stores.map((s) => s.code)).toContain('event-log');
      expect(datum.retention).toEqual({ rule: 'account-life', months: 12, text: retentionText('account-life', retention) });
    }
    expect(report.data.find((d) => d.field === 'email')!.stores.map((s) => s.code)).toEqual(expect.arrayContaining(['read-model:audit-trail', 'outbox-mails']));
  });

  it('given a user account, names no letter; given an administrator, the letters to the legal representative', () => {
    const user = personalDataInventory({ ...account, profile: 'user', createdAs: 'user', administratorSince: null }, [], retention);
    expect(user.data.flatMap((d) => d.stores.map((s) => s.code))).not.toContain('letters');
    const administrator = personalDataInventory({ ...account, profile: 'administrator', administratorSince: at(1) }, [], retention);
    expect(administrator.data.find((d) => d.field === 'lastName')!.stores.map((s) => s.code)).toEqual(expect.arrayContaining(['letters', 'read-model:letters']));
  });

  it('given sign-ins from two addresses, lists both once, kept for the sign-in retention', () => {
    const signIns = [
      { at: at(1), outcome: 'success' as const, sourceAddress: '192.0.2.1' },
      { at: at(2), outcome: 'failure' as const, sourceAddress: '192.0.2.7' },
      { at: at(3), outcome: 'success' as const, sourceAddress: '192.0.2.1' },
    ];
    const datum = personalDataInventory(account, signIns, retention).data.find((d) => d.field === 'sourceAddresses')!;
    expect(datum.value).toEqual(['192.0.2.1', '192.0.2.7']);
    expect(datum.retention).toMatchObject({ rule: 'sign-in', months: 6 });
    expect(datum.retention.text).toBe('Conservé 6 mois après chaque connexion, puis effacé (au plus tard un mois plus tard).');
  });

  it('given no sign-in address, lists none', () => {
    expect(personalDataInventory(account, [], retention).data.some((d) => d.field === 'sourceAddresses')).toBe(false);
  });
});

describe('retention settings (PEPS_RETENTION_CLOSED_MONTHS, PEPS_RETENTION_SIGN_IN_MONTHS)', () => {
  it('default to 12 months each', () => {
    expect(loadPlatformConfig({}).retention).toEqual({ closedMonths: 12, signInMonths: 12 });
  });

  it('read the months given', () => {
    expect(loadPlatformConfig({ PEPS_RETENTION_CLOSED_MONTHS: '24', PEPS_RETENTION_SIGN_IN_MONTHS: '6' }).retention).toEqual({ closedMonths: 24, signInMonths: 6 });
  });

  it.each(['0', '121', 'six', '-3', '1.5'])('refuse %s with a French line naming the variable', (raw) => {
    expect(() => loadPlatformConfig({ PEPS_RETENTION_SIGN_IN_MONTHS: raw })).toThrow(/^PEPS_RETENTION_SIGN_IN_MONTHS : une durée en mois est attendue/);
  });
});
