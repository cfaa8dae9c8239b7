import { withChanges } from './with-changes.js';

describe('withChanges', () => {
  const entry = { accountId: 'a-1', lastName: 'Louty', firstName: 'Jean', email: 'jean@chu.fr' };

  it('given changes to some of the fields named, when applied, then those take their new value and the rest stay', () => {
    // A change to a field not named (the account id) is left aside.
    const changes = { lastName: { from: 'Louty', to: 'Loutry' }, accountId: { from: 'a-1', to: 'a-2' } };
    const changed = withChanges(entry, changes, ['lastName', 'firstName', 'email']);
    expect(changed).toEqual({ accountId: 'a-1', lastName: 'Loutry', firstName: 'Jean', email: 'jean@chu.fr' });
    expect(Object.keys(changed)).toEqual(Object.keys(entry));
  });

  it('given a change to nothing (null), when applied, then the field keeps its value', () => {
    expect(withChanges(entry, { email: { to: null } }, ['email'])).toEqual(entry);
  });

  it('leaves the document it was given as it was', () => {
    withChanges(entry, { firstName: { to: 'Paul' } }, ['firstName']);
    expect(entry.firstName).toBe('Jean');
  });
});
