import type { Db } from 'mongodb';
import type { SqlExecutor } from '@peps/sql';

/**
 * A read model's reader port, implemented once per read store. Whoever opens the read store picks the matching one
 * (`@peps/runtime`'s read side); the query handlers only know the port.
 */
export interface ReaderImplementations<Reader> {
  sql(db: SqlExecutor): Reader;
  mongodb(db: Db): Reader;
}

export type ReaderOf<Implementations> = Implementations extends ReaderImplementations<infer Reader> ? Reader : never;
