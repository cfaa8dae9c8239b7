import { describe, expect, it } from '@jest/globals';
import { groupedKey, isTotpSecret, labelledQrCode, passkeyRows, recoveryCodeList, shownInstant, workstationRows } from './security-view.js';

const QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h29v29H0z"/><path stroke="#000000" d="M0 0.5h7"/></svg>\n';

describe('« Mon compte › Sécurité »: what the page shows', () => {
  it('given an instant, when shown, then it is the day and time in Paris, in French (summer and winter time)', () => {
    expect(shownInstant('2025-07-03T12:05:00.000Z')).toEqual({ iso: '2025-07-03T12:05:00.000Z', text: '3 juillet 2025 à 14h05' });
    expect(shownInstant('2025-12-01T07:30:00.000Z')?.text).toBe('1er décembre 2025 à 08h30');
  });

  it('given no instant or a broken one, when shown, then nothing is shown', () => {
    expect(shownInstant(null)).toBeUndefined();
    expect(shownInstant('')).toBeUndefined();
    expect(shownInstant('hier')).toBeUndefined();
  });

  it('given a TOTP secret, when shown as the manual key, then it is grouped by 4 characters', () => {
    expect(groupedKey('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('given the secret a form sends back, then only base32 is taken (nothing a tampered field could inject)', () => {
    expect(isTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe(true);
    expect(isTotpSecret('JBSWY3DP"><script>')).toBe(false);
    expect(isTotpSecret('jbswy3dpehpk3pxp')).toBe(false);
    expect(isTotpSecret('ABC')).toBe(false);
    expect(isTotpSecret(undefined)).toBe(false);
  });

  it('given the API QR code, when inlined, then it is a named picture of a fixed size, its drawing untouched', () => {
    const shown = labelledQrCode(QR, 'qr-alt')!;
    expect(shown).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 29 29" shape-rendering="crispEdges" width="220" height="220" role="img" aria-labelledby="qr-alt" focusable="false">/);
    expect(shown).toContain('<path stroke="#000000" d="M0 0.5h7"/></svg>');
  });

  it('given an SVG with an XML prolog or its own size, when inlined, then the prolog goes and the page sets the size', () => {
    const shown = labelledQrCode(`<?xml version="1.0"?>${QR.replace('<svg ', '<svg width="99" height="99" ')}`, 'qr-alt')!;
    expect(shown.startsWith('<svg xmlns=')).toBe(true);
    expect(shown).not.toContain('"99"');
  });

  it('given something that is not a plain SVG, when inlined, then it is refused', () => {
    expect(labelledQrCode('<svg onload="alert(1)"><path/></svg>', 'x')).toBeUndefined();
    expect(labelledQrCode('<svg><script>alert(1)</script></svg>', 'x')).toBeUndefined();
    expect(labelledQrCode('<svg><a href="javascript:alert(1)"><path/></a></svg>', 'x')).toBeUndefined();
    expect(labelledQrCode('<img src=x>', 'x')).toBeUndefined();
    expect(labelledQrCode(undefined, 'x')).toBeUndefined();
  });

  it('given trusted workstations, then each has its id, its label (or a placeholder) and its dates', () => {
    const rows = workstationRows([
      { id: 'w1', label: 'Chrome sur Linux', trustedAt: '2025-07-03T12:05:00.000Z', expiresAt: '2025-07-10T12:05:00.000Z' },
      { id: 'w2', label: '', trustedAt: '2025-07-03T12:05:00.000Z', expiresAt: '2025-07-10T12:05:00.000Z' },
      { label: 'sans identifiant' },
    ]);
    expect(rows.map((row) => [row.id, row.label, row.expiresAt?.text])).toEqual([
      ['w1', 'Chrome sur Linux', '10 juillet 2025 à 14h05'],
      ['w2', 'Poste sans nom', '10 juillet 2025 à 14h05'],
    ]);
    expect(workstationRows({ message: 'refusé' })).toEqual([]);
  });

  it('given passkeys, then each has its name, when it was added and when it was last used (or never)', () => {
    const rows = passkeyRows([{ id: 'p1', name: 'Clé USB bleue', registeredAt: '2025-07-03T12:05:00.000Z', lastUsedAt: null }]);
    expect(rows).toEqual([{ id: 'p1', name: 'Clé USB bleue', registeredAt: { iso: '2025-07-03T12:05:00.000Z', text: '3 juillet 2025 à 14h05' }, lastUsedAt: undefined }]);
  });

  it('given the confirmation answer, then its recovery codes are listed, and nothing else', () => {
    expect(recoveryCodeList({ recoveryCodes: ['7K4M-Q2XH', 42, 'AB12-CD34'] })).toEqual(['7K4M-Q2XH', 'AB12-CD34']);
    expect(recoveryCodeList(undefined)).toEqual([]);
  });
});
