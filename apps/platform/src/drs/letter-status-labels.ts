import { letterStatusLabels } from '@peps/letters';

/** A letter's state as the DRS pages name it (registrations, letters, failed deliveries): the read model's labels. */
export function letterStatusLabel(status: string): string | undefined {
  return letterStatusLabels[status];
}

/** The letter's kind as recorded by the letter manager (`created`, `promoted`), in French. */
const letterKinds: Record<string, string> = {
  created: "Création d'un compte administrateur",
  promoted: 'Passage en administrateur',
};

export function letterKindLabel(kind: string | null): string {
  return (kind && letterKinds[kind]) || 'Courrier au représentant légal';
}
