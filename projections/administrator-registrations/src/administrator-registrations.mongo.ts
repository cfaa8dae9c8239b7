import type { Db, Document } from 'mongodb';
import { LIVE, type MongoProjectionMapping, type StoredDocument } from '@peps/read-store';
import { lettersMongoMapping } from '@peps/letters';
import type { RegistrationStatusFilter, RegistrationView } from './administrator-registrations.projection.js';
import type { AdministratorRegistration, RegistrationDocument, RegistrationEmployer } from './evolve-administrator-registrations.js';

/**
 * MongoDB counterpart of `registrationsTable` and `registrationEmployersTable`: one collection
 * `administrator-registrations` holding both kinds, `_id` = the projection key (`registration:<accountId>`,
 * `employer:<employerId>`), told apart by `kind`.
 */
export const administratorRegistrationsMongoMapping: MongoProjectionMapping<RegistrationDocument> = {
  projection: 'administrator-registrations',
  fields(key, d) {
    if (key.startsWith('employer:')) {
      const e = d as RegistrationEmployer;
      return { kind: 'employer', employerId: e.employerId, administratorCount: e.administrators.length };
    }
    const r = d as AdministratorRegistration;
    return {
      kind: 'registration',
      accountId: r.accountId,
      employerId: r.employerId,
      registeredAt: new Date(r.registeredAt),
      registeredBy: r.registeredBy,
      cancelled: r.cancellation !== null,
      letterStatus: r.letter?.status ?? null,
    };
  },
  indexes: [
    // The DRS list: newest first, optionally one employer, active or cancelled.
    { name: 'kind_date', key: { kind: 1, registeredAt: -1, _id: 1 } },
    { name: 'kind_cancelled_date', key: { kind: 1, cancelled: 1, registeredAt: -1, _id: 1 } },
    { name: 'kind_employer_date', key: { kind: 1, employerId: 1, registeredAt: -1, _id: 1 } },
  ],
};

const LIMIT = 2000;
const SENT = ['sent-to-mailroom', 'sent'];

/** Pure: the `where` of `listRegistrations` that does not depend on letters. */
export function registrationsMatch(filter: { status?: RegistrationStatusFilter; employerId?: string }): Record<string, unknown> {
  const match: Record<string, unknown> = { kind: 'registration', ...LIVE };
  const status = filter.status ?? 'all';
  if (status === 'active' || status === 'letter-pending') match.cancelled = false;
  if (status === 'cancelled') match.cancelled = true;
  if (filter.employerId !== undefined) match.employerId = filter.employerId;
  return match;
}

/**
 * Pure: `listRegistrations` as an aggregation: the registrations, each account's latest letter (letters collection),
 * its employer's name and administrator count, and the identifier of whoever registered it. "Letter pending" is
 * decided on the latest letter's status, as the SQL query does, so it filters after that lookup.
 */
export function registrationsPipeline(filter: { status?: RegistrationStatusFilter; employerId?: string }): Document[] {
  const pending = (filter.status ?? 'all') === 'letter-pending';
  const pipeline: Document[] = [{ $match: registrationsMatch(filter) }, { $sort: { registeredAt: -1, _id: 1 } }];
  if (!pending) pipeline.push({ $limit: LIMIT });
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
      { $match: { $expr: { $not: [{ $in: [{ $ifNull: ['$latestLetter.status', { $ifNull: ['$letterStatus', 'none'] }] }, SENT] }] } } },
      { $limit: LIMIT },
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

/** `listRegistrations` on MongoDB. */
export async function listRegistrationsMongo(db: Db, filter: { status?: RegistrationStatusFilter; employerId?: string } = {}): Promise<RegistrationView[]> {
  const rows = await db
    .collection<StoredDocument<RegistrationDocument>>(administratorRegistrationsMongoMapping.projection)
    .aggregate<RegistrationRow>(registrationsPipeline(filter))
    .toArray();
  return rows.map(toRegistrationView);
}

/** `employerExists` (apps/platform/src/read-models/employers.ts) on MongoDB: an employer the registrations know. */
export async function employerExistsMongo(db: Db, employerId: string): Promise<boolean> {
  const found = await db
    .collection<StoredDocument<RegistrationDocument>>(administratorRegistrationsMongoMapping.projection)
    .findOne({ _id: `employer:${employerId}`, ...LIVE }, { projection: { _id: 1 } });
  return found !== null;
}
