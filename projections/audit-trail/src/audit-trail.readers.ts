import type { ReaderImplementations } from '@peps/read-store';
import { MongoAuditTrailReader } from './audit-trail.mongo-reader.js';
import type { AuditTrailReader } from './audit-trail.reader.js';
import { SqlAuditTrailReader } from './audit-trail.sql-reader.js';

export const auditTrailReaders: ReaderImplementations<AuditTrailReader> = {
  sql: (db) => new SqlAuditTrailReader(db),
  mongodb: (db) => new MongoAuditTrailReader(db),
};
