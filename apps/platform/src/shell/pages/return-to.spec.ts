import { describe, expect, it } from '@jest/globals';
import { safeReturnPath } from './return-to.js';

describe('the page to return to after signing in', () => {
  it('given a same-site path with a query, when checked, then it is kept', () => {
    expect(safeReturnPath('/comptes?page=2')).toBe('/comptes?page=2');
  });

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/comptes', 'comptes', '', '/comptes\\x', '/a\nb', 42, undefined])(
    'given %p, when checked, then it is refused',
    (value) => {
      expect(safeReturnPath(value)).toBeUndefined();
    },
  );
});
