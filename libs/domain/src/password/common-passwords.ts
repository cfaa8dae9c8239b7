import { fold, foldedCompact, foldedCore, unleet } from './password-folding.js';

// Well-known weak passwords, compared after folding (case, accents). The policy alone would accept many of them
// ("Azerty123!"), so the classics are listed as typed and the usual "word + digits + symbol" variants
// that people build to satisfy a policy are generated from the most common words. `isCommonPassword` also
// strips the digits, symbols and spaces around a word before looking it up, so any dressing of a listed word
// (" Azerty123!", "Azerty123!!", "2024Soleil$") is refused, not only the generated suffixes.

const classics = [
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '111111', '000000', '123123', '654321',
  '666666', '121212', '112233', '159753', '147258369', '987654321', '123321', '7777777', '1q2w3e4r', '1q2w3e',
  'qwerty', 'qwerty123', 'qwertyuiop', 'azerty', 'azertyuiop', 'azerty123', 'azerty1', 'aqwzsx', 'azertyui', 'wxcvbn',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'p@ssw0rd1', 'p@ssw0rd!', 'p@$$w0rd', 'pa$$word',
  'motdepasse', 'motdepasse1', 'motdepasse123', 'm0td3p4ss3', 'mot2passe', 'mdp123', 'mdpmdp', 'secret', 'secret123', 'changeme',
  'iloveyou', 'jetaime', 'jetaime1', 'jetaime123', 'je t\'aime', 'abc123', 'abcdef', 'abcd1234', 'a1b2c3', 'a1b2c3d4',
  'admin', 'admin123', 'administrator', 'administrateur', 'root', 'toor', 'guest', 'user', 'utilisateur', 'test',
  'test123', 'testtest', 'welcome', 'welcome1', 'bienvenue', 'bienvenue1', 'letmein', 'trustno1', 'monkey', 'dragon',
  'master', 'sunshine', 'princess', 'football', 'baseball', 'superman', 'batman', 'starwars', 'pokemon', 'shadow',
  'michael', 'jordan23', 'liverpool', 'chelsea', 'arsenal', 'killer', 'hello', 'hello123', 'freedom', 'whatever',
  'qazwsx', 'zaq12wsx', '!qaz2wsx', 'q1w2e3r4', 'asdfgh', 'asdfghjkl', 'zxcvbnm', 'loveme', 'lovely', 'flower',
  'soleil', 'doudou', 'loulou', 'chouchou', 'nicolas', 'marseille', 'chocolat', 'camille', 'julien', 'boubou',
  'coucou', 'bonjour', 'salut', 'bisous', 'cheval', 'vacances', 'printemps', 'france', 'paris', 'nantes',
  'Azerty123!', 'Azerty1!', 'Azerty12!', 'Azerty2024!', 'Azerty2025!', 'Azertyuiop1!', 'Motdepasse1!', 'Motdepasse123!',
  'Motdepasse2024!', 'MotDePasse1!', 'Soleil123!', 'Soleil1!', 'Bonjour1!', 'Bonjour123!', 'Bienvenue1!', 'Bienvenue123!',
  'Password1!', 'Password123!', 'P@ssw0rd!', 'P@ssword1', 'P@ssw0rd1!', 'Welcome1!', 'Welcome123!', 'Qwerty123!',
  'Admin123!', 'Admin@123', 'Changeme1!', 'Letmein1!', 'Test1234!', 'Abcd1234!', 'Aa123456!', 'Aa123456@',
  'Qwerty1!', 'Iloveyou1!', 'Jetaime1!', 'Jetaime123!', 'Marseille13!', 'Paris75!', 'France2024!', 'Nantes44!',
];

const words = [
  'azerty', 'azertyuiop', 'qwerty', 'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'motdepasse', 'motdepass', 'mdp',
  'soleil', 'bonjour', 'bienvenue', 'welcome', 'admin', 'administrateur', 'jetaime', 'iloveyou', 'doudou', 'loulou',
  'chouchou', 'marseille', 'paris', 'france', 'nantes', 'lyon', 'toulouse', 'bordeaux', 'chocolat', 'nicolas',
  'julien', 'camille', 'thomas', 'alexandre', 'maxime', 'marie', 'sophie', 'pierre', 'jean', 'louis',
  'football', 'princesse', 'vacances', 'printemps', 'summer', 'winter', 'hiver', 'automne', 'janvier', 'septembre',
  'dragon', 'monkey', 'master', 'sunshine', 'letmein', 'changeme', 'secret', 'test', 'user', 'employeur',
  'amour', 'maman', 'papa', 'toto', 'titi', 'tintin', 'nounours', 'chaton', 'chien', 'licorne',
  'hopital', 'mairie', 'retraite', 'peps', 'bretagne', 'olivier', 'antoine', 'mathieu', 'manon', 'lucas',
];

const suffixes = ['1!', '12!', '123!', '1234!', '01!', '1@', '123@', '123*', '1*', '1.', '!1', '@1', '2023!', '2024!', '2025!', '2026!', '#1', '1#', '123#', '1?'];

function buildList(): Set<string> {
  const list = new Set<string>();
  for (const password of classics) list.add(fold(password));
  for (const word of words) {
    list.add(word);
    for (const suffix of suffixes) list.add(`${word}${suffix}`);
  }
  return list;
}

/** Folded (lower case, no accents) entries; use `isCommonPassword` to compare. */
export const commonPasswords: ReadonlySet<string> = buildList();

/**
 * On the list once folded: as typed, or the word left once the digits, symbols and spaces around it are stripped
 * (`Azerty123!!` is `azerty`), with the spaces and symbols inside it dropped (`Mot de passe 1!` is `motdepasse`)
 * or its look-alike digits read as letters (`S0leil2024!` is `soleil`). Exact matches only, never containment:
 * a long password that merely contains `test` or `paris` stays acceptable.
 */
export function isCommonPassword(password: string): boolean {
  const core = foldedCore(password);
  const candidates = [fold(password), core, foldedCompact(core), unleet(core)];
  return candidates.some((candidate) => candidate.length > 0 && commonPasswords.has(candidate));
}
