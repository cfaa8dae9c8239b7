import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isUUID } from 'class-validator';
import type { AdministratorRegistrationsReader } from '@peps/administrator-registrations';
import { rightsMatrixCsv, toRightsMatrix, type RightsMatrix, type RightsMatrixReader } from '@peps/rights-matrix';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { assertEmployerVisible } from '../../shell/query-side/actor-scope.js';
import { ADMINISTRATOR_REGISTRATIONS_READER, ReadYourWrites, RIGHTS_MATRIX_READER } from '@peps/runtime';

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
    @Inject(RIGHTS_MATRIX_READER) private readonly matrix: RightsMatrixReader,
    // Every employer is known to the registrations read model.
    @Inject(ADMINISTRATOR_REGISTRATIONS_READER) private readonly registrations: AdministratorRegistrationsReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ actor, employerId, format, minPosition }: GetRightsMatrix): Promise<RightsMatrix | string> {
    // Not an employer id (e.g. a NUL byte, which PostgreSQL refuses in text): unknown, like any other id.
    if (!isUUID(employerId)) throw new NotFoundException();
    assertEmployerVisible(actor, employerId, ['auditor', 'drs']);
    await this.readYourWrites.wait(['rights-matrix', 'administrator-registrations'], minPosition);
    if (!(await this.registrations.employerExists(employerId))) throw new NotFoundException();
    const rows = await this.matrix.rows(employerId);
    return format === 'csv' ? rightsMatrixCsv(rows) : toRightsMatrix(employerId, rows);
  }
}
