import { validatePhone } from './phone.js';

describe('phone (French, optional)', () => {
  it.each([
    ['0241051938', '0241051938'],
    ['02 41 05 19 38', '0241051938'],
    ['02.41.05.19.38', '0241051938'],
    ['02-41-05-19-38', '0241051938'],
    ['+33 2 41 05 19 38', '0241051938'],
    ['+33 (0)2 41 05 19 38', '0241051938'],
    ['0033241051938', '0241051938'],
    ['06 12 34 56 78', '0612345678'],
    ['+262 262 12 34 56', '0262123456'],
  ])('accepts %p as %p', (raw, expected) => {
    expect(validatePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([undefined, null, '', '   '])('treats %p as no phone', (raw) => {
    expect(validatePhone(raw)).toEqual({ ok: true, value: null });
  });

  it.each(['12345', '0041051938', '024105193', '02410519381', '+44 20 7946 0958', 'abc', '02 41 05 19 3x', 42])('rejects %p', (raw) => {
    expect(validatePhone(raw)).toEqual({
      ok: false,
      errors: [{ field: 'phone', message: "Le numéro de téléphone n'est pas valide (exemple : 02 41 05 19 38)." }],
    });
  });
});
