import { isStalePreparedPlan, StatementNames } from './statement-names.js';

describe('statement names', () => {
  it('gives a text the same name every time, and different texts different names', () => {
    const names = new StatementNames();
    const a = names.nameOf('select $1');
    expect(a).toMatch(/^peps_[0-9a-f]{32}$/);
    expect(names.nameOf('select $1')).toBe(a);
    expect(names.nameOf('select $1 + 1')).not.toBe(a);
  });

  it('names at most `limit` texts: SQL whose text varies runs unnamed past it', () => {
    const names = new StatementNames(2);
    const first = names.nameOf('q1');
    expect(names.nameOf('q2')).toBeDefined();
    expect(names.nameOf('q3')).toBeUndefined();
    expect(names.nameOf('q1')).toBe(first);
  });

  it('never names again a text the server refused to run prepared', () => {
    const names = new StatementNames();
    names.nameOf('select * from t where id = $1');
    names.refuse('select * from t where id = $1');
    expect(names.nameOf('select * from t where id = $1')).toBeUndefined();
  });

  it("recognises PostgreSQL's refusal of a prepared plan whose result changed shape by its routine, in any language", () => {
    const refusal = (message: string, code: string, routine: string) => Object.assign(new Error(message), { code, routine });
    expect(isStalePreparedPlan(refusal('cached plan must not change result type', '0A000', 'RevalidateCachedQuery'))).toBe(true);
    expect(isStalePreparedPlan(refusal('le plan en cache ne doit pas modifier le type en résultat', '0A000', 'RevalidateCachedQuery'))).toBe(true);
    expect(isStalePreparedPlan(refusal('cached plan must not change result type', '42P01', 'RevalidateCachedQuery'))).toBe(false);
    expect(isStalePreparedPlan(refusal('feature not supported', '0A000', 'transformSetOperationStmt'))).toBe(false);
    expect(isStalePreparedPlan(undefined)).toBe(false);
  });
});
