import type { PlatformConfig } from '@peps/runtime';
import { outboxViewerEnabled } from '../dev-outbox/dev-outbox-access.js';

type HintConfig = Pick<PlatformConfig, 'secondFactor' | 'demo' | 'production' | 'smtpUrl' | 'publicUrl'>;

/**
 * The start-up line of a demonstration saying how the sign-in goes on after the password when PEPS_SECOND_FACTOR
 * asks for a code (undefined when it is off): the code is e-mailed, so the line says where that mail lands.
 */
export function secondFactorSignInHint(config: HintConfig): string | undefined {
  if (config.secondFactor === 'off') return undefined;
  const who = config.secondFactor === 'required' ? 'pour chaque compte' : 'pour les administrateurs, la DRS et les auditeurs';
  const where = outboxViewerEnabled(config)
    ? `il arrive dans la boîte d'envoi, affichée sur ${config.publicUrl}/dev/courriels (« Votre code de connexion »)`
    : config.smtpUrl
      ? "il part par SMTP_URL à l'adresse du compte (« Votre code de connexion »)"
      : "il est déposé dans la boîte d'envoi (dossier outbox de PEPS_DATA_DIR)";
  return (
    `Double authentification (PEPS_SECOND_FACTOR=${config.secondFactor}) : ${who}, après le mot de passe, la page ` +
    `« Vérification de votre identité » demande un code à 6 chiffres envoyé par courriel ; ${where}. ` +
    `Cochez « Faire confiance à ce poste pendant 7 jours » pour ne plus le saisir sur ce navigateur.`
  );
}
