import { accessLevelLabels, civilityLabels, DAY_MS, profileLabels, services, WORKSTATION_TRUST_DAYS, type AccessLevel } from '@peps/domain';

export interface FieldChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export interface EventDescription {
  /** A French sentence: "Compte créé (Utilisateur)". */
  summary: string;
  changes: FieldChange[];
}

const contactLabels: Record<string, string> = {
  civility: 'Civilité',
  lastName: 'Nom',
  firstName: 'Prénom',
  email: 'Courriel',
  phone: 'Téléphone',
  professionalAddress: 'Adresse professionnelle',
};

const serviceLabel = (code: string) => services.find((s) => s.code === code)?.label ?? code;
const level = (value: unknown) => accessLevelLabels[value as AccessLevel] ?? String(value);
const shown = (field: string, value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (field === 'civility') return civilityLabels[value as 'monsieur'] ?? String(value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
};
// One formatter for every line: `Date#toLocaleString` builds a new one per call, which dominated a rebuild of the
// audit trail. Same options as `toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })`, hence the same text.
const parisDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const when = (iso: unknown) => {
  if (typeof iso !== 'string') return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : parisDateTime.format(date);
};

const representativeLine = (r: { civility?: string; firstName?: string; lastName?: string; function?: string } | undefined): string | null =>
  r ? [shown('civility', r.civility), r.firstName, r.lastName].filter(Boolean).join(' ') + (r.function ? `, ${r.function}` : '') : null;
/** The representative and the address before and after a DRS correction, only what changed. */
function recipientChanges(data: Record<string, any>): FieldChange[] {
  const changes: FieldChange[] = [];
  const [from, to] = [representativeLine(data.previous?.legalRepresentative), representativeLine(data.legalRepresentative)];
  if (from !== to) changes.push({ field: 'legalRepresentative', label: 'Représentant légal', from, to });
  const [before, after] = [shown('address', data.previous?.address), shown('address', data.address)];
  if (before !== after) changes.push({ field: 'address', label: 'Adresse des courriers', from: before, to: after });
  return changes;
}

const methodLabels: Record<string, string> = {
  email: 'courriel',
  sms: 'SMS',
  totp: 'application d’authentification',
  passkey: 'clé d’accès',
  recovery: 'code de secours',
};
const method = (value: unknown) => methodLabels[value as string] ?? String(value);
const consecutive = (n: unknown) => `${n} consécutif${Number(n) > 1 ? 's' : ''}`;
const trustDays = (from: unknown, to: unknown) => {
  const days = Math.round((Date.parse(String(to)) - Date.parse(String(from))) / DAY_MS);
  return Number.isFinite(days) && days > 0 ? days : WORKSTATION_TRUST_DAYS;
};

/**
 * A stored event as a line a person can read. Password hashes, token hashes and the second factor's
 * secrets (code and token digests, TOTP secret, public keys, recovery code digests) never appear: only the fields
 * named here are shown, so a new field stays hidden until someone decides it may be shown.
 */
export function describeEvent(type: string, data: Record<string, any>): EventDescription {
  const none: FieldChange[] = [];
  switch (type) {
    case 'account.created':
      return {
        summary: `Compte ${data.identifier} créé (${profileLabels[data.profile as 'user'] ?? data.profile}) pour ${civilityLabels[data.civility as 'monsieur'] ?? ''} ${data.firstName} ${data.lastName}`.replace(/\s+/g, ' '),
        changes: [
          { field: 'profile', label: 'Profil', from: null, to: profileLabels[data.profile as 'user'] ?? data.profile },
          ...['civility', 'lastName', 'firstName', 'email', 'phone', 'professionalAddress']
            .filter((f) => data[f] !== null && data[f] !== undefined)
            .map((f) => ({ field: f, label: contactLabels[f], from: null, to: shown(f, data[f]) })),
        ],
      };
    case 'account.password-invitation-issued':
      return { summary: `Courriel de création du mot de passe envoyé (lien valable jusqu’au ${when(data.expiresAt)})`, changes: none };
    case 'account.password-created':
      return { summary: 'Mot de passe créé par le titulaire', changes: [{ field: 'status', label: 'Statut', from: null, to: 'Actif' }] };
    case 'account.invitation-expired':
      return { summary: 'Lien de création du mot de passe expiré', changes: none };
    case 'account.contact-details-changed':
      return {
        summary: 'Coordonnées modifiées',
        changes: Object.entries((data.changes ?? {}) as Record<string, { from: unknown; to: unknown }>).map(([f, c]) => ({
          field: f,
          label: contactLabels[f] ?? f,
          from: shown(f, c.from),
          to: shown(f, c.to),
        })),
      };
    case 'account.rights-changed':
      return {
        summary: 'Droits modifiés',
        changes: ((data.changes ?? []) as { service: string; from: string; to: string }[]).map((c) => ({
          field: `rights.${c.service}`,
          label: serviceLabel(c.service),
          from: level(c.from),
          to: level(c.to),
        })),
      };
    case 'account.promoted-to-administrator':
      return { summary: 'Profil passé à Administrateur', changes: [{ field: 'profile', label: 'Profil', from: 'Utilisateur', to: 'Administrateur' }] };
    case 'account.deleted':
      return { summary: 'Compte supprimé', changes: [{ field: 'status', label: 'Statut', from: null, to: 'Supprimé' }] };
    case 'account.administrator-registration-cancelled':
      return {
        summary: `Inscription d’administrateur annulée par la DRS (motif : ${data.reason})`,
        changes:
          data.outcome === 'closed'
            ? [{ field: 'status', label: 'Statut', from: null, to: 'Supprimé' }]
            : [{ field: 'profile', label: 'Profil', from: 'Administrateur', to: 'Utilisateur' }],
      };
    case 'account.personal-data-erased':
      return { summary: `Données personnelles effacées (motif : ${data.reason})`, changes: none };
    case 'account.signed-in':
      return { summary: 'Connexion', changes: none };
    case 'account.sign-in-failed':
      return { summary: `Échec de connexion (${data.consecutiveFailures} consécutif${data.consecutiveFailures > 1 ? 's' : ''})`, changes: none };
    case 'account.locked':
      return {
        summary:
          data.reason === 'too-many-failed-second-factors'
            ? 'Compte bloqué après des échecs répétés de double authentification'
            : 'Compte bloqué après des échecs de connexion répétés',
        changes: [{ field: 'status', label: 'Statut', from: 'Actif', to: 'Bloqué' }],
      };
    case 'account.unlocked':
      return { summary: 'Compte débloqué', changes: [{ field: 'status', label: 'Statut', from: 'Bloqué', to: 'Actif' }] };
    case 'account.renewed':
      return { summary: 'Compte renouvelé pour 18 mois', changes: none };
    case 'account.password-reset-requested':
      return { summary: 'Réinitialisation du mot de passe demandée', changes: none };
    case 'account.password-reset':
      return { summary: 'Mot de passe réinitialisé', changes: none };
    case 'account.inactivity-warned':
      return { summary: `Avertissement d’inactivité envoyé (désactivation prévue le ${when(data.deactivationAt)})`, changes: none };
    case 'account.deactivated':
      return { summary: 'Compte désactivé pour inactivité', changes: [{ field: 'status', label: 'Statut', from: null, to: 'Désactivé' }] };
    case 'account.second-factor-code-issued':
      return { summary: `Code de connexion envoyé par ${method(data.method)}`, changes: none };
    case 'account.second-factor-verified':
      return {
        summary: `Double authentification vérifiée${data.purpose === 'step-up' ? ' avant une modification sensible' : ''} (${method(data.method)})`,
        changes: none,
      };
    case 'account.second-factor-failed':
      return { summary: `Échec de la double authentification (${method(data.method)}, ${consecutive(data.consecutiveFailures)})`, changes: none };
    case 'account.totp-enrolment-started':
      return { summary: 'Enregistrement d’une application d’authentification commencé', changes: none };
    case 'account.totp-enrolled':
      return {
        summary: `Application d’authentification enregistrée (${Array.isArray(data.recoveryCodeDigests) ? data.recoveryCodeDigests.length : 0} codes de secours remis)`,
        changes: none,
      };
    case 'account.totp-removed':
      return { summary: 'Application d’authentification retirée (codes de secours annulés)', changes: none };
    case 'account.passkey-registered':
      return { summary: `Clé d’accès « ${data.name} » enregistrée`, changes: none };
    case 'account.passkey-removed':
      return { summary: 'Clé d’accès retirée', changes: none };
    case 'account.workstation-trusted':
      // The browser's name is connection data: a line of the audit trail is written without it.
      return { summary: `Poste de travail reconnu pour ${trustDays(data.trustedAt, data.expiresAt)} jours${data.label ? ` (${data.label})` : ''}`, changes: none };
    case 'account.workstation-revoked':
      return { summary: 'Poste de travail retiré des postes reconnus', changes: none };
    case 'account.second-factor-reset':
      return { summary: 'Double authentification réinitialisée', changes: none };
    case 'employer.registered':
      return { summary: `Employeur ${data.name} (SIRET ${data.siret}) enregistré`, changes: none };
    case 'employer.legal-representative-corrected':
      return { summary: 'Représentant légal ou adresse des courriers corrigé par la DRS', changes: recipientChanges(data) };
    case 'employer.administrator-added':
      return { summary: `Administrateur ajouté (${data.reason === 'promotion' ? 'promotion' : 'création'})`, changes: none };
    case 'employer.administrator-removed':
      return { summary: `Administrateur retiré (${data.reason === 'cancellation' ? 'annulation' : 'suppression'})`, changes: none };
    case 'employer.terms-of-use-accepted':
      return { summary: `Conditions générales d’utilisation version ${data.version} validées`, changes: none };
    case 'terms-of-use.published':
      return { summary: `Conditions générales d’utilisation version ${data.version} publiées`, changes: none };
    case 'import.checked':
      return { summary: `Import de comptes vérifié : ${data.total} ligne(s), ${data.valid} valide(s) (fichier SHA-256 ${String(data.digest).slice(0, 12)}…)`, changes: none };
    case 'import.lines-checked':
      return { summary: `Import de comptes vérifié, suite : ${data.valid} ligne(s) valide(s), ${data.errors?.length ?? 0} refusée(s)`, changes: none };
    case 'import.application-started':
      return { summary: `Import de comptes lancé : ${data.lines} compte(s) à créer`, changes: none };
    case 'import.lines-applied':
      return { summary: `Import de comptes : ${data.created?.length ?? 0} compte(s) créé(s), ${data.errors?.length ?? 0} ligne(s) refusée(s)`, changes: none };
    case 'import.completed':
      return { summary: `Import de comptes terminé : ${data.created} compte(s) créé(s) sur ${data.total} ligne(s)`, changes: none };
    case 'personal-data.log-sealed':
      return { summary: `Journal scellé : ${data.eventsChanged} événement(s) chiffré(s) dans ${data.streamsChanged} flux${data.completed ? '' : ' (interrompu)'}`, changes: none };
    default:
      if (type.startsWith('letter.')) return { summary: `Courrier au représentant légal : ${type.slice(7)}`, changes: none };
      return { summary: type, changes: none };
  }
}
