import { announcedTransaction } from './commit-notifier.js';

describe('announcedTransaction', () => {
  it('reads the transaction id a NOTIFY carries', () => {
    expect(announcedTransaction('123456789')).toBe(123456789n);
    expect(announcedTransaction('18446744073709551615')).toBe(18446744073709551615n);
  });

  it.each([[''], ['abc'], ['-1'], ['1.5'], ['123456789012345678901']])('knows nothing from %p', (payload) => {
    expect(announcedTransaction(payload)).toBeNull();
  });
});
