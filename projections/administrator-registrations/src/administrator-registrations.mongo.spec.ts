import { LIVE } from '@peps/read-store';
import { administratorRegistrationsProjection } from './administrator-registrations.projection.js';
import { administratorRegistrationsMongoMapping } from './administrator-registrations.documents.js';
import { registrationsMatch, registrationsPipeline, toRegistrationView } from './administrator-registrations.mongo-reader.js';
import type { AdministratorRegistration } from './evolve-administrator-registrations.js';

const registration: AdministratorRegistration = {
  accountId: 'a-1', employerId: 'e-1', identifier: 'EDU000001', civility: 'madame', lastName: 'Dupré', firstName: 'Éloïse',
  email: 'e@chu.fr', kind: 'creation', registeredAt: '2025-01-06T08:00:00.000Z', registeredBy: 'a-0',
  letter: { letterId: 'l-0', status: 'requested', at: '2025-01-06T08:00:00.000Z' }, cancellation: null, accountClosed: false,
};

describe('administrator-registrations on MongoDB', () => {
  it('keeps registrations and employers in one collection, told apart by kind', () => {
    expect(administratorRegistrationsMongoMapping.projection).toBe(administratorRegistrationsProjection.name);
    expect(administratorRegistrationsMongoMapping.fields('registration:a-1', registration)).toEqual({
      kind: 'registration', accountId: 'a-1', employerId: 'e-1', registeredAt: new Date('2025-01-06T08:00:00.000Z'), registeredBy: 'a-0',
      cancelled: false, letterStatus: 'requested',
    });
    expect(administratorRegistrationsMongoMapping.fields('employer:e-1', { employerId: 'e-1', name: 'CHU', siret: '1', administrators: ['a-1', 'a-2'] })).toEqual({
      kind: 'employer', employerId: 'e-1', administratorCount: 2,
    });
  });

  it('filters by status and employer', () => {
    expect(registrationsMatch({})).toEqual({ kind: 'registration', ...LIVE });
    expect(registrationsMatch({ status: 'active' })).toEqual({ kind: 'registration', ...LIVE, cancelled: false });
    expect(registrationsMatch({ status: 'cancelled', employerId: 'e-1' })).toEqual({ kind: 'registration', ...LIVE, cancelled: true, employerId: 'e-1' });
    expect(registrationsMatch({ status: 'letter-pending' })).toEqual({ kind: 'registration', ...LIVE, cancelled: false });
  });

  it('limits before the letter lookup, except for "letter pending" which is decided on the latest letter', () => {
    const stages = (status?: 'all' | 'letter-pending') => registrationsPipeline({ status }).map((s) => Object.keys(s)[0]);
    expect(stages('all').slice(0, 4)).toEqual(['$match', '$sort', '$limit', '$lookup']);
    expect(stages('letter-pending').slice(0, 6)).toEqual(['$match', '$sort', '$lookup', '$set', '$match', '$limit']);
    const pending = registrationsPipeline({ status: 'letter-pending' })[4];
    expect(JSON.stringify(pending)).toContain('"sent-to-mailroom","sent"');
    expect(registrationsPipeline({})[0].$match).toEqual(registrationsMatch({}));
  });

  it('shows the latest letter, the employer and the registering administrator like the SQL query', () => {
    expect(
      toRegistrationView({
        doc: registration,
        latestLetter: { _id: 'l-2', status: 'sent', updatedAt: '2025-01-07T00:00:00.000Z' },
        employer: { name: 'CHU', administratorCount: 1 },
        creator: { identifier: 'ADM000001' },
      }),
    ).toEqual({
      ...registration,
      letter: { letterId: 'l-2', status: 'sent', at: '2025-01-07T00:00:00.000Z' },
      employerName: 'CHU',
      employerHasAdministrator: true,
      registeredByIdentifier: 'ADM000001',
    });
    expect(toRegistrationView({ doc: registration })).toEqual({
      ...registration, employerName: '', employerHasAdministrator: false, registeredByIdentifier: null,
    });
  });

  it('has an index for the list with each filter', () => {
    const keys = administratorRegistrationsMongoMapping.indexes.map((i) => i.key);
    expect(keys).toContainEqual({ kind: 1, registeredAt: -1, _id: 1 });
    expect(keys).toContainEqual({ kind: 1, cancelled: 1, registeredAt: -1, _id: 1 });
    expect(keys).toContainEqual({ kind: 1, employerId: 1, registeredAt: -1, _id: 1 });
  });
});
