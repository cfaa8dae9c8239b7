import { ERASED_VALUE } from '@peps/domain';
import { foldDocuments, foldFromPositions, type Loaded, type ProjectedEvent, type Projection } from '@peps/read-store';
import { allProjections } from './index.js';
import { accountLife, distinctiveValues, erasedId, keptId, readAfterErasure, type LifeEvent } from './testing/erasure-life.js';

/** The life as the runner hands it to projections: stream versions and log positions in order. */
function projected(life: readonly LifeEvent[]): ProjectedEvent[] {
  const versions = new Map<string, number>();
  return life.map((e, i) => {
    const version = (versions.get(e.stream) ?? 0) + 1;
    versions.set(e.stream, version);
    const occurredAt = new Date(Date.UTC(2025, 0, 6, 8, i)).toISOString();
    return {
      id: `event-${i}`, stream: e.stream, version, type: e.type, data: e.data, metadata: { actor: e.actor, correlationId: `c-${i}`, occurredAt },
      occurredAt, transactionId: BigInt(i + 1), position: BigInt(i + 1),
    };
  });
}

/** SQL: the runner folds a batch over the documents in memory. */
const sqlFold = (projection: Projection, events: ProjectedEvent[]) => {
  const documents = new Map<string, unknown>();
  foldDocuments(projection, documents, events);
  return new Map([...documents].filter(([, doc]) => doc !== null));
};

/** MongoDB: each document takes only the events after its last position. */
const mongoFold = (projection: Projection, events: ProjectedEvent[]) => {
  const documents = new Map<string, Loaded<unknown>>();
  foldFromPositions(projection, documents, events);
  return new Map([...documents].filter(([, loaded]) => loaded.doc !== null).map(([key, loaded]) => [key, loaded.doc]));
};

const life = accountLife();
const beforeErasure = life.slice(0, -1);
// The same log read after the erasure: the erased account's values read « donnée effacée ».
const erasedLog = life.map((e) => ({ ...e, data: readAfterErasure(e.type, e.data, erasedId) }));
const text = (documents: Map<string, unknown>) => JSON.stringify([...documents]);

/** Whether the read model keeps personal values of the holder at all: those must show the erased form afterwards. */
const keepsPersonalValues: Record<string, boolean> = {
  'account-list': true,
  'rights-matrix': false, // a deleted account leaves the matrix
  'administrator-registrations': true,
  letters: false, // the recipient is the employer's legal representative
  'audit-trail': true,
};

describe('a read model after a personal-data erasure', () => {
  it('says, for every projection, whether it keeps the holder’s personal values', () => {
    expect(Object.keys(keepsPersonalValues).sort()).toEqual(allProjections.map((p) => p.name).sort());
  });

  it('is given a log whose erased form differs only in personal values', () => {
    expect(JSON.stringify(erasedLog)).not.toMatch(new RegExp(distinctiveValues.join('|')));
    expect(erasedLog.map((e) => [e.stream, e.type])).toEqual(life.map((e) => [e.stream, e.type]));
  });

  describe.each(allProjections.map((projection) => [projection.name, projection] as const))('%s', (name, projection) => {
    it.each([
      ['SQL', sqlFold],
      ['MongoDB', mongoFold],
    ] as const)('given the life of an account then its erasure, the live read model on %s equals the one rebuilt from the erased log', (_store, fold) => {
      const live = fold(projection, projected(life));
      const rebuilt = fold(projection, projected(erasedLog));

      expect(live).toEqual(rebuilt);
      expect(text(live)).not.toMatch(new RegExp(distinctiveValues.join('|')));
      if (keepsPersonalValues[name]) {
        // Not trivially equal: before the erasure the read model held the values, afterwards it shows their erased form.
        expect(text(fold(projection, projected(beforeErasure)))).toMatch(/Quercy-Zébulon|Ondine/);
        expect(text(live)).toContain(ERASED_VALUE);
      }
    });
  });

  it('leaves the other account of the employer as it was', () => {
    for (const projection of allProjections) {
      const live = sqlFold(projection, projected(life));
      const withoutErasure = sqlFold(projection, projected(beforeErasure));
      const ofKept = (documents: Map<string, unknown>) => [...documents].filter(([key]) => key.includes(keptId));
      expect(ofKept(live)).toEqual(ofKept(withoutErasure));
    }
  });
});
