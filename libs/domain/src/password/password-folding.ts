// How the password policy compares a password with words (the common-passwords list, the holder's names, the
// employer's name): folded, so that case, accents and compatibility forms do not tell two spellings apart.

/** Letters NFKD leaves whole; mapped so that « Œuvray » and "oeuvray" compare equal. */
const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/**
 * Lower case without accents: NFKD (so `ſ` is `s`, `ﬁ` is `fi`, full-width letters are ASCII), combining marks
 * removed, lower-cased, the ligatures above spelt out.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłı]/gu, (letter) => ligatures[letter] ?? letter);
}

/** The folded text without its leading and trailing digits, symbols and spaces: `" Azerty123!!"` is `azerty`. */
export function foldedCore(text: string): string {
  return fold(text).replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** The folded text with letters and digits only: `"P-o l.i_c y1!"` is `policy1`. */
export function foldedCompact(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The folded words (runs of letters) of a text: « CHRU DE NANTES » is `chru`, `de`, `nantes`. */
export function foldedWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length > 0);
}

const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e', '!': 'i' };

/** Digits and symbols people put for letters read back as letters: `p@ssw0rd` is `password`. */
export function unleet(folded: string): string {
  return folded.replace(/[013457@$€!]/g, (character) => leet[character] ?? character);
}
