import { evolveAccount } from '../account/evolve-account.js';
import type { Account } from '../account/account-state.js';
import { invitationIssued, jeanLoutyCreated, passwordCreated } from '../testing/fixtures.js';
import { accountChangeNeedsStepUp } from './sensitive-actions.js';

// Given Jean Louty's active account (phone 02 41 05 19 38, « affiliation-cnracl » in write, some services not).
const jean = [jeanLoutyCreated(), invitationIssued(), passwordCreated()].reduce(evolveAccount, null) as Account;
const administrator = 'account-admin';
const serviceWithout = (level: string) => Object.entries(jean.rights).find(([, current]) => current !== level)![0];
const serviceWith = (level: string) => Object.entries(jean.rights).find(([, current]) => current === level)![0];

describe('which account changes are sensitive actions (step-up)', () => {
  it('an administrator changing another account’s contact details', () => {
    expect(accountChangeNeedsStepUp(administrator, jean, { contact: { lastName: 'Lauty' } })).toBe(true);
    expect(accountChangeNeedsStepUp(administrator, jean, { contact: { professionalAddress: ['1 rue X', '44000 NANTES'] } })).toBe(true);
  });

  it('is not one when the contact fields sent are the values the account already has (the page sends the whole tab)', () => {
    expect(accountChangeNeedsStepUp(administrator, jean, { contact: { lastName: 'Louty', firstName: ' Jean ', email: jean.email, emailConfirmation: jean.email } })).toBe(false);
  });

  it('granting a write level the account did not have', () => {
    expect(accountChangeNeedsStepUp(administrator, jean, { rights: { [serviceWithout('write')]: 'write' } })).toBe(true);
  });

  it('is not one to keep a write level, or to lower or grant a read level', () => {
    expect(accountChangeNeedsStepUp(administrator, jean, { rights: { [serviceWith('write')]: 'write' } })).toBe(false);
    expect(accountChangeNeedsStepUp(administrator, jean, { rights: { [serviceWith('write')]: 'read', [serviceWithout('read')]: 'read' } })).toBe(false);
  });

  it('anyone changing their own e-mail or phone', () => {
    expect(accountChangeNeedsStepUp(jean.accountId, jean, { contact: { email: 'jean.louty@example.org', emailConfirmation: 'jean.louty@example.org' } })).toBe(true);
    expect(accountChangeNeedsStepUp(jean.accountId, jean, { contact: { phone: '0612345678' } })).toBe(true);
    expect(accountChangeNeedsStepUp(jean.accountId, jean, { contact: { phone: null } })).toBe(true);
  });

  it('is not one for the holder’s other own fields', () => {
    expect(accountChangeNeedsStepUp(jean.accountId, jean, { contact: { lastName: 'Lauty', phone: '0241051938' } })).toBe(false);
  });
});
