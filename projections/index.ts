// Every read model of the platform, in one list for the runtime, the CLI and the bench.
import type { MongoProjectionMapping, Projection } from '../libs/read-store/src/index.js';
import { accountListMongoMapping } from './account-list/src/account-list.mongo.js';
import { accountListProjection } from './account-list/src/account-list.projection.js';
import { administratorRegistrationsMongoMapping } from './administrator-registrations/src/administrator-registrations.mongo.js';
import { administratorRegistrationsProjection } from './administrator-registrations/src/administrator-registrations.projection.js';
import { auditTrailMongoMapping } from './audit-trail/src/audit-trail.mongo.js';
import { auditTrailProjection } from './audit-trail/src/audit-trail.projection.js';
import { lettersMongoMapping } from './letters/src/letters.mongo.js';
import { lettersProjection } from './letters/src/letters.projection.js';
import { rightsMatrixMongoMapping } from './rights-matrix/src/rights-matrix.mongo.js';
import { rightsMatrixProjection } from './rights-matrix/src/rights-matrix.projection.js';

export const allProjections: readonly Projection[] = [
  accountListProjection,
  rightsMatrixProjection,
  administratorRegistrationsProjection,
  lettersProjection,
  auditTrailProjection,
];

/** The MongoDB mapping of each projection (`MONGODB_URL`), in the order of `allProjections`. */
export const allMongoMappings: readonly MongoProjectionMapping[] = [
  accountListMongoMapping,
  rightsMatrixMongoMapping,
  administratorRegistrationsMongoMapping,
  lettersMongoMapping,
  auditTrailMongoMapping,
];

export const projectionNames = allProjections.map((p) => p.name);
