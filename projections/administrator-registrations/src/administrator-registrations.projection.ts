import type { Projection } from '@peps/read-store';
import { registrationEmployersTable, registrationsTable } from './administrator-registrations.documents.js';
import {
  evolveRegistrations,
  registrationEventTypes,
  registrationKeys,
  type AdministratorRegistration,
  type RegistrationDocument,
  type RegistrationEmployer,
} from './evolve-administrator-registrations.js';

const split = (keys: readonly string[], prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** Its readers read the letters read model too (the letters projection): migrate both. */
export const administratorRegistrationsProjection: Projection<RegistrationDocument> = {
  name: 'administrator-registrations',
  version: 1,
  eventTypes: registrationEventTypes,
  migrations: [
    {
      version: 1,
      name: 'administrator registrations and employers',
      sql: `${registrationsTable.ddl()}; ${registrationEmployersTable.ddl()};\n${registrationsTable.createIndexes()}`,
    },
  ],
  tables: ['administrator_registrations', 'registration_employers'],
  keys: registrationKeys,
  evolve: (doc, event) => evolveRegistrations(doc, event),
  async load(tx, keys) {
    const [registrations, employers] = await Promise.all([
      registrationsTable.load(tx, split(keys, 'registration:')),
      registrationEmployersTable.load(tx, split(keys, 'employer:')),
    ]);
    return new Map<string, RegistrationDocument>([
      ...[...registrations].map(([k, v]) => [`registration:${k}`, v] as const),
      ...[...employers].map(([k, v]) => [`employer:${k}`, v] as const),
    ]);
  },
  async save(tx, changes) {
    const pick = <D>(prefix: string) =>
      new Map([...changes].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v as D | null]));
    await registrationsTable.save(tx, pick<AdministratorRegistration>('registration:'));
    await registrationEmployersTable.save(tx, pick<RegistrationEmployer>('employer:'));
  },
};
