/**
 * What an administrator deleting their own account must read first. The last-administrator rule is the employer's
 * (`employer.last-administrator`): the deletion is then refused, so the page says so before they try.
 */
export function ownAccountWarning(viewerAccountId: string | undefined, accountId: string): string[] | undefined {
  if (!viewerAccountId || viewerAccountId !== accountId) return undefined;
  return [
    'Attention : il s’agit de votre propre compte. Dès la confirmation, votre session sera fermée et vous perdrez immédiatement l’accès à la plateforme ; vous ne pourrez plus vous reconnecter.',
    'Le dernier administrateur de l’établissement ne peut pas être supprimé : si vous êtes le seul administrateur, la suppression sera refusée. Faites d’abord créer ou désigner un autre administrateur.',
  ];
}
