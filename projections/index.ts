// Every read model of the platform, in one list for the runtime, the CLI and the bench.
import type { Projection } from '../libs/read-store/src/index.js';
import { accountListProjection } from './account-list/src/account-list.projection.js';
import { administratorRegistrationsProjection } from './administrator-registrations/src/administrator-registrations.projection.js';
import { auditTrailProjection } from './audit-trail/src/audit-trail.projection.js';
import { lettersProjection } from './letters/src/letters.projection.js';
import { rightsMatrixProjection } from './rights-matrix/src/rights-matrix.projection.js';

export const allProjections: readonly Projection[] = [
  accountListProjection,
  rightsMatrixProjection,
  administratorRegistrationsProjection,
  lettersProjection,
  auditTrailProjection,
];

export const projectionNames = allProjections.map((p) => p.name);
