import { mongoMappingOf } from './mongodb/mongo-documents.js';
import { documentKind, kindOfKey, readModelDocuments } from './read-model-documents.js';
import { DocumentTable, SqlTable } from './sql/document-table.js';

interface Member {
  memberId: string;
  teamId: string;
  joinedAt: string;
  leftAt: string | null;
}
interface Team {
  teamId: string;
  size: number;
}

const members = documentKind<Member>()({
  table: 'team_members',
  key: 'memberId',
  kind: 'member',
  fields: {
    memberId: { type: 'text', only: 'mongodb', value: (m) => m.memberId },
    teamId: { type: 'text', value: (m) => m.teamId },
    joinedAt: { type: 'timestamp', value: (m) => m.joinedAt },
    leftAt: { type: 'timestamp', nullable: true, value: (m) => m.leftAt },
    stillIn: { type: 'boolean', only: 'mongodb', value: (m) => m.leftAt === null },
  },
  sqlIndexes: { team_joined: ['teamId', 'joinedAt desc', 'memberId'] },
});
const teams = documentKind<Team>()({ table: 'teams', key: 'teamId', kind: 'team', fields: { size: { type: 'integer', value: (t) => t.size } } });
const model = readModelDocuments({ projection: 'teams', kinds: [members, teams], mongoIndexes: { kind_team: ['kind', 'teamId', 'joinedAt desc', '_id'] } });

const ann: Member = { memberId: 'm-1', teamId: 't-1', joinedAt: '2025-01-06T08:00:00.000Z', leftAt: null };

describe('a read model declared once', () => {
  it('gives SQL a table: the key, a column per field SQL keeps (not null unless nullable), the document, the declared indexes', () => {
    const table = new SqlTable(members);
    expect(table.ddl()).toBe(
      'create table read.team_members (member_id text primary key, team_id text not null, joined_at timestamptz not null, left_at timestamptz, doc jsonb not null)',
    );
    expect(table.columns.map((c) => [c.name, c.type, c.value(ann)])).toEqual([
      ['team_id', 'text', 't-1'],
      ['joined_at', 'timestamptz', '2025-01-06T08:00:00.000Z'],
      ['left_at', 'timestamptz', null],
    ]);
    expect(table.createIndexes()).toBe('create index team_members_team_joined on read.team_members (team_id, joined_at desc, member_id)');
    expect(() => table.createIndex('nope')).toThrow(/declares no index nope/);
  });

  it('keys a table by the declared primary key instead, for a table never read by key', () => {
    const lines = documentKind<{ at: string; seq: string }>()({
      table: 'lines',
      key: 'id',
      primaryKey: ['at', 'seq'],
      fields: { at: { type: 'timestamp', value: (l) => l.at }, seq: { type: 'bigint', value: (l) => l.seq } },
    });
    expect(new SqlTable(lines).ddl()).toBe('create table read.lines (at timestamptz not null, seq bigint not null, doc jsonb not null, primary key (at, seq))');
    expect(() => new DocumentTable(lines)).toThrow(/keyed by its key/);
  });

  it('gives MongoDB the fields it keeps, timestamps as dates, with the kind of each document when there are several', () => {
    const mapping = mongoMappingOf<Member | Team>(model);
    expect(mapping.projection).toBe('teams');
    expect(mapping.fields('member:m-1', ann)).toStrictEqual({
      kind: 'member', memberId: 'm-1', teamId: 't-1', joinedAt: new Date('2025-01-06T08:00:00.000Z'), leftAt: null, stillIn: true,
    });
    expect(mapping.fields('team:t-1', { teamId: 't-1', size: 3 })).toStrictEqual({ kind: 'team', size: 3 });
    expect(() => mapping.fields('coach:c-1', { teamId: 't-1', size: 3 })).toThrow(/no kind of document for key coach:c-1/);
    expect(mapping.indexes).toStrictEqual([{ name: 'kind_team', key: { kind: 1, teamId: 1, joinedAt: -1, _id: 1 } }]);
  });

  it('keeps one kind without prefix or kind field', () => {
    const single = readModelDocuments({ projection: 'teams', kinds: [teams] });
    expect(kindOfKey(single, 't-1')).toEqual({ kind: teams, key: 't-1' });
    expect(mongoMappingOf(single).fields('t-1', { teamId: 't-1', size: 2 })).toStrictEqual({ size: 2 });
    expect(kindOfKey(model, 'member:m-1')).toEqual({ kind: members, key: 'm-1' });
  });

  it('refuses an index on a field it does not declare, or on one the store does not keep, and several kinds without a kind', () => {
    const bad = (sqlIndexes: Record<string, readonly string[]>) => () =>
      documentKind<Member>()({ table: 'x', key: 'memberId', fields: members.fields, sqlIndexes } as never);
    expect(bad({ i: ['teamid'] })).toThrow(/index i names an unknown field teamid/);
    expect(bad({ i: ['stillIn'] })).toThrow(/which SQL does not keep/);
    expect(() => readModelDocuments({ projection: 'teams', kinds: [members, teams], mongoIndexes: { i: ['size', 'nope desc'] } })).toThrow(/index i names an unknown field nope$/);
    const anonymous = documentKind<Team>()({ table: 'teams', key: 'teamId', fields: {} });
    expect(() => readModelDocuments({ projection: 'teams', kinds: [members, anonymous] })).toThrow(/teams needs a kind/);
  });
});
