import type { SqlExecutor } from '@peps/sql';

/** Whether an employer exists, from the administrator-registrations read model (which keeps every employer). */
export async function employerExists(db: SqlExecutor, employerId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from read.registration_employers where employer_id = $1', [employerId]);
  return rows.length > 0;
}
