/**
 * pdfkit's standard fonts (Helvetica) speak WinAnsi (cp1252). Text is brought into that set:
 * Latin-1 letters (é è à ç ô …) and cp1252 extras (œ Œ € ’ « » – — …) pass through; anything
 * else is transliterated (accents stripped, a few letters spelled out) or replaced by `?`,
 * so no character can crash or garble the letter.
 */

/** cp1252 characters outside Latin-1 that pdfkit maps. */
const CP1252_EXTRAS = new Set(
  [402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249, 8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382].map(
    (c) => String.fromCharCode(c),
  ),
);

const SPELLED: Record<string, string> = {
  'Ł': 'L',
  'ł': 'l',
  'Đ': 'D',
  'đ': 'd',
  'Ħ': 'H',
  'ħ': 'h',
  'ı': 'i',
  'Ŀ': 'L',
  'ŀ': 'l',
  'Ŋ': 'N',
  'ŋ': 'n',
  'Ŧ': 'T',
  'ŧ': 't',
  'ẞ': 'SS',
  'Ĳ': 'IJ',
  'ĳ': 'ij',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2007': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
};

function representable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || CP1252_EXTRAS.has(char);
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\n') {
      out += char;
    } else if (representable(char)) {
      out += char;
    } else if (SPELLED[char] !== undefined) {
      out += SPELLED[char];
    } else if (/\s/u.test(char)) {
      out += ' ';
    } else {
      const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += [...stripped].every(representable) && stripped !== '' ? stripped : '?';
    }
  }
  return out;
}
