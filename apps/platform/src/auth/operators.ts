import type { Role } from '../../../../libs/domain/src/index.js';
import type { SqlDatabase } from '../../../../libs/sql/src/index.js';

export interface Operator {
  accountId: string;
  identifier: string;
  passwordHash: string;
  roles: Role[];
  displayName: string;
}

/**
 * Platform operators (DRS, auditors) belong to no employer, so they are not employer accounts with event streams;
 * the bootstrap operator comes from PEPS_BOOTSTRAP_OPERATOR_*. Their actions are still recorded in the event
 * metadata under their account id.
 */
export class Operators {
  constructor(private readonly db: SqlDatabase) {}

  async findByIdentifier(identifier: string): Promise<Operator | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.operators where identifier = $1', [identifier]);
    return rows[0] && toOperator(rows[0]);
  }

  async findById(accountId: string): Promise<Operator | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.operators where account_id = $1', [accountId]);
    return rows[0] && toOperator(rows[0]);
  }

  /** Creates the operator unless one with this identifier exists; true when created. */
  async createIfMissing(operator: Operator): Promise<boolean> {
    const result = await this.db.query(
      `insert into auth.operators (account_id, identifier, password_hash, roles, display_name) values ($1, $2, $3, $4, $5)
       on conflict (identifier) do nothing`,
      [operator.accountId, operator.identifier, operator.passwordHash, operator.roles, operator.displayName],
    );
    return (result.affectedRows ?? 0) > 0;
  }

  async updatePasswordHash(accountId: string, passwordHash: string): Promise<void> {
    await this.db.query('update auth.operators set password_hash = $2 where account_id = $1', [accountId, passwordHash]);
  }
}

function toOperator(row: Record<string, unknown>): Operator {
  const roles = Array.isArray(row.roles) ? (row.roles as Role[]) : (String(row.roles).replace(/^\{|\}$/g, '').split(',') as Role[]);
  return {
    accountId: String(row.account_id),
    identifier: String(row.identifier),
    passwordHash: String(row.password_hash),
    roles,
    displayName: String(row.display_name),
  };
}
