import { DocumentTable, documentKind, mongoMappingOf, readModelDocuments } from '@peps/read-store';
import type { AdministratorRegistration, RegistrationDocument, RegistrationEmployer } from './evolve-administrator-registrations.js';

/**
 * Each registration, by account (`registration:<accountId>`): table `read.administrator_registrations`. In
 * MongoDB both kinds share the collection `administrator-registrations`, so each keeps its own id as a field too.
 */
export const registrationDocuments = documentKind<AdministratorRegistration>()({
  table: 'administrator_registrations',
  key: 'accountId',
  kind: 'registration',
  fields: {
    accountId: { type: 'text', only: 'mongodb', value: (d) => d.accountId },
    employerId: { type: 'text', value: (d) => d.employerId },
    registeredAt: { type: 'timestamp', value: (d) => d.registeredAt },
    // The MongoDB lookup of the registering administrator reads it (SQL joins on the document's field).
    registeredBy: { type: 'text', nullable: true, only: 'mongodb', value: (d) => d.registeredBy },
    cancelled: { type: 'boolean', value: (d) => d.cancellation !== null },
    letterStatus: { type: 'text', nullable: true, value: (d) => d.letter?.status ?? null },
  },
  sqlIndexes: { date: ['registeredAt desc'] },
});

/** Each employer's current administrators (`employer:<employerId>`): table `read.registration_employers`. */
export const registrationEmployerDocuments = documentKind<RegistrationEmployer>()({
  table: 'registration_employers',
  key: 'employerId',
  kind: 'employer',
  fields: {
    employerId: { type: 'text', only: 'mongodb', value: (d) => d.employerId },
    administratorCount: { type: 'integer', value: (d) => d.administrators.length },
  },
});

export const administratorRegistrationsReadModel = readModelDocuments({
  projection: 'administrator-registrations',
  kinds: [registrationDocuments, registrationEmployerDocuments],
  // The DRS list: newest first, optionally one employer, active or cancelled.
  mongoIndexes: {
    kind_date: ['kind', 'registeredAt desc', '_id'],
    kind_cancelled_date: ['kind', 'cancelled', 'registeredAt desc', '_id'],
    kind_employer_date: ['kind', 'employerId', 'registeredAt desc', '_id'],
  },
});

export const registrationsTable = new DocumentTable(registrationDocuments);

export const registrationEmployersTable = new DocumentTable(registrationEmployerDocuments);

export const administratorRegistrationsMongoMapping = mongoMappingOf<RegistrationDocument>(administratorRegistrationsReadModel);
