export * from './event-store.port.js';
export * from './errors.js';
export { canonicalJson, contentHash, chainHash, sha256Hex, storedEventHash } from './canonical-json.js';
export { MAX_EVENT_BYTES, validateStreamName } from './append-validation.js';
export { SqlEventStore, type EventRow, type SqlEventStoreOptions } from './sql/sql-event-store.js';
export { eventStoreMigrations } from './sql/event-store-migrations.js';
export { KurrentDbEventStore, MultiStreamAppendIncompleteError, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store.js';
export { openEventStore } from './open-event-store.js';
export * from './runner/index.js';
