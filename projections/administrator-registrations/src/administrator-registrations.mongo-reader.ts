import type { Db, Document } from 'mongodb';
import { LIVE, type StoredDocument } from '@peps/read-store';
import { lettersMongoMapping } from '@peps/letters';
import { administratorRegistrationsMongoMapping } from './administrator-registrations.documents.js';
import { REGISTRATIONS_LIMIT, SENT_LETTER_STATES, type AdministratorRegistrationsReader, type RegistrationFilter, type RegistrationView } from './administrator-registrations.reader.js';
import type { AdministratorRegistration, RegistrationDocument } from './evolve-administrator-registrations.js';

/** Pure: the filter of the list that does not depend on letters. */
export function registrationsMatch(filter: RegistrationFilter): Record<string, unknown> {
  const match: Record<string, unknown> = { kind: 'registration', ...LIVE };
  const status = filter.status ?? 'all';
  if (status === 'active' || status === 'letter-pending') match.cancelled = false;
  if (status === 'cancelled') match.cancelled = true;
  if (filter.employerId !== undefined) match.employerId = filter.employerId;
  return match;
}

/**
 * Pure: the list as an aggregation: the registrations, each account's latest letter (letters collection),
 * its employer's name and administrator count, and the identifier of whoever registered it. "Letter pending" is
 * decided on the latest letter's status, as the SQL query does, so it filters after that lookup.
 */
export function registrationsPipeline(filter: RegistrationFilter): Document[] {
  const pending = (filter.status ?? 'all') === 'letter-pending';
  const pipeline: Document[] = [{ $match: registrationsMatch(filter) }, { $sort: { registeredAt: -1, _id: 1 } }];
  if (!pending) pipeline.push({ $limit: REGISTRATIONS_LIMIT });
  pipeline.push(
    {
      $lookup: {
        from: lettersMongoMapping.projection,
        let: { accountId: '$accountId' },
        pipeline: [
          { $match: { $expr: { $eq: ['$accountId', '$$accountId'] }, ...LIVE } },
          { $sort: { createdAt: -1, _id: 1 } },
          { $limit: 1 },
          { $project: { _id: 1, status: 1, updatedAt: '$doc.updatedAt' } },
        ],
        as: 'latestLetter',
      },
    },
    { $set: { latestLetter: { $arrayElemAt: ['$latestLetter', 0] } } },
  );
  if (pending) {
    pipeline.push(
      { $match: { $expr: { $not: [{ $in: [{ $ifNull: ['$latestLetter.status', { $ifNull: ['$letterStatus', 'none'] }] }, [...SENT_LETTER_STATES]] }] } } },
      { $limit: REGISTRATIONS_LIMIT },
    );
  }
  pipeline.push(
    {
      $lookup: {
        from: administratorRegistrationsMongoMapping.projection,
        let: { employerKey: { $concat: ['employer:', '$employerId'] } },
        pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$employerKey'] }, ...LIVE } }, { $project: { _id: 0, name: '$doc.name', administratorCount: 1 } }],
        as: 'employer',
      },
    },
    {
      $lookup: {
        from: administratorRegistrationsMongoMapping.projection,
        let: { creatorKey: { $concat: ['registration:', { $ifNull: ['$registeredBy', ''] }] } },
        pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$creatorKey'] }, ...LIVE } }, { $project: { _id: 0, identifier: '$doc.identifier' } }],
        as: 'creator',
      },
    },
    {
      $project: {
        _id: 0,
        doc: 1,
        latestLetter: 1,
        employer: { $arrayElemAt: ['$employer', 0] },
        creator: { $arrayElemAt: ['$creator', 0] },
      },
    },
  );
  return pipeline;
}

export interface RegistrationRow {
  doc: AdministratorRegistration;
  latestLetter?: { _id: string; status?: string | null; updatedAt?: string | null };
  employer?: { name?: string | null; administratorCount?: number | null };
  creator?: { identifier?: string | null };
}

/** Pure: one aggregation result → the view the DRS page shows (same shape as the SQL query's). */
export function toRegistrationView(row: RegistrationRow): RegistrationView {
  const letter = row.latestLetter
    ? { letterId: row.latestLetter._id, status: row.latestLetter.status ?? 'requested', at: row.latestLetter.updatedAt ?? '' }
    : row.doc.letter;
  return {
    ...row.doc,
    letter,
    employerName: row.employer?.name ?? '',
    employerHasAdministrator: Number(row.employer?.administratorCount ?? 0) > 0,
    registeredByIdentifier: row.creator?.identifier ?? null,
  };
}

export class MongoAdministratorRegistrationsReader implements AdministratorRegistrationsReader {
  constructor(private readonly db: Db) {}

  private get collection() {
    return this.db.collection<StoredDocument<RegistrationDocument>>(administratorRegistrationsMongoMapping.projection);
  }

  async list(filter: RegistrationFilter = {}): Promise<RegistrationView[]> {
    const rows = await this.collection.aggregate<RegistrationRow>(registrationsPipeline(filter)).toArray();
    return rows.map(toRegistrationView);
  }

  async employerExists(employerId: string): Promise<boolean> {
    const found = await this.collection.findOne({ _id: `employer:${employerId}`, ...LIVE }, { projection: { _id: 1 } });
    return found !== null;
  }
}
