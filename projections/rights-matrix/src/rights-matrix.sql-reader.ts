import type { SqlExecutor } from '@peps/sql';
import type { RightsMatrixRow } from './evolve-rights-matrix.js';
import type { RightsMatrixReader } from './rights-matrix.reader.js';

export class SqlRightsMatrixReader implements RightsMatrixReader {
  constructor(private readonly db: SqlExecutor) {}

  async rows(employerId: string): Promise<RightsMatrixRow[]> {
    const { rows } = await this.db.query<{ doc: RightsMatrixRow | string }>(
      'select doc from read.rights_matrix where employer_id = $1 order by sort_name, account_id',
      [employerId],
      { prepare: false }, // employers of 5 or 5,000 accounts: planned for the one asked
    );
    return rows.map((r) => (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc));
  }
}
