// Every read model of the platform, in one list for the runtime, the CLI and the bench.
import type { MongoProjectionMapping, Projection } from '@peps/read-store';
import { accountListMongoMapping } from '@peps/account-list';
import { accountListProjection } from '@peps/account-list';
import { administratorRegistrationsMongoMapping } from '@peps/administrator-registrations';
import { administratorRegistrationsProjection } from '@peps/administrator-registrations';
import { auditTrailMongoMapping } from '@peps/audit-trail';
import { auditTrailProjection } from '@peps/audit-trail';
import { lettersMongoMapping } from '@peps/letters';
import { lettersProjection } from '@peps/letters';
import { rightsMatrixMongoMapping } from '@peps/rights-matrix';
import { rightsMatrixProjection } from '@peps/rights-matrix';

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
