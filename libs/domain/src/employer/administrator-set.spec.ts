import type { AccountCommand } from '../account/account-commands.js';
import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { fold } from '../shared/decider.js';
import type { CommandMetadata } from '../shared/command-metadata.js';
import { activeJean, adminActor, at, createJeanLouty, employerId, employerRegistered, guideAddress, jeanLoutyCreated, T0 } from '../testing/fixtures.js';
import { drsActor, meta } from '../testing/metadata.js';
import { administratorSetChange, type AdministratorSetChange } from './administrator-set.js';
import { employerDecider } from './decide-employer.js';
import type { EmployerEvent } from './employer-events.js';

/** given(account history).when(account command).thenTheEmployer(changes its events make to the administrator set). */
const given = (history: AccountEvent[]) => ({
  when: (command: AccountCommand, metadata: CommandMetadata = meta(at(3), adminActor)) => {
    const events = accountDecider.decide(command, fold(accountDecider, history), metadata);
    return {
      thenTheEmployer: (expected: AdministratorSetChange[]) => {
        expect(events.length).toBeGreaterThan(0);
        expect(events.map(administratorSetChange).filter((change) => change !== null)).toEqual(expected);
      },
    };
  },
});

const jean = 'account-jlo';
const createdAdministrator = jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress });
const promote = { type: 'ChangeProfile' as const, accountId: jean, profile: 'administrator' as const, professionalAddress: guideAddress };
const cancel = { type: 'CancelAdministratorRegistration' as const, accountId: jean, reason: 'Opposition du représentant légal' };

describe('Administrator set: what an account event changes in its employer', () => {
  it('adds an account created as administrator (reason: creation)', () => {
    given([])
      .when(createJeanLouty({ profile: 'administrator', professionalAddress: guideAddress }), meta(T0, adminActor))
      .thenTheEmployer([{ type: 'AddAdministrator', employerId, accountId: jean, reason: 'creation' }]);
  });

  it('adds nothing for an account created as user', () => {
    given([]).when(createJeanLouty(), meta(T0, adminActor)).thenTheEmployer([]);
  });

  it('adds a promoted user (reason: promotion)', () => {
    given(activeJean).when(promote).thenTheEmployer([{ type: 'AddAdministrator', employerId, accountId: jean, reason: 'promotion' }]);
  });

  it('removes a deleted administrator (reason: deletion), and nothing for a deleted user', () => {
    given([createdAdministrator])
      .when({ type: 'DeleteAccount', accountId: jean })
      .thenTheEmployer([{ type: 'RemoveAdministrator', employerId, accountId: jean, reason: 'deletion' }]);
    given(activeJean).when({ type: 'DeleteAccount', accountId: jean }).thenTheEmployer([]);
  });

  it('removes an administrator whose registration the DRS cancelled, closed or demoted (reason: cancellation)', () => {
    const removed = [{ type: 'RemoveAdministrator', employerId, accountId: jean, reason: 'cancellation' }] as const;
    given([createdAdministrator]).when(cancel, meta(at(5), drsActor)).thenTheEmployer([...removed]);
    given([...activeJean, ...accountDecider.decide(promote, fold(accountDecider, activeJean), meta(at(2), adminActor))])
      .when(cancel, meta(at(5), drsActor))
      .thenTheEmployer([...removed]);
  });

  it('changes nothing for the other account events, nor for other streams’ events', () => {
    given(activeJean).when({ type: 'ChangeRights', accountId: jean, rights: { 'declarations-fnc': 'write' } }).thenTheEmployer([]);
    given(activeJean)
      .when({ type: 'RecordSignIn', accountId: jean }, meta(at(3), { kind: 'anonymous' }))
      .thenTheEmployer([]);
    expect(administratorSetChange(employerRegistered)).toBeNull();
  });

  it('keeps the employer’s set equal to its administrators when the employer decides each change', () => {
    const promoted = accountDecider.decide(promote, fold(accountDecider, activeJean), meta(at(2), adminActor));
    const accountEvents: AccountEvent[] = [
      jeanLoutyCreated({ accountId: 'admin-1', identifier: 'ADM000001', profile: 'administrator', professionalAddress: guideAddress }),
      ...activeJean,
      ...promoted,
      { type: 'account.deleted', data: { accountId: 'admin-1', employerId, profile: 'administrator', deletedBy: drsActor, deletedAt: at(4) } },
    ];
    let employer = fold(employerDecider, [employerRegistered]);
    const employerEvents: EmployerEvent[] = [];
    for (const change of accountEvents.map(administratorSetChange)) {
      if (!change) continue;
      const decided = employerDecider.decide(change, employer, meta(at(4)));
      employerEvents.push(...decided);
      employer = decided.reduce(employerDecider.evolve, employer);
    }
    expect(employerEvents.map((event) => event.type)).toEqual([
      'employer.administrator-added',
      'employer.administrator-added',
      'employer.administrator-removed',
    ]);
    expect(employer?.administrators).toEqual({ [jean]: { since: at(4) } });
  });
});
