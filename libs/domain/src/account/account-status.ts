/**
 * invited: created, password not yet created; active; locked: 5 failed sign-ins (or second factors) in a row;
 * deactivated: 18 months without sign-in; closed: deleted, or administrator registration cancelled.
 */
export type AccountStatus = 'invited' | 'active' | 'locked' | 'deactivated' | 'closed';

export const accountStatusLabels: Record<AccountStatus, string> = {
  invited: 'En attente de création du mot de passe',
  active: 'Actif',
  locked: 'Bloqué',
  deactivated: 'Désactivé',
  closed: 'Supprimé',
};
