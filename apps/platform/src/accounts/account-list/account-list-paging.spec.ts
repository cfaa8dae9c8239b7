import { describe, expect, it } from '@jest/globals';
import { clampPage, pageCountOf, pageSizeOf, pageWindow } from './account-list-paging.js';

describe('account list paging', () => {
  it('given 202 accounts at 20 a page, when page 99 is asked, then page 11 (the last) is shown', () => {
    expect(pageCountOf(202, 20)).toBe(11);
    expect(clampPage(99, 202, 20)).toBe(11);
  });

  it('given no account, then there is one (empty) page and page 5 shows page 1', () => {
    expect(pageCountOf(0, 20)).toBe(1);
    expect(clampPage(5, 0, 20)).toBe(1);
  });

  it('given a page within the count, then it is kept', () => {
    expect(clampPage(3, 202, 50)).toBe(3);
  });

  it('given a page size outside 20/50/100, then 20 is used', () => {
    expect([pageSizeOf('50'), pageSizeOf('100'), pageSizeOf('7'), pageSizeOf(undefined), pageSizeOf('abc')]).toEqual([50, 100, 20, 20, 20]);
  });

  it('given page 6 of 11, then the window shows 1, a gap, 4 to 8, a gap and 11', () => {
    const shown = pageWindow(6, 11).map((l) => (l.kind === 'gap' ? '…' : l.current ? `[${l.page}]` : String(l.page)));
    expect(shown).toEqual(['1', '…', '4', '5', '[6]', '7', '8', '…', '11']);
  });

  it('given page 1 of 3, then every page shows with no gap', () => {
    expect(pageWindow(1, 3).map((l) => (l.kind === 'page' ? l.page : 0))).toEqual([1, 2, 3]);
  });

  it('given a single page, then the window is that page only', () => {
    expect(pageWindow(1, 1)).toEqual([{ kind: 'page', page: 1, current: true }]);
  });
});
