import { checkLeaseTimings, decideLease, defaultLeaseTimings, leaseWrite, stillHeld, type LeaseDocument } from './mongo-lease.js';

const now = new Date('2026-05-01T12:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const held = (owner: string, expiresInMs: number): LeaseDocument => ({
  _id: 'projection:account-list',
  owner,
  expiresAt: later(expiresInMs),
  acquiredAt: later(-60_000),
  renewedAt: later(expiresInMs - 6_000),
});

describe('MongoDB lease decisions', () => {
  it('takes a free lease with an insert (a concurrent taker gets a duplicate key)', () => {
    const decision = decideLease(null, 'worker-a', now);
    expect(decision).toEqual({ action: 'take', reason: 'free', previousOwner: null });
    expect(leaseWrite(decision, 'projection:account-list', null, 'worker-a', now, 6_000)).toEqual({
      kind: 'insert',
      document: { _id: 'projection:account-list', owner: 'worker-a', expiresAt: later(6_000), acquiredAt: now, renewedAt: now },
    });
  });

  it('renews its own lease, matching on the owner only', () => {
    const current = held('worker-a', 2_000);
    const decision = decideLease(current, 'worker-a', now);
    expect(decision).toEqual({ action: 'renew' });
    expect(leaseWrite(decision, current._id, current, 'worker-a', now, 6_000)).toEqual({
      kind: 'update',
      filter: { _id: current._id, owner: 'worker-a' },
      update: { $set: { expiresAt: later(6_000), renewedAt: now } },
    });
  });

  it('refuses a lease another owner holds until it expires', () => {
    const current = held('worker-a', 2_500);
    const decision = decideLease(current, 'worker-b', now);
    expect(decision).toEqual({ action: 'refuse', heldBy: 'worker-a', expiresInMs: 2_500 });
    expect(leaseWrite(decision, current._id, current, 'worker-b', now, 6_000)).toBeNull();
  });

  it('takes over an expired lease with a compare-and-set on what it read', () => {
    for (const expiredFor of [0, 1, 30_000]) {
      const current = held('worker-a', -expiredFor);
      const decision = decideLease(current, 'worker-b', now);
      expect(decision).toEqual({ action: 'take', reason: 'expired', previousOwner: 'worker-a' });
      expect(leaseWrite(decision, current._id, current, 'worker-b', now, 6_000)).toEqual({
        kind: 'update',
        filter: { _id: current._id, owner: 'worker-a', expiresAt: current.expiresAt },
        update: { $set: { owner: 'worker-b', expiresAt: later(6_000), acquiredAt: now, renewedAt: now } },
      });
    }
  });

  it('lets the holder give up before anyone else may take over', () => {
    const t = defaultLeaseTimings;
    expect(stillHeld(1_000, 1_000 + t.ttlMs - t.marginMs - 1, t)).toBe(true);
    expect(stillHeld(1_000, 1_000 + t.ttlMs - t.marginMs, t)).toBe(false);
    // Renewals come often enough to keep it, with room for one slow round trip.
    expect(t.renewEveryMs + t.marginMs).toBeLessThan(t.ttlMs);
  });

  it('hands over within 10 s of a holder dying, with standbys retrying every 2 s', () => {
    const standbyRetryMs = 2_000;
    expect(defaultLeaseTimings.ttlMs + standbyRetryMs).toBeLessThanOrEqual(10_000);
    expect(() => checkLeaseTimings({ ttlMs: 3_000, renewEveryMs: 2_000, marginMs: 1_000 })).toThrow(RangeError);
    expect(() => checkLeaseTimings(defaultLeaseTimings)).not.toThrow();
  });
});
