import { letterStatusLabels } from '@peps/letters';

/** A letter's state as the DRS pages name it (registrations, letters, failed deliveries): the read model's labels. */
export function letterStatusLabel(status: string): string | undefined {
  return letterStatusLabels[status];
}
