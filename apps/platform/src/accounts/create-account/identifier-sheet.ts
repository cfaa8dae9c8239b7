/** What the printed identifier sheet says besides the name and identifier: where to sign in, for whom, and when. */
export interface IdentifierSheet {
  platformUrl: string;
  employerName?: string;
  createdOn: string;
}

export function identifierSheet(input: { publicUrl: string; employerName?: string; createdAt?: string; now: Date }): IdentifierSheet {
  const created = input.createdAt ? new Date(input.createdAt) : input.now;
  const when = Number.isNaN(created.getTime()) ? input.now : created;
  return {
    // The address the holder types: no trailing slash, as printed on paper.
    platformUrl: input.publicUrl.replace(/\/+$/, ''),
    ...(input.employerName ? { employerName: input.employerName } : {}),
    // French dates in metropolitan time: the sheet is handed over in France, whatever the server's zone.
    createdOn: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(when),
  };
}
