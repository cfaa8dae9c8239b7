import type { SqlDatabase } from '@peps/sql';
import { AccountDirectory, type DirectoryEntry } from '../../shell/command-side/account-directory.js';
import type { IssuedLink } from '../../access/links/link-delivery.js';
import { LinkTokens } from '../../access/links/link-tokens.js';
import { writeInOneStatement } from '../../shell/command-side/one-statement.js';
import { OutgoingLinks, type OutgoingLink } from '../../access/links/outgoing-links.js';

/**
 * The rows a new account needs before its events are appended (directory entry, link-token hash, raw token for the
 * mail sender), written together in one round trip; `unstage` removes them when the append does not happen.
 * Same rows and same order of effects as writing them one by one (see each class for why they come first).
 */
export class AccountStaging {
  constructor(private readonly db: SqlDatabase) {}

  async stage(entry: DirectoryEntry, link: IssuedLink, outgoing: readonly OutgoingLink[]): Promise<void> {
    await writeInOneStatement(this.db, [
      AccountDirectory.reservation(entry),
      LinkTokens.registration(link.hash, entry.accountId, link.purpose),
      ...outgoing.map((row) => OutgoingLinks.insertion(row)),
    ]);
  }

  async unstage(accountId: string, link: IssuedLink, outgoing: readonly OutgoingLink[]): Promise<void> {
    await writeInOneStatement(this.db, [
      { sql: 'delete from auth.account_directory where account_id = $1', params: [accountId] },
      { sql: 'delete from auth.link_tokens where token_hash = $1', params: [link.hash] },
      ...outgoing.map((row) => ({ sql: 'delete from auth.outgoing_links where id = $1', params: [row.id] })),
    ]);
  }
}
