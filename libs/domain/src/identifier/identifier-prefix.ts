// Letters that Unicode decomposition does not turn into ASCII but French names do contain.
const transliterations: Record<string, string> = {
  œ: 'OE', Œ: 'OE', æ: 'AE', Æ: 'AE', ß: 'SS', ẞ: 'SS', ø: 'O', Ø: 'O', ł: 'L', Ł: 'L',
  đ: 'D', Đ: 'D', ð: 'D', Ð: 'D', þ: 'TH', Þ: 'TH', ı: 'I', ĸ: 'K',
};

/** The A–Z letters of a name: accents removed, ligatures expanded, everything else skipped. */
export function asciiLetters(name: string): string {
  let out = '';
  // NFKD rather than NFD so that ligatures (ﬁ) and full-width forms (Ｊ) also reduce to plain letters.
  for (const char of name.normalize('NFKD')) {
    const mapped = transliterations[char] ?? char;
    for (const c of mapped) {
      const upper = c >= 'a' && c <= 'z' ? String.fromCharCode(c.charCodeAt(0) - 32) : c;
      if (upper >= 'A' && upper <= 'Z') out += upper;
    }
  }
  return out;
}

/** First letter of the first name + first two letters of the last name, `X` for each missing letter. */
export function identifierPrefix(firstName: string, lastName: string): string {
  const first = asciiLetters(firstName).slice(0, 1).padEnd(1, 'X');
  const last = asciiLetters(lastName).slice(0, 2).padEnd(2, 'X');
  return first + last;
}
