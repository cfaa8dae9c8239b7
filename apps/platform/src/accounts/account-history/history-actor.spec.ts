import { actorIdsToName, actorLabel, ANONYMOUS_NAME, historyActor, SYSTEM_NAME, UNKNOWN_NAME, type ActorNames } from './history-actor.js';

const holder = { id: 'acc-holder', identifier: 'JLO000439', name: 'Jean Louty' };
const admin = { id: 'acc-admin', identifier: 'MDU000001', name: 'Marie Durand' };
const operator = { id: 'op-1', identifier: 'DRS1', name: 'Paul Martin' };
const names: ActorNames = { accounts: new Map([[admin.id, admin]]), operators: new Map([[operator.id, operator]]) };

describe('naming the author of a history entry', () => {
  it('given an administrator account id, names it as an account with its identifier', () => {
    expect(historyActor(admin.id, holder, names)).toEqual({ kind: 'account', id: admin.id, identifier: 'MDU000001', name: 'Marie Durand' });
  });

  it('given a DRS operator id, names the operator from the operators table', () => {
    expect(historyActor(operator.id, holder, names)).toEqual({ kind: 'operator', id: 'op-1', identifier: 'DRS1', name: 'Paul Martin' });
  });

  it('given the account’s own id, names its holder', () => {
    expect(historyActor(holder.id, holder, names)).toEqual({ kind: 'holder', ...holder });
  });

  it('given `anonymous` on the account’s stream (a password link, a sign-in), names its holder', () => {
    expect(historyActor('anonymous', holder, names)).toEqual({ kind: 'holder', ...holder });
  });

  it('given `anonymous` with no holder known, says nobody was signed in', () => {
    expect(historyActor('anonymous', null, names)).toEqual({ kind: 'system', id: 'anonymous', name: ANONYMOUS_NAME });
  });

  it('given `system` (a deadline, a process manager), names the platform', () => {
    expect(historyActor('system', holder, names)).toEqual({ kind: 'system', id: 'system', name: SYSTEM_NAME });
  });

  it('given an id no directory knows, still gives a name, never the id alone', () => {
    const actor = historyActor('ghost', holder, names);
    expect(actor).toEqual({ kind: 'account', id: 'ghost', name: UNKNOWN_NAME });
  });

  it('reads as a French label for pages and CSV', () => {
    expect(actorLabel(historyActor(operator.id, holder, names))).toBe('Paul Martin (DRS, DRS1)');
    expect(actorLabel(historyActor(holder.id, holder, names))).toBe('Jean Louty (titulaire du compte, JLO000439)');
    expect(actorLabel(historyActor(admin.id, holder, names))).toBe('Marie Durand (MDU000001)');
  });

  it('asks the directories only for ids that are neither the holder nor system nor anonymous, once each', () => {
    expect(actorIdsToName(['system', 'anonymous', holder.id, admin.id, operator.id, admin.id, ''], holder.id)).toEqual([admin.id, operator.id]);
  });
});
