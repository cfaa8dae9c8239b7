export * from './describe-event.js';
export * from './audit-lines-table.js';
export * from './audit-trail.projection.js';
export * from './audit-trail.queries.js';
export * from './account-history.js';
export * from './audit-trail.mongo.js';
