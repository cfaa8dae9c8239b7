import type { RightsMatrixRow } from './evolve-rights-matrix.js';

/** The rights matrix, on whichever read store (`SqlRightsMatrixReader`, `MongoRightsMatrixReader`). */
export interface RightsMatrixReader {
  /** One employer's accounts, by name (accent- and case-free), then by account id. */
  rows(employerId: string): Promise<RightsMatrixRow[]>;
}
