import type { DomainErrorCode } from './domain-error-code.js';

// 503: a code the mail or SMS gateway would not take (the platform's, not the holder's fault; try again).
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 503;

// Sign-in refusals share one message: telling a visitor that an account exists but is locked
// would let anyone probe identifiers.
const signInRefused = 'Identifiant ou mot de passe incorrect.';
// Likewise every failed second factor gets one answer, whichever check failed (wrong, expired, used, replayed…).
const secondFactorRefused = 'La vérification a échoué : le code est incorrect ou a expiré. Réessayez ou demandez un nouveau code.';

export interface DomainErrorEntry {
  status: DomainErrorStatus;
  message: string;
}

// One maker per status, named after what it tells the client, so each entry reads as a single line.
const withStatus =
  (status: DomainErrorStatus) =>
  (message: string): DomainErrorEntry => ({ status, message });
const invalid = withStatus(400);
const unauthenticated = withStatus(401);
const forbidden = withStatus(403);
const notFound = withStatus(404);
const conflict = withStatus(409);
const gone = withStatus(410);
const unavailable = withStatus(503);

/** The single place mapping a domain error to an HTTP status and the French message users see. */
export const domainErrorCatalogue: Record<DomainErrorCode, DomainErrorEntry> = {
  'validation.failed': invalid('Certains champs sont absents ou invalides.'),
  'authentication.required': unauthenticated('Vous devez vous connecter pour accéder à ce service.'),
  'authorisation.forbidden': forbidden("Vous n'êtes pas autorisé à effectuer cette action."),
  'concurrency.conflict': conflict('Les données ont été modifiées entre-temps par une autre personne. Veuillez recharger la page et recommencer.'),
  'identifier.sequence-exhausted': conflict("Plus aucun identifiant n'est disponible. Veuillez contacter l'assistance de la plateforme."),
  'employer.not-found': notFound('Établissement introuvable.'),
  'employer.already-registered': conflict('Cet établissement est déjà inscrit.'),
  'employer.already-administrator': conflict('Ce compte est déjà administrateur de cet établissement.'),
  'employer.not-an-administrator': conflict("Ce compte n'est pas administrateur de cet établissement."),
  'employer.last-administrator': conflict("Le dernier administrateur de l'établissement ne peut pas être supprimé."),
  'employer.legal-representative-unchanged': conflict('Le représentant légal et son adresse sont déjà ceux-ci : rien n’a été modifié.'),
  'terms-of-use.not-published': notFound("Cette version des conditions générales d'utilisation n'existe pas."),
  'terms-of-use.already-published': conflict("Cette version des conditions générales d'utilisation est déjà publiée."),
  'terms-of-use.already-accepted': conflict("Cette version des conditions générales d'utilisation a déjà été validée pour l'établissement."),
  'terms-of-use.delay-not-elapsed': forbidden("Un délai de 8 jours après votre inscription en tant qu'administrateur est nécessaire pour valider les conditions générales d'utilisation."),
  'account.not-found': notFound('Compte introuvable.'),
  'account.already-exists': conflict('Ce compte existe déjà.'),
  'account.closed': conflict('Ce compte a été supprimé.'),
  'account.deactivated': conflict('Ce compte a été désactivé pour inactivité.'),
  'account.not-activated': conflict("Le mot de passe de ce compte n'a pas encore été créé."),
  'account.not-active': conflict("Ce compte n'est pas actif."),
  'account.not-locked': conflict("Ce compte n'est pas bloqué."),
  'account.already-administrator': conflict('Ce compte est déjà administrateur.'),
  'account.administrator-cannot-become-user': conflict('Un compte administrateur ne peut pas devenir utilisateur. Pour cela, supprimez le compte puis recréez-le en tant qu’utilisateur.'),
  'account.not-an-administrator-registration': conflict("Ce compte ne correspond à aucune inscription d'administrateur en cours."),
  'account.not-closed': conflict('Les données personnelles ne peuvent être effacées que pour un compte supprimé ou clôturé.'),
  'account.inactivity-warning-too-early': conflict("L'avertissement d'inactivité ne peut pas encore être envoyé pour ce compte."),
  'account.inactivity-warning-already-sent': conflict("L'avertissement d'inactivité a déjà été envoyé pour ce compte."),
  'account.inactivity-deadline-not-reached': conflict("Le délai d'inactivité de 18 mois n'est pas atteint pour ce compte."),
  'invitation.unknown': notFound("Ce lien de création de mot de passe n'est pas valide."),
  'invitation.expired': gone('Ce lien de création de mot de passe a expiré : il était valable 15 jours. Demandez à votre administrateur un nouveau lien.'),
  'invitation.used': gone("Ce lien de création de mot de passe n'est plus valable : il a déjà été utilisé ou remplacé par un lien plus récent."),
  'invitation.not-yet-expired': conflict("Ce lien de création de mot de passe n'a pas encore expiré."),
  'password-reset.unknown': notFound("Ce lien de réinitialisation du mot de passe n'est pas valide."),
  'password-reset.expired': gone('Ce lien de réinitialisation du mot de passe a expiré : il était valable 1 heure. Faites une nouvelle demande.'),
  'password-reset.used': gone("Ce lien de réinitialisation du mot de passe n'est plus valable : il a déjà été utilisé ou remplacé par un lien plus récent."),
  'sign-in.invalid-credentials': unauthenticated(signInRefused),
  'sign-in.account-locked': unauthenticated(signInRefused),
  'sign-in.account-closed': unauthenticated(signInRefused),
  'sign-in.account-deactivated': unauthenticated(signInRefused),
  'sign-in.account-not-activated': unauthenticated(signInRefused),
  'second-factor.verification-failed': unauthenticated(secondFactorRefused),
  'second-factor.method-unavailable': invalid("Cette méthode de double authentification n'est pas disponible pour ce compte."),
  'second-factor.invalid-code': invalid("Le code saisi n'est pas valide."),
  'second-factor.totp-already-enrolled': conflict('Une application d’authentification est déjà enregistrée pour ce compte. Retirez-la avant d’en enregistrer une autre.'),
  'second-factor.totp-not-enrolled': conflict('Aucune application d’authentification n’est enregistrée pour ce compte.'),
  'second-factor.no-pending-enrolment': conflict('Aucun enregistrement d’application d’authentification n’est en cours. Recommencez depuis le début.'),
  'second-factor.passkey-already-registered': conflict('Cette clé d’accès est déjà enregistrée pour ce compte.'),
  'second-factor.too-many-passkeys': conflict('Un compte ne peut pas avoir plus de 10 clés d’accès. Retirez-en une avant d’en enregistrer une nouvelle.'),
  'second-factor.passkey-unknown': notFound('Clé d’accès introuvable.'),
  'second-factor.passkey-refused': invalid('La clé d’accès n’a pas pu être enregistrée. Recommencez l’enregistrement depuis le début.'),
  'second-factor.workstation-unknown': notFound('Poste de travail introuvable.'),
  'second-factor.delivery-failed': unavailable('Le code n’a pas pu être envoyé. Réessayez dans quelques instants, ou choisissez une autre méthode.'),
  'import.not-found': notFound('Import introuvable.'),
  'audit.verification-not-found': notFound('Vérification introuvable.'),
};
