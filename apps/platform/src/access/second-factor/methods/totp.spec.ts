import { matchTotpStep, newTotpSecret, otpauthUri, qrCodeSvg, totpCode } from './totp.js';

/** RFC 6238 appendix B's SHA-1 seed, the ASCII "12345678901234567890", in Base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);
const step = (seconds: number) => Math.floor(seconds / 30);

describe('TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC test vector at T = %p s (last 6 digits of %p)', (seconds, eightDigits) => {
    expect(totpCode(RFC_SECRET, at(seconds))).toBe(eightDigits.slice(-6));
    expect(matchTotpStep(RFC_SECRET, eightDigits.slice(-6), at(seconds))).toBe(step(seconds));
  });

  describe('matching a typed code, one step either side of now', () => {
    const now = 1111111111; // step 37037037, 1 s into it
    const secret = newTotpSecret();

    it('returns the absolute step of the window that matched: now, the one before, the one after', () => {
      expect(matchTotpStep(secret, totpCode(secret, at(now)), at(now))).toBe(step(now));
      expect(matchTotpStep(secret, totpCode(secret, at(now - 30)), at(now))).toBe(step(now) - 1);
      expect(matchTotpStep(secret, totpCode(secret, at(now + 30)), at(now))).toBe(step(now) + 1);
      // The matched step is the code's, not the clock's: the same code 20 s later is still step now.
      expect(matchTotpStep(secret, totpCode(secret, at(now)), at(now + 20))).toBe(step(now));
    });

    it('refuses a code two steps away, before or after', () => {
      const twoBefore = totpCode(secret, at(now - 60));
      const twoAfter = totpCode(secret, at(now + 60));
      // (A coincidence of codes between neighbouring steps would make this spec meaningless: rule it out.)
      const window = [-30, 0, 30].map((d) => totpCode(secret, at(now + d)));
      expect(window).not.toContain(twoBefore);
      expect(window).not.toContain(twoAfter);
      expect(matchTotpStep(secret, twoBefore, at(now))).toBeNull();
      expect(matchTotpStep(secret, twoAfter, at(now))).toBeNull();
    });

    it('refuses a wrong code, a malformed one and a secret that is not Base32', () => {
      const good = totpCode(secret, at(now));
      const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
      expect([-30, 0, 30].map((d) => totpCode(secret, at(now + d)))).not.toContain(wrong);
      expect(matchTotpStep(secret, wrong, at(now))).toBeNull();
      for (const malformed of ['', '12345', '1234567', 'abcdef', `${good} `.repeat(2)]) {
        expect(matchTotpStep(secret, malformed, at(now))).toBeNull();
      }
      expect(matchTotpStep('not base32 !', good, at(now))).toBeNull();
    });
  });

  it('makes a fresh 160-bit Base32 secret each time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('describes the account to authenticator apps: issuer « PEP\'s Comptes », SHA-1, 6 digits, 30 s', () => {
    const uri = new URL(otpauthUri(RFC_SECRET, 'JLO000439'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe("/PEP's Comptes:JLO000439");
    expect(uri.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(uri.searchParams.get('issuer')).toBe("PEP's Comptes");
    // Left out, the parameters take the Key Uri Format's defaults, which are ours.
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
    expect((uri.searchParams.get('algorithm') ?? 'SHA1').toUpperCase()).toBe('SHA1');
  });

  it('draws the URI as an SVG QR code, the same for the same URI', async () => {
    const uri = otpauthUri(RFC_SECRET, 'JLO000439');
    const svg = await qrCodeSvg(uri);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<path');
    expect(svg).not.toMatch(/<script/i);
    expect(await qrCodeSvg(uri)).toBe(svg);
    expect(await qrCodeSvg(otpauthUri(RFC_SECRET, 'CMO000102'))).not.toBe(svg);
  });
});
