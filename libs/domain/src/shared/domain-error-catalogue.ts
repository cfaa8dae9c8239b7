import type { DomainErrorCode } from './domain-error-code.js';

// 503: a code the mail or SMS gateway would not take (the platform's, not the holder's fault; try again).
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 503;

// Sign-in refusals share one message: telling a visitor that an account exists but is locked
// would let anyone probe identifiers.
const signInRefused = 'Identifiant ou mot de passe incorrect.';
// Likewise every failed second factor gets one answer, whichever check failed (wrong, expired, used, replayed…).
const secondFactorRefused = 'La vérification a échoué : le code est incorrect ou a expiré. Réessayez ou demandez un nouveau code.';

/** The single place mapping a domain error to an HTTP status and the French message users see. */
export const domainErrorCatalogue: Record<DomainErrorCode, { status: DomainErrorStatus; message: string }> = {
  'validation.failed': { status: 400, message: 'Certains champs sont absents ou invalides.' },
  'authentication.required': { status: 401, message: 'Vous devez vous connecter pour accéder à ce service.' },
  'authorisation.forbidden': { status: 403, message: "Vous n'êtes pas autorisé à effectuer cette action." },
  'concurrency.conflict': {
    status: 409,
    message: 'Les données ont été modifiées entre-temps par une autre personne. Veuillez recharger la page et recommencer.',
  },
  'identifier.sequence-exhausted': {
    status: 409,
    message: "Plus aucun identifiant n'est disponible. Veuillez contacter l'assistance de la plateforme.",
  },
  'employer.not-found': { status: 404, message: 'Établissement introuvable.' },
  'employer.already-registered': { status: 409, message: 'Cet établissement est déjà inscrit.' },
  'employer.already-administrator': { status: 409, message: 'Ce compte est déjà administrateur de cet établissement.' },
  'employer.not-an-administrator': { status: 409, message: "Ce compte n'est pas administrateur de cet établissement." },
  'employer.last-administrator': {
    status: 409,
    message: "Le dernier administrateur de l'établissement ne peut pas être supprimé.",
  },
  'terms-of-use.not-published': { status: 404, message: "Cette version des conditions générales d'utilisation n'existe pas." },
  'terms-of-use.already-published': {
    status: 409,
    message: "Cette version des conditions générales d'utilisation est déjà publiée.",
  },
  'terms-of-use.already-accepted': {
    status: 409,
    message: "Cette version des conditions générales d'utilisation a déjà été validée pour l'établissement.",
  },
  'terms-of-use.delay-not-elapsed': {
    status: 403,
    message:
      "Un délai de 8 jours après votre inscription en tant qu'administrateur est nécessaire pour valider les conditions générales d'utilisation.",
  },
  'account.not-found': { status: 404, message: 'Compte introuvable.' },
  'account.already-exists': { status: 409, message: 'Ce compte existe déjà.' },
  'account.closed': { status: 409, message: 'Ce compte a été supprimé.' },
  'account.deactivated': { status: 409, message: 'Ce compte a été désactivé pour inactivité.' },
  'account.not-activated': { status: 409, message: "Le mot de passe de ce compte n'a pas encore été créé." },
  'account.not-active': { status: 409, message: "Ce compte n'est pas actif." },
  'account.not-locked': { status: 409, message: "Ce compte n'est pas bloqué." },
  'account.already-administrator': { status: 409, message: 'Ce compte est déjà administrateur.' },
  'account.administrator-cannot-become-user': {
    status: 409,
    message:
      'Un compte administrateur ne peut pas devenir utilisateur. Pour cela, supprimez le compte puis recréez-le en tant qu’utilisateur.',
  },
  'account.not-an-administrator-registration': {
    status: 409,
    message: "Ce compte ne correspond à aucune inscription d'administrateur en cours.",
  },
  'account.not-closed': {
    status: 409,
    message: 'Les données personnelles ne peuvent être effacées que pour un compte supprimé ou clôturé.',
  },
  'account.inactivity-warning-too-early': {
    status: 409,
    message: "L'avertissement d'inactivité ne peut pas encore être envoyé pour ce compte.",
  },
  'account.inactivity-warning-already-sent': {
    status: 409,
    message: "L'avertissement d'inactivité a déjà été envoyé pour ce compte.",
  },
  'account.inactivity-deadline-not-reached': {
    status: 409,
    message: "Le délai d'inactivité de 18 mois n'est pas atteint pour ce compte.",
  },
  'invitation.unknown': { status: 404, message: "Ce lien de création de mot de passe n'est pas valide." },
  'invitation.expired': {
    status: 410,
    message:
      'Ce lien de création de mot de passe a expiré : il était valable 15 jours. Demandez à votre administrateur un nouveau lien.',
  },
  'invitation.used': {
    status: 410,
    message: "Ce lien de création de mot de passe n'est plus valable : il a déjà été utilisé ou remplacé par un lien plus récent.",
  },
  'invitation.not-yet-expired': { status: 409, message: "Ce lien de création de mot de passe n'a pas encore expiré." },
  'password-reset.unknown': { status: 404, message: "Ce lien de réinitialisation du mot de passe n'est pas valide." },
  'password-reset.expired': {
    status: 410,
    message: 'Ce lien de réinitialisation du mot de passe a expiré : il était valable 1 heure. Faites une nouvelle demande.',
  },
  'password-reset.used': {
    status: 410,
    message:
      "Ce lien de réinitialisation du mot de passe n'est plus valable : il a déjà été utilisé ou remplacé par un lien plus récent.",
  },
  'sign-in.invalid-credentials': { status: 401, message: signInRefused },
  'sign-in.account-locked': { status: 401, message: signInRefused },
  'sign-in.account-closed': { status: 401, message: signInRefused },
  'sign-in.account-deactivated': { status: 401, message: signInRefused },
  'sign-in.account-not-activated': { status: 401, message: signInRefused },
  'second-factor.verification-failed': { status: 401, message: secondFactorRefused },
  'second-factor.method-unavailable': {
    status: 400,
    message: "Cette méthode de double authentification n'est pas disponible pour ce compte.",
  },
  'second-factor.invalid-code': { status: 400, message: "Le code saisi n'est pas valide." },
  'second-factor.totp-already-enrolled': {
    status: 409,
    message: 'Une application d’authentification est déjà enregistrée pour ce compte. Retirez-la avant d’en enregistrer une autre.',
  },
  'second-factor.totp-not-enrolled': { status: 409, message: 'Aucune application d’authentification n’est enregistrée pour ce compte.' },
  'second-factor.no-pending-enrolment': {
    status: 409,
    message: 'Aucun enregistrement d’application d’authentification n’est en cours. Recommencez depuis le début.',
  },
  'second-factor.passkey-already-registered': { status: 409, message: 'Cette clé d’accès est déjà enregistrée pour ce compte.' },
  'second-factor.too-many-passkeys': {
    status: 409,
    message: 'Un compte ne peut pas avoir plus de 10 clés d’accès. Retirez-en une avant d’en enregistrer une nouvelle.',
  },
  'second-factor.passkey-unknown': { status: 404, message: 'Clé d’accès introuvable.' },
  'second-factor.passkey-refused': { status: 400, message: 'La clé d’accès n’a pas pu être enregistrée. Recommencez l’enregistrement depuis le début.' },
  'second-factor.workstation-unknown': { status: 404, message: 'Poste de travail introuvable.' },
  'second-factor.delivery-failed': {
    status: 503,
    message: 'Le code n’a pas pu être envoyé. Réessayez dans quelques instants, ou choisissez une autre méthode.',
  },
  'import.not-found': { status: 404, message: 'Import introuvable.' },
};
