import type { SqlExecutor } from '@peps/sql';
import { REGISTRATIONS_LIMIT, SENT_LETTER_STATES, type AdministratorRegistrationsReader, type RegistrationFilter, type RegistrationView } from './administrator-registrations.reader.js';
import type { AdministratorRegistration } from './evolve-administrator-registrations.js';

const sent = SENT_LETTER_STATES.map((s) => `'${s}'`).join(', ');

const conditions = {
  all: 'true',
  active: 'not r.cancelled',
  cancelled: 'r.cancelled',
  'letter-pending': `not r.cancelled and coalesce(l.status, r.letter_status, 'none') not in (${sent})`,
};

export class SqlAdministratorRegistrationsReader implements AdministratorRegistrationsReader {
  constructor(private readonly db: SqlExecutor) {}

  async list(filter: RegistrationFilter = {}): Promise<RegistrationView[]> {
    const condition = conditions[filter.status ?? 'all'];
    const { rows } = await this.db.query<{
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
       order by r.registered_at desc, r.account_id limit ${REGISTRATIONS_LIMIT}`,
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

  async employerExists(employerId: string): Promise<boolean> {
    const { rows } = await this.db.query('select 1 from read.registration_employers where employer_id = $1', [employerId]);
    return rows.length > 0;
  }
}
