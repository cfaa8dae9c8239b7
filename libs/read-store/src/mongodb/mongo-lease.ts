import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import type { Lease } from '@peps/sql';

/**
 * One active runner per projection on MongoDB: a lease document per key in the `leases` collection, held by an
 * owner until `expiresAt` (server clock), renewed every `renewEveryMs`. A standby takes it over once it expired;
 * the holder considers it lost as soon as it could not renew within `ttlMs - marginMs` of its last successful
 * renewal (local monotonic clock), i.e. before anyone else may take it.
 */
export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
  acquiredAt: Date;
  renewedAt: Date;
}

export interface LeaseTimings {
  /** Lifetime of a lease without renewal. Takeover happens at most ttlMs + standby retry after the holder died. */
  ttlMs: number;
  renewEveryMs: number;
  /** The holder gives up this long before the lease could expire on the server. */
  marginMs: number;
}

/** With standbys retrying every 2 s: a dead holder is replaced within 6 + 2 = 8 s (< 10 s). */
export const defaultLeaseTimings: LeaseTimings = { ttlMs: 6_000, renewEveryMs: 2_000, marginMs: 1_000 };

export function checkLeaseTimings(t: LeaseTimings): void {
  if (!(t.renewEveryMs > 0 && t.marginMs >= 0 && t.renewEveryMs + t.marginMs < t.ttlMs)) {
    throw new RangeError(`lease timings: need renewEveryMs + marginMs < ttlMs (got ${t.renewEveryMs} + ${t.marginMs} vs ${t.ttlMs})`);
  }
}

export type LeaseDecision =
  | { action: 'take'; reason: 'free' | 'expired'; previousOwner: string | null }
  | { action: 'renew' }
  | { action: 'refuse'; heldBy: string; expiresInMs: number };

/** Pure: what `owner` may do with the lease as it stands at server time `now`. */
export function decideLease(current: LeaseDocument | null, owner: string, now: Date): LeaseDecision {
  if (!current) return { action: 'take', reason: 'free', previousOwner: null };
  if (current.owner === owner) return { action: 'renew' };
  const expiresInMs = new Date(current.expiresAt).getTime() - now.getTime();
  if (expiresInMs <= 0) return { action: 'take', reason: 'expired', previousOwner: current.owner };
  return { action: 'refuse', heldBy: current.owner, expiresInMs };
}

export type LeaseWrite =
  | { kind: 'insert'; document: LeaseDocument }
  | { kind: 'update'; filter: Record<string, unknown>; update: { $set: Partial<LeaseDocument> } };

/**
 * Pure: the compare-and-set that carries out a decision. Taking an expired lease matches the exact owner and expiry
 * that were read, so of two standbys racing for it one wins and the other matches nothing; taking a free one is an
 * insert, so the loser gets a duplicate key. Renewing matches on the owner only: if someone took it meanwhile,
 * nothing matches and the holder learns it lost the lease.
 */
export function leaseWrite(decision: LeaseDecision, key: string, current: LeaseDocument | null, owner: string, now: Date, ttlMs: number): LeaseWrite | null {
  const expiresAt = new Date(now.getTime() + ttlMs);
  switch (decision.action) {
    case 'refuse':
      return null;
    case 'renew':
      return { kind: 'update', filter: { _id: key, owner }, update: { $set: { expiresAt, renewedAt: now } } };
    case 'take':
      if (!current) return { kind: 'insert', document: { _id: key, owner, expiresAt, acquiredAt: now, renewedAt: now } };
      return {
        kind: 'update',
        filter: { _id: key, owner: current.owner, expiresAt: current.expiresAt },
        update: { $set: { owner, expiresAt, acquiredAt: now, renewedAt: now } },
      };
    default: {
      const never: never = decision;
      throw new Error(`unknown lease decision ${JSON.stringify(never)}`);
    }
  }
}

/** Pure: the holder's own view. `confirmedAt`: local monotonic time when the last successful renewal was sent. */
export function stillHeld(confirmedAt: number, now: number, timings: LeaseTimings): boolean {
  return now - confirmedAt < timings.ttlMs - timings.marginMs;
}

export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Server time: every decision uses the database clock, so workers' clocks need not agree. */
async function serverNow(db: Db): Promise<Date> {
  const hello = await db.command({ hello: 1 });
  return hello.localTime instanceof Date ? hello.localTime : new Date();
}

export class MongoLeases {
  readonly timings: LeaseTimings;

  constructor(
    private readonly db: Db,
    readonly owner: string = leaseOwner(),
    timings: Partial<LeaseTimings> = {},
  ) {
    this.timings = { ...defaultLeaseTimings, ...timings };
    checkLeaseTimings(this.timings);
  }

  private get leases() {
    return this.db.collection<LeaseDocument>('leases');
  }

  /** The lease, or null when someone else holds it. */
  async tryAcquire(key: string): Promise<Lease | null> {
    const sentAt = performance.now();
    const now = await serverNow(this.db);
    const current = await this.leases.findOne({ _id: key });
    const decision = decideLease(current, this.owner, now);
    const write = leaseWrite(decision, key, current, this.owner, now, this.timings.ttlMs);
    if (!write) return null;
    if (write.kind === 'insert') {
      try {
        await this.leases.insertOne(write.document);
      } catch (error) {
        if ((error as { code?: unknown }).code === 11000) return null;
        throw error;
      }
    } else {
      const result = await this.leases.updateOne(write.filter, write.update);
      if (result.matchedCount !== 1) return null;
    }
    return new HeldMongoLease(this, key, sentAt);
  }

  /** One renewal on the server clock; false when the lease is no longer this owner's. */
  async renew(key: string): Promise<boolean> {
    const result = await this.leases.updateOne({ _id: key, owner: this.owner }, [
      { $set: { expiresAt: { $add: ['$$NOW', this.timings.ttlMs] }, renewedAt: '$$NOW' } },
    ]);
    return result.matchedCount === 1;
  }

  async release(key: string): Promise<void> {
    await this.leases.deleteOne({ _id: key, owner: this.owner });
  }
}

class HeldMongoLease implements Lease {
  private confirmedAt: number;
  private lost = false;
  private released = false;
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly leases: MongoLeases,
    readonly key: string,
    confirmedAt: number,
  ) {
    this.confirmedAt = confirmedAt;
    this.timer = setInterval(() => void this.renewOnce(), leases.timings.renewEveryMs);
    this.timer.unref();
  }

  isHeld(): boolean {
    if (this.released || this.lost) return false;
    if (!stillHeld(this.confirmedAt, performance.now(), this.leases.timings)) this.lost = true;
    return !this.lost;
  }

  private async renewOnce(): Promise<void> {
    if (this.renewing || !this.isHeld()) return;
    const sentAt = performance.now();
    this.renewing = (async () => {
      try {
        if (await this.leases.renew(this.key)) this.confirmedAt = sentAt;
        else this.lost = true;
      } catch {
        // Unreachable server: keep trying until the lease runs out locally (isHeld turns false).
      }
    })();
    await this.renewing;
    this.renewing = null;
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    const wasHeld = this.isHeld();
    this.released = true;
    if (wasHeld) await this.leases.release(this.key).catch(() => undefined);
  }
}
