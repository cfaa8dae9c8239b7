import { DocumentTable, type Projection } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import {
  evolveRegistrations,
  registrationEventTypes,
  registrationKeys,
  type AdministratorRegistration,
  type RegistrationDocument,
  type RegistrationEmployer,
} from './evolve-administrator-registrations.js';

export const registrationsTable = new DocumentTable<AdministratorRegistration>('administrator_registrations', 'account_id', {
  employer_id: { type: 'text not null', value: (d) => d.employerId },
  registered_at: { type: 'timestamptz not null', value: (d) => d.registeredAt },
  cancelled: { type: 'boolean not null', value: (d) => d.cancellation !== null },
  letter_status: { type: 'text', value: (d) => d.letter?.status ?? null },
});

export const registrationEmployersTable = new DocumentTable<RegistrationEmployer>('registration_employers', 'employer_id', {
  administrator_count: { type: 'integer not null', value: (d) => d.administrators.length },
});

const split = (keys: readonly string[], prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** Reads `read.letters` too (the letters projection): migrate both. */
export const administratorRegistrationsProjection: Projection<RegistrationDocument> = {
  name: 'administrator-registrations',
  version: 1,
  eventTypes: registrationEventTypes,
  migrations: [
    {
      version: 1,
      name: 'administrator registrations and employers',
      sql: `${registrationsTable.ddl()}; ${registrationEmployersTable.ddl()};
        create index administrator_registrations_date on read.administrator_registrations (registered_at desc)`,
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

export type RegistrationStatusFilter = 'active' | 'cancelled' | 'letter-pending' | 'all';

export interface RegistrationView extends AdministratorRegistration {
  employerName: string;
  /** False when the employer has no administrator left: the DRS must act. */
  employerHasAdministrator: boolean;
  /** Identifier of whoever created or promoted, when it was an account we know. */
  registeredByIdentifier: string | null;
}

export async function listRegistrations(db: SqlExecutor, filter: { status?: RegistrationStatusFilter; employerId?: string } = {}): Promise<RegistrationView[]> {
  const status = filter.status ?? 'all';
  const condition = {
    all: 'true',
    active: 'not r.cancelled',
    cancelled: 'r.cancelled',
    'letter-pending': `not r.cancelled and coalesce(l.status, r.letter_status, 'none') not in ('sent-to-mailroom', 'sent')`,
  }[status];
  const { rows } = await db.query<{
    doc: AdministratorRegistration;
    employer_name: string | null;
    admins: number | null;
    creator: string | null;
    letter_id: string | null;
    letter_state: string | null;
    letter_at: string | null;
  }>(
    // Letter events need not name the account on every step: the letters read model knows each letter's latest state.
    `select r.doc, e.doc->>'name' as employer_name, e.administrator_count as admins, c.doc->>'identifier' as creator,
            l.letter_id, l.status as letter_state, l.doc->>'updatedAt' as letter_at
     from read.administrator_registrations r
     left join lateral (select letter_id, status, doc from read.letters where account_id = r.account_id
                        order by created_at desc limit 1) l on true
     left join read.registration_employers e on e.employer_id = r.employer_id
     left join read.administrator_registrations c on c.account_id = r.doc->>'registeredBy'
     where ${condition} and ($1::text is null or r.employer_id = $1)
     order by r.registered_at desc, r.account_id limit 2000`,
    [filter.employerId ?? null],
    { prepare: false }, // optional filter: a plan for it or for all employers
  );
  return rows.map((r) => ({
    ...r.doc,
    letter: r.letter_id ? { letterId: r.letter_id, status: r.letter_state ?? 'requested', at: r.letter_at ?? '' } : r.doc.letter,
    employerName: r.employer_name ?? '',
    employerHasAdministrator: Number(r.admins ?? 0) > 0,
    registeredByIdentifier: r.creator,
  }));
}
