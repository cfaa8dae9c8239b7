import { mapAtPath, mapAtPaths, personalFields, type PersonalField } from './personal-fields.js';

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value);
const text = (...path: string[]): PersonalField => ({ path, shape: 'text' });

/** What applying the fields one path at a time gives: the reference `mapAtPaths` must equal. */
const sequential = (data: unknown, fields: readonly PersonalField[]) => fields.reduce((mapped, field) => mapAtPath(mapped, field.path, upper), data);

describe('mapAtPath and mapAtPaths: the walk sealing and opening share', () => {
  const changed = {
    accountId: 'a',
    changes: {
      lastName: { from: 'Louty', to: 'Martin' },
      professionalAddress: { from: ['1 rue A'], to: ['2 rue B'] },
    },
  };
  const fields = personalFields['account.contact-details-changed']!.fields;

  it('given a contact change, when every personal field is mapped in one walk, then it equals the path-by-path result', () => {
    const once = mapAtPaths(changed, fields, upper);
    expect(once).toEqual(sequential(changed, fields));
    expect(once).toEqual({ accountId: 'a', changes: { lastName: { from: 'LOUTY', to: 'MARTIN' }, professionalAddress: { from: ['1 rue A'], to: ['2 rue B'] } } });
  });

  it('given an event, when mapped, then the caller\'s objects are untouched and absent keys stay absent', () => {
    const before = structuredClone(changed);
    const once = mapAtPaths(changed, fields, upper) as typeof changed;
    expect(changed).toEqual(before);
    expect(Object.keys(once.changes)).toEqual(['lastName', 'professionalAddress']);
    expect(once.changes.professionalAddress).toBe(changed.changes.professionalAddress);
  });

  it('given nothing changes, when mapped, then the very same object comes back', () => {
    expect(mapAtPaths(changed, fields, (value) => value)).toBe(changed);
    expect(mapAtPaths('not an object', fields, upper)).toBe('not an object');
  });

  it('given `*`, when mapped, then every key of the object is reached', () => {
    const data = { people: { x: { name: 'ana' }, y: { name: 'bo' } }, other: 'keep' };
    expect(mapAtPaths(data, [text('people', '*', 'name')], upper)).toEqual({ people: { x: { name: 'ANA' }, y: { name: 'BO' } }, other: 'keep' });
  });

  it('given the field being mapped, when `change` is called, then it is told which field it is at', () => {
    const seen: string[] = [];
    mapAtPaths(changed, fields, (value, field) => {
      seen.push(field.path.join('.'));
      return value;
    });
    expect(seen).toEqual(['changes.lastName.from', 'changes.lastName.to', 'changes.professionalAddress.from', 'changes.professionalAddress.to']);
  });

  it('given overlapping paths (one ends where another goes on, or `*` beside a key), when mapped, then the order of the list is kept', () => {
    const wrap = (value: unknown) => ({ wrapped: value });
    const data = { a: { b: 'x' }, c: { d: 'y' } };
    const overlapping = [text('a'), text('a', 'wrapped')];
    expect(mapAtPaths(data, overlapping, wrap)).toEqual(overlapping.reduce((mapped, field) => mapAtPath(mapped, field.path, wrap), data as unknown));
    const starBeside = [text('*', 'd'), text('c', 'd')];
    expect(mapAtPaths(data, starBeside, upper)).toEqual({ a: { b: 'x' }, c: { d: 'Y' } });
  });
});
