import type { DeadlineChange } from './deadline-decisions.js';
import { netDeadlineChanges } from './net-deadline-changes.js';

const A = 'account-a';
const B = 'account-b';

describe('netDeadlineChanges', () => {
  it('keeps the last set of each account and kind', () => {
    expect(
      netDeadlineChanges([
        { op: 'set', accountId: A, kind: 'invitation-expiry', ref: 't1', dueAt: '2026-12-01T00:00:00.000Z' },
        { op: 'set', accountId: A, kind: 'invitation-expiry', ref: 't2', dueAt: '2026-12-02T00:00:00.000Z' },
        { op: 'set', accountId: B, kind: 'invitation-expiry', ref: 't3', dueAt: '2026-12-03T00:00:00.000Z' },
      ]),
    ).toEqual({
      upserts: [
        { accountId: A, kind: 'invitation-expiry', ref: 't2', dueAt: '2026-12-02T00:00:00.000Z' },
        { accountId: B, kind: 'invitation-expiry', ref: 't3', dueAt: '2026-12-03T00:00:00.000Z' },
      ],
      deletes: [],
      conditionalDeletes: [],
    });
  });

  it('a clear for the ref set in the batch deletes the row; for another ref it leaves the set alone', () => {
    const changes: DeadlineChange[] = [
      { op: 'set', accountId: A, kind: 'invitation-expiry', ref: 't1', dueAt: '2026-12-01T00:00:00.000Z' },
      { op: 'clear', accountId: A, kind: 'invitation-expiry', ref: 't1' },
      { op: 'set', accountId: B, kind: 'invitation-expiry', ref: 't2', dueAt: '2026-12-01T00:00:00.000Z' },
      { op: 'clear', accountId: B, kind: 'invitation-expiry', ref: 'old' },
    ];
    expect(netDeadlineChanges(changes)).toEqual({
      upserts: [{ accountId: B, kind: 'invitation-expiry', ref: 't2', dueAt: '2026-12-01T00:00:00.000Z' }],
      deletes: [{ accountId: A, kind: 'invitation-expiry' }],
      conditionalDeletes: [],
    });
  });

  it('a clear meeting no set of the batch stays conditional on the stored ref', () => {
    expect(netDeadlineChanges([{ op: 'clear', accountId: A, kind: 'inactivity-warning', ref: '2028-05-01' }])).toEqual({
      upserts: [],
      deletes: [],
      conditionalDeletes: [{ accountId: A, kind: 'inactivity-warning', ref: '2028-05-01' }],
    });
  });

  it('a clear without kind or ref reaches every kind, and a later set writes its kind again', () => {
    const net = netDeadlineChanges([
      { op: 'clear', accountId: A },
      { op: 'set', accountId: A, kind: 'inactivity-warning', ref: 'r', dueAt: '2027-01-20T00:00:00.000Z' },
    ]);
    expect(net.upserts).toEqual([{ accountId: A, kind: 'inactivity-warning', ref: 'r', dueAt: '2027-01-20T00:00:00.000Z' }]);
    expect(net.deletes).toEqual([
      { accountId: A, kind: 'invitation-expiry' },
      { accountId: A, kind: 'inactivity-deactivation' },
      { accountId: A, kind: 'personal-data-erasure' },
    ]);
    expect(net.conditionalDeletes).toEqual([]);
  });

  it('the account life of the guide: invited, password created, signed in — one row per kind left', () => {
    const net = netDeadlineChanges([
      { op: 'set', accountId: A, kind: 'invitation-expiry', ref: 'tok', dueAt: '2026-12-12T00:00:00.000Z' },
      { op: 'clear', accountId: A, kind: 'invitation-expiry', ref: 'tok' },
      { op: 'set', accountId: A, kind: 'inactivity-warning', ref: 'd1', dueAt: 'w1' },
      { op: 'set', accountId: A, kind: 'inactivity-deactivation', ref: 'd1', dueAt: 'd1' },
      { op: 'set', accountId: A, kind: 'inactivity-warning', ref: 'd2', dueAt: 'w2' },
      { op: 'set', accountId: A, kind: 'inactivity-deactivation', ref: 'd2', dueAt: 'd2' },
    ]);
    expect(net).toEqual({
      upserts: [
        { accountId: A, kind: 'inactivity-warning', ref: 'd2', dueAt: 'w2' },
        { accountId: A, kind: 'inactivity-deactivation', ref: 'd2', dueAt: 'd2' },
      ],
      deletes: [{ accountId: A, kind: 'invitation-expiry' }],
      conditionalDeletes: [],
    });
  });
});
