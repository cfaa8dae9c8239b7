import type { SqlDatabase } from '@peps/sql';
import type { SqlWrite } from './one-statement.js';

export interface DirectoryEntry {
  accountId: string;
  identifier: string;
  employerId: string;
  email: string;
}

/**
 * Identifier and e-mail lookups for sign-in and the recovery flows. Rows are written before the account's events
 * are appended: a row whose stream never got written is harmless (the stream is empty, the account unknown),
 * whereas the reverse order could leave an account nobody can sign in to.
 * The e-mail is refreshed after a contact change; readers re-check it against the stream.
 */
export class AccountDirectory {
  constructor(private readonly db: SqlDatabase) {}

  async reserve(entry: DirectoryEntry): Promise<void> {
    const write = AccountDirectory.reservation(entry);
    await this.db.query(write.sql, write.params);
  }

  static reservation(entry: DirectoryEntry): SqlWrite {
    return {
      sql: `insert into auth.account_directory (account_id, identifier, employer_id, email) values ($1, $2, $3, $4)`,
      params: [entry.accountId, entry.identifier, entry.employerId, entry.email],
    };
  }

  async release(accountId: string): Promise<void> {
    await this.db.query('delete from auth.account_directory where account_id = $1', [accountId]);
  }

  async findByIdentifier(identifier: string): Promise<DirectoryEntry | undefined> {
    const { rows } = await this.db.query<{ entry: Record<string, string> | null }>(`select ${AccountDirectory.byIdentifierSql} as entry`, [identifier]);
    return AccountDirectory.entryOf(rows[0]!.entry);
  }

  /** findByIdentifier as a scalar subquery on `$1` (one JSON object or null), for a statement that looks up more. */
  static readonly byIdentifierSql = `(select to_jsonb(d) from (select account_id, identifier, employer_id, email
     from auth.account_directory where identifier = $1) d)`;

  /** What byIdentifierSql selected. */
  static entryOf(row: Record<string, string> | null): DirectoryEntry | undefined {
    return row ? toEntry(row) : undefined;
  }

  async findByEmail(email: string): Promise<DirectoryEntry[]> {
    const { rows } = await this.db.query<Record<string, string>>(
      `select account_id, identifier, employer_id, email from auth.account_directory where lower(email) = lower($1) limit 50`,
      [email],
    );
    return rows.map(toEntry);
  }

  async updateEmail(accountId: string, email: string): Promise<void> {
    await this.db.query('update auth.account_directory set email = $2 where account_id = $1', [accountId, email]);
  }
}

function toEntry(row: Record<string, string>): DirectoryEntry {
  return { accountId: row.account_id, identifier: row.identifier, employerId: row.employer_id, email: row.email };
}
