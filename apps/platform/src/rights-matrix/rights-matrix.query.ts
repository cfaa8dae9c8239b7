import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isUUID } from 'class-validator';
import { isMongoReadStore } from '../../../../libs/read-store/src/index.js';
import { employerExistsMongo } from '../../../../projections/administrator-registrations/src/administrator-registrations.mongo.js';
import { rightsMatrixCsv, rightsMatrixRows, toRightsMatrix, type RightsMatrix } from '../../../../projections/rights-matrix/src/index.js';
import { rightsMatrixRowsMongo } from '../../../../projections/rights-matrix/src/rights-matrix.mongo.js';
import type { AuthenticatedActor } from '../auth/access.decorators.js';
import { assertEmployerVisible } from '../read-models/actor-scope.js';
import { employerExists } from '../read-models/employers.js';
import { READ_STORE } from '../read-models/read-models.tokens.js';
import type { PlatformReadStore } from '../read-models/read-store-selection.js';
import { ReadYourWrites } from '../read-models/read-your-writes.js';

export class GetRightsMatrix extends Query<RightsMatrix | string> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly employerId: string,
    readonly format: 'json' | 'csv',
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(GetRightsMatrix)
export class GetRightsMatrixHandler implements IQueryHandler<GetRightsMatrix> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: PlatformReadStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ actor, employerId, format, minPosition }: GetRightsMatrix): Promise<RightsMatrix | string> {
    // Not an employer id (e.g. a NUL byte, which PostgreSQL refuses in text): unknown, like any other id.
    if (!isUUID(employerId)) throw new NotFoundException();
    assertEmployerVisible(actor, employerId, ['auditor', 'drs']);
    await this.readYourWrites.wait(['rights-matrix', 'administrator-registrations'], minPosition);
    const rs = this.readStore;
    const exists = isMongoReadStore(rs) ? await employerExistsMongo(rs.db, employerId) : await employerExists(rs.db, employerId);
    if (!exists) throw new NotFoundException();
    const rows = isMongoReadStore(rs) ? await rightsMatrixRowsMongo(rs.db, employerId) : await rightsMatrixRows(rs.db, employerId);
    return format === 'csv' ? rightsMatrixCsv(rows) : toRightsMatrix(employerId, rows);
  }
}
