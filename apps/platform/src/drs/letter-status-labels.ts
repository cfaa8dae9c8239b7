/** A letter's state as the DRS pages name it (registrations, letters, failed deliveries). */
export function letterStatusLabel(status: string): string | undefined {
  return (
    {
      requested: 'À générer',
      generated: 'Générée',
      'sent-to-mailroom': 'Remise au service courrier',
      sent: 'Envoyée',
      failed: 'En échec',
      cancelled: 'Annulée',
    } as Record<string, string>
  )[status];
}
