import { MAX_CONSECUTIVE_FAILED_SIGN_INS, type Role } from '@peps/domain';
import type { SqlDatabase } from '@peps/sql';

export interface Operator {
  accountId: string;
  identifier: string;
  passwordHash: string;
  roles: Role[];
  displayName: string;
  /** Failed sign-ins in a row; a success (or an unlock) sets it back to 0. */
  failedSignIns: number;
  /** When the operator was locked after too many failed sign-ins in a row; null when not locked. */
  lockedAt: Date | null;
  /** Where the operator's second-factor codes go (PEPS_BOOTSTRAP_OPERATOR_EMAIL for the bootstrap operator). */
  email: string | null;
}

/** What creating an operator needs: a new operator has no failure and is not locked. */
export type NewOperator = Omit<Operator, 'failedSignIns' | 'lockedAt' | 'email'> & { email?: string | null };

/** A failed sign-in as stored: the count it reached, and whether this very failure locked the operator. */
export interface OperatorFailure {
  failedSignIns: number;
  lockedNow: boolean;
  lockedAt: Date | null;
}

/**
 * Platform operators (DRS, auditors) belong to no employer, so they are not employer accounts with event streams;
 * the bootstrap operator comes from PEPS_BOOTSTRAP_OPERATOR_*. Their actions are still recorded in the event
 * metadata under their account id.
 *
 * Like employer accounts, an operator is locked after MAX_CONSECUTIVE_FAILED_SIGN_INS failed sign-ins in a row (the
 * domain's rule, not restated here); another DRS operator unlocks them (`POST /api/drs/operators/:identifier/unlock`),
 * and `npm run cli -- operator:unlock <identifier>` unlocks the last one.
 */
export class Operators {
  constructor(private readonly db: SqlDatabase) {}

  async findByIdentifier(identifier: string): Promise<Operator | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.operators where identifier = $1', [identifier]);
    return rows[0] && toOperator(rows[0]);
  }

  /**
   * findByIdentifier and, in the same statement, `besideSql`: a scalar subquery of another table of the database on the
   * same identifier (`$1`), as JSON. A sign-in looks an identifier up among operators and employer accounts at once.
   */
  async findByIdentifierBeside<Beside>(identifier: string, besideSql: string): Promise<{ operator?: Operator; beside: Beside | null }> {
    const { rows } = await this.db.query<{ operator: Record<string, unknown> | null; beside: Beside | null }>(
      `select (select to_jsonb(o) from auth.operators o where o.identifier = $1) as operator, ${besideSql} as beside`,
      [identifier],
    );
    const row = rows[0]!;
    return { ...(row.operator ? { operator: toOperator(row.operator) } : {}), beside: row.beside ?? null };
  }

  async findById(accountId: string): Promise<Operator | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.operators where account_id = $1', [accountId]);
    return rows[0] && toOperator(rows[0]);
  }

  /** Every operator, by identifier. */
  async list(): Promise<Operator[]> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.operators order by identifier limit 1000');
    return rows.map(toOperator);
  }

  /** Creates the operator unless one with this identifier exists; true when created. */
  async createIfMissing(operator: NewOperator): Promise<boolean> {
    const result = await this.db.query(
      `insert into auth.operators (account_id, identifier, password_hash, roles, display_name, email) values ($1, $2, $3, $4, $5, $6)
       on conflict (identifier) do nothing`,
      [operator.accountId, operator.identifier, operator.passwordHash, operator.roles, operator.displayName, operator.email ?? null],
    );
    return (result.affectedRows ?? 0) > 0;
  }

  /** The address for second-factor codes (the bootstrap operator's follows PEPS_BOOTSTRAP_OPERATOR_EMAIL at each start). */
  async setEmail(accountId: string, email: string | null): Promise<void> {
    await this.db.query('update auth.operators set email = $2 where account_id = $1', [accountId, email]);
  }

  async updatePasswordHash(accountId: string, passwordHash: string): Promise<void> {
    await this.db.query('update auth.operators set password_hash = $2 where account_id = $1', [accountId, passwordHash]);
  }

  /**
   * One more failure in a row, in one statement (concurrent failures each count once). The failure that reaches the
   * threshold locks the operator; later ones keep counting (the security log shows them) but lock only once. Since
   * only an unlock sets the count back to 0 on a locked operator, `lockedNow` is true for exactly one failure.
   */
  async recordFailedSignIn(accountId: string, at: Date): Promise<OperatorFailure | undefined> {
    const { rows } = await this.db.query<{ failed_sign_ins: unknown; locked_at: unknown }>(
      `update auth.operators
          set failed_sign_ins = failed_sign_ins + 1,
              locked_at = case when locked_at is null and failed_sign_ins + 1 >= $2 then $3::timestamptz else locked_at end
        where account_id = $1
        returning failed_sign_ins, locked_at`,
      [accountId, MAX_CONSECUTIVE_FAILED_SIGN_INS, at.toISOString()],
    );
    const row = rows[0];
    if (!row) return undefined;
    const failedSignIns = Number(row.failed_sign_ins);
    return { failedSignIns, lockedNow: failedSignIns === MAX_CONSECUTIVE_FAILED_SIGN_INS, lockedAt: toDate(row.locked_at) };
  }

  /**
   * A successful sign-in: the count of failures in a row starts again from 0. False (and nothing changes) when the
   * operator is locked by then: the sign-in must be refused.
   */
  async recordSuccessfulSignIn(accountId: string): Promise<boolean> {
    const { rows } = await this.db.query('update auth.operators set failed_sign_ins = 0 where account_id = $1 and locked_at is null returning account_id', [
      accountId,
    ]);
    return rows.length > 0;
  }

  /**
   * Unlocks a locked operator (and forgets its failures). `unknown` when no operator has this identifier,
   * `not-locked` when it was not locked (two operators unlocking at once: the second one gets `not-locked`).
   */
  async unlock(identifier: string): Promise<{ outcome: 'unlocked' | 'not-locked'; operator: Operator } | { outcome: 'unknown' }> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `update auth.operators set locked_at = null, failed_sign_ins = 0 where identifier = $1 and locked_at is not null returning *`,
      [identifier],
    );
    if (rows[0]) return { outcome: 'unlocked', operator: toOperator(rows[0]) };
    const operator = await this.findByIdentifier(identifier);
    return operator ? { outcome: 'not-locked', operator } : { outcome: 'unknown' };
  }
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

function toOperator(row: Record<string, unknown>): Operator {
  const roles = Array.isArray(row.roles) ? (row.roles as Role[]) : (String(row.roles).replace(/^\{|\}$/g, '').split(',') as Role[]);
  return {
    accountId: String(row.account_id),
    identifier: String(row.identifier),
    passwordHash: String(row.password_hash),
    roles,
    displayName: String(row.display_name),
    failedSignIns: Number(row.failed_sign_ins ?? 0),
    lockedAt: toDate(row.locked_at),
    email: row.email === null || row.email === undefined ? null : String(row.email),
  };
}
