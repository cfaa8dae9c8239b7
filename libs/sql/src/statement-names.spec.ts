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

  it("recognises PostgreSQL's refusal of a prepared plan whose result changed shape, and nothing else", () => {
    expect(isStalePreparedPlan(Object.assign(new Error('cached plan must not change result type'), { code: '0A000' }))).toBe(true);
    expect(isStalePreparedPlan(Object.assign(new Error('cached plan must not change result type'), { code: '42P01' }))).toBe(false);
    expect(isStalePreparedPlan(Object.assign(new Error('feature not supported'), { code: '0A000' }))).toBe(false);
    expect(isStalePreparedPlan(undefined)).toBe(false);
  });
});
