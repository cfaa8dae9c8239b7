import { randomUUID } from 'node:crypto';
import { WORKSTATION_TRUST_DAYS } from '@peps/domain';
import type { SqlDatabase } from '@peps/sql';
import { tokenHash } from '../../shell/command-side/secret-token.js';

/** A timestamptz as an ISO instant, milliseconds kept (PGlite answers a Date, whose String() drops them). */
export const isoOf = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OperatorWorkstation {
  workstationId: string;
  label: string;
  trustedAt: string;
  expiresAt: string;
}

/**
 * Operators are not event-sourced (auth.operators), so the workstations they trust live in
 * `auth.operator_workstations`, as digests of the token their browser keeps, for WORKSTATION_TRUST_DAYS.
 */
export class OperatorWorkstations {
  constructor(private readonly db: SqlDatabase) {}

  async isTrusted(operatorId: string, token: string | undefined, now: Date): Promise<boolean> {
    if (!token || token.length > 200) return false;
    const { rows } = await this.db.query('select 1 from auth.operator_workstations where token_digest = $1 and operator_id = $2 and expires_at > $3', [
      tokenHash(token),
      operatorId,
      now.toISOString(),
    ]);
    return rows.length > 0;
  }

  async trust(operatorId: string, tokenDigest: string, label: string, now: Date): Promise<OperatorWorkstation> {
    const workstation = {
      workstationId: randomUUID(),
      label,
      trustedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + WORKSTATION_TRUST_DAYS * 86_400_000).toISOString(),
    };
    await this.db.query(
      `insert into auth.operator_workstations (workstation_id, operator_id, token_digest, label, trusted_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
      [workstation.workstationId, operatorId, tokenDigest, label, workstation.trustedAt, workstation.expiresAt],
    );
    await this.db.query('delete from auth.operator_workstations where operator_id = $1 and expires_at <= $2', [operatorId, now.toISOString()]);
    return workstation;
  }

  async list(operatorId: string, now: Date): Promise<OperatorWorkstation[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'select * from auth.operator_workstations where operator_id = $1 and expires_at > $2 order by trusted_at desc',
      [operatorId, now.toISOString()],
    );
    return rows.map((row) => ({
      workstationId: String(row.workstation_id),
      label: String(row.label),
      trustedAt: isoOf(row.trusted_at),
      expiresAt: isoOf(row.expires_at),
    }));
  }

  /** True when the operator had it. */
  async revoke(operatorId: string, workstationId: string): Promise<boolean> {
    // An id from a URL that is no UUID names no workstation (and must not reach a uuid column).
    if (!UUID.test(workstationId)) return false;
    const { rows } = await this.db.query('delete from auth.operator_workstations where operator_id = $1 and workstation_id = $2 returning workstation_id', [
      operatorId,
      workstationId,
    ]);
    return rows.length > 0;
  }

  /** A lock or a password change ends them all. */
  async revokeAll(operatorId: string): Promise<void> {
    await this.db.query('delete from auth.operator_workstations where operator_id = $1', [operatorId]);
  }
}
