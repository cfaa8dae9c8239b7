import { ERASED_VALUE } from '@peps/domain';
import type { SqlExecutor } from '@peps/sql';

/**
 * The platform's own SQL tables that hold a person's values outside the event log (schema `auth`, owned by
 * @peps/runtime): what an erasure removes there. Each statement is idempotent.
 * - sessions carry the holder's display name; link tokens, second-factor challenges and raw outgoing links are
 *   working state of an account that can no longer sign in: all deleted;
 * - the directory row stays (an identifier is never given twice) but forgets the e-mail address.
 */
export async function purgeAuthTablesOf(db: SqlExecutor, accountId: string): Promise<void> {
  await db.query('delete from auth.sessions where account_id = $1::uuid', [accountId]);
  await db.query('delete from auth.link_tokens where account_id = $1::uuid', [accountId]);
  await db.query('delete from auth.second_factor_challenges where holder_id = $1::uuid', [accountId]);
  // "Identifiant oublié ?" requests name their accounts in the payload, not in account_id.
  await db.query(
    `delete from auth.outgoing_links where account_id = $1::uuid or coalesce(payload->'accountIds', '[]'::jsonb) ? $1::text`,
    [accountId],
  );
  await db.query('update auth.account_directory set email = $2 where account_id = $1::uuid and email <> $2', [accountId, ERASED_VALUE]);
}
