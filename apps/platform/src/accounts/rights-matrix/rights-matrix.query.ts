import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isUUID } from 'class-validator';
import { isMongoReadStore } from '@peps/read-store';
import { employerExistsMongo } from '@peps/administrator-registrations';
import { rightsMatrixCsv, rightsMatrixRows, toRightsMatrix, type RightsMatrix } from '@peps/rights-matrix';
import { rightsMatrixRowsMongo } from '@peps/rights-matrix';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { assertEmployerVisible } from '../../shell/query-side/actor-scope.js';
import { employerExists } from '../../shell/query-side/employers.js';
import { READ_STORE } from '@peps/runtime';
import type { PlatformReadStore } from '@peps/runtime';
import { ReadYourWrites } from '@peps/runtime';

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
