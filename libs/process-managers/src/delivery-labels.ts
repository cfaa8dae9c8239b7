/** What the DRS reads of a mail or letter in the failed deliveries: its kind and why it failed, in French. */
export const deliveryKindLabels: Record<string, string> = {
  'legal-representative-letter': 'Courrier au représentant légal',
  'password-invitation': 'Courriel de création du mot de passe',
  'password-reset': 'Courriel de réinitialisation du mot de passe',
  'forgotten-identifier': "Courriel de rappel d'identifiant",
  'inactivity-warning': "Courriel d'avertissement d'inactivité",
  'account-deactivated': 'Courriel de désactivation du compte',
  'registration-cancelled-holder': "Courriel d'annulation d'inscription (titulaire)",
  'registration-cancelled-administrators': "Courriel d'annulation d'inscription (administrateurs)",
  'registration-cancelled-administrator': "Courriel d'annulation d'inscription (administrateur)",
  'promoted-to-administrator': 'Courriel de passage en administrateur',
  'second-factor-reset': 'Courriel de réinitialisation du second facteur',
  'new-workstation': 'Courriel de connexion depuis un nouveau poste',
};

export function deliveryKindLabel(kind: string): string {
  return deliveryKindLabels[kind] ?? (kind.startsWith('letter') ? 'Courrier' : 'Courriel');
}

/** Known causes first (most specific first); the raw error stays in the platform's log, not on the DRS's screen. */
const reasons: [RegExp, string | ((m: RegExpMatchArray) => string)][] = [
  [/(\d+) lines \(name, employer and (\d+) address lines\)/, (m) => `L'adresse du représentant légal ne tient pas dans les 6 lignes du courrier (${m[1]} lignes avec le nom et l'établissement) : corrigez l'adresse de l'établissement, puis relancez.`],
  [/line (\d+) "[^"]*" has (\d+) characters/, (m) => `La ligne ${m[1]} de l'adresse du courrier dépasse 38 caractères (${m[2]}) : corrigez l'adresse de l'établissement, puis relancez.`],
  [/last line .* postcode/, () => "La dernière ligne de l'adresse du courrier ne commence pas par un code postal suivi de la commune : corrigez l'adresse de l'établissement, puis relancez."],
  [/has no address line/, () => "L'établissement n'a pas d'adresse postale : renseignez-la, puis relancez."],
  [/does not fit on one page/, () => 'Le courrier ne tient pas sur une page : contactez l’assistance technique.'],
  [/employer \S+ not found/, () => "L'établissement est introuvable."],
  [/account \S+ not found/, () => 'Le compte concerné est introuvable (supprimé entre-temps ?).'],
  [/link token is not in/, () => 'Le lien du courriel n’est plus disponible : renvoyez une nouvelle invitation depuis la fiche du compte.'],
  [/has no name on record/, () => "L'auteur de l'action n'a plus de nom enregistré."],
  [/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET|socket|timeout/i, () => 'Le serveur de messagerie est injoignable : relancez quand il sera rétabli.'],
  [/\b5\d\d\b.*(mailbox|recipient|user)|(mailbox|recipient|user).*\b5\d\d\b|no such user|unknown user/i, () => "L'adresse électronique du destinataire est refusée par sa messagerie : corrigez-la, puis relancez."],
  [/\b4\d\d\b/, () => 'Le serveur de messagerie a refusé temporairement l’envoi : relancez plus tard.'],
];

/** The reason of a delivery's last error, in French; null when it has none. */
export function deliveryReason(lastError: string | null): string | null {
  if (!lastError) return null;
  for (const [pattern, text] of reasons) {
    const match = lastError.match(pattern);
    if (match) return typeof text === 'string' ? text : text(match);
  }
  return "L'envoi a échoué pour une raison technique : relancez-le ; si l'échec persiste, contactez l'assistance technique.";
}
