import type { SqlDatabase } from '@peps/sql';
import type { SqlWrite } from '../../shell/command-side/one-statement.js';

export type LinkPurpose = 'invitation' | 'password-reset';

/** Token hash -> account: lets POST /api/password/setup find the stream that knows the link. */
export class LinkTokens {
  constructor(private readonly db: SqlDatabase) {}

  async register(hash: string, accountId: string, purpose: LinkPurpose): Promise<void> {
    const write = LinkTokens.registration(hash, accountId, purpose);
    await this.db.query(write.sql, write.params);
  }

  static registration(hash: string, accountId: string, purpose: LinkPurpose): SqlWrite {
    return { sql: 'insert into auth.link_tokens (token_hash, account_id, purpose) values ($1, $2, $3)', params: [hash, accountId, purpose] };
  }

  async find(hash: string): Promise<{ accountId: string; purpose: LinkPurpose } | undefined> {
    const { rows } = await this.db.query<{ account_id: string; purpose: LinkPurpose }>(
      'select account_id, purpose from auth.link_tokens where token_hash = $1',
      [hash],
    );
    return rows[0] && { accountId: rows[0].account_id, purpose: rows[0].purpose };
  }

  async forget(hash: string): Promise<void> {
    await this.db.query('delete from auth.link_tokens where token_hash = $1', [hash]);
  }
}
