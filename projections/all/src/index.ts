// Every read model of the platform, in one list for the runtime, the CLI and the bench.
import type { MongoProjectionMapping, Projection, ReaderOf } from '@peps/read-store';
import { accountListMongoMapping, accountListProjection, accountListReaders } from '@peps/account-list';
import { administratorRegistrationsMongoMapping, administratorRegistrationsProjection, administratorRegistrationsReaders } from '@peps/administrator-registrations';
import { auditTrailMongoMapping, auditTrailProjection, auditTrailReaders } from '@peps/audit-trail';
import { lettersMongoMapping, lettersProjection, lettersReaders } from '@peps/letters';
import { rightsMatrixMongoMapping, rightsMatrixProjection, rightsMatrixReaders } from '@peps/rights-matrix';

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

/** Each read model's reader port with its SQL and MongoDB implementations: the runtime builds those of its read store. */
export const allReaderImplementations = {
  accountList: accountListReaders,
  rightsMatrix: rightsMatrixReaders,
  administratorRegistrations: administratorRegistrationsReaders,
  letters: lettersReaders,
  auditTrail: auditTrailReaders,
} as const;

/** One reader per read model, of one read store. */
export type ReadModelReaders = { readonly [name in keyof typeof allReaderImplementations]: ReaderOf<(typeof allReaderImplementations)[name]> };
