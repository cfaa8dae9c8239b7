import { internationalDestination } from './phone-destination.js';
import { parseSmppUrl, SmppUrlError } from './smpp-url.js';
import { smsCodeText } from './sms-text.js';

describe('SMS destination in international form', () => {
  it.each([
    ['0612345678', '33612345678'],
    ['06 12 34 56 78', '33612345678'],
    ['07.98.76.54.32', '33798765432'],
    ['+33 6 12 34 56 78', '33612345678'],
    ['+33 (0)6 12 34 56 78', '33612345678'],
    ['0033612345678', '33612345678'],
    ['+262 692 12 34 56', '262692123456'],
    // Overseas mobiles in national form, as the phone module stores them.
    ['0692 12 34 56', '262692123456'],
    ['0639 12 34 56', '262639123456'],
    ['0690 12 34 56', '590690123456'],
    ['0694 12 34 56', '594694123456'],
    ['0696 12 34 56', '596696123456'],
    ['+32 470 12 34 56', '32470123456'],
  ])('sends %p to %p', (phone, expected) => {
    expect(internationalDestination(phone)).toBe(expected);
  });

  it.each(['0241051938', '0912345678', '061234567', '+33 6 12 34 56', '+3361234567890', 'abc', '', '+0612345678'])(
    'refuses %p',
    (phone) => {
      expect(() => internationalDestination(phone)).toThrow(/number/);
    },
  );
});

describe('SMS_URL', () => {
  it('gives the host, the port (2775 by default) and the percent-decoded system_id and password', () => {
    expect(parseSmppUrl('smpp://peps:s3cr%26t@smsc.example.fr:2776')).toEqual({ host: 'smsc.example.fr', port: 2776, systemId: 'peps', password: 's3cr&t' });
    expect(parseSmppUrl('smpp://peps@smsc.example.fr').port).toBe(2775);
  });

  it.each([
    ['smtp://peps:x@smsc.example.fr', /smpp: scheme/],
    ['smpp://smsc.example.fr:2775', /system_id/],
    ['pas une adresse', /not a URL/],
  ])('refuses %p', (url, message) => {
    expect(() => parseSmppUrl(url)).toThrow(SmppUrlError);
    expect(() => parseSmppUrl(url)).toThrow(message);
  });

  it('never repeats the password in its errors', () => {
    expect(() => parseSmppUrl('smtp://peps:topsecret@smsc.example.fr')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('topsecret') }));
  });
});

describe('sign-in code SMS', () => {
  it('is the agreed sentence, one SMS long', () => {
    const text = smsCodeText('123456');
    expect(text).toBe("PEP's Comptes : votre code de connexion est 123456. Il est valable 5 minutes. Ne le communiquez à personne.");
    expect(text.length).toBeLessThanOrEqual(160);
  });

  it('refuses anything but a 6-digit code', () => {
    expect(() => smsCodeText('12345')).toThrow(/6 digits/);
    expect(() => smsCodeText('12345a')).toThrow(/6 digits/);
  });
});
