import type { CompleteRights } from './rights.js';

/**
 * The guide's "same rights as E-services" (step 2 of account creation) for the nine services it shows.
 * For the platform's other services, chosen here:
 * - Simulation de retraite: write, like the guide's Estimation de la pension: a computing tool that
 *   commits the employer to nothing.
 * - Demande de retraite CNRACL et RAFP: none, like the guide's Demande d'avis préalable: a request filed
 *   on the employer's behalf is granted explicitly.
 * - RAFP declarations and contributions, FIPHFP and FNC: read: these are the employer's financial
 *   declarations; consulting them is harmless, filing them is granted explicitly.
 */
export const defaultRightsTemplate: CompleteRights = {
  'affiliation-cnracl': 'write',
  'comptes-individuels-retraite-cnracl': 'write',
  'comptes-individuels-retraite-ircantec': 'write',
  'mutation-de-masse-partielle-cnracl': 'write',
  'qualification-comptes-individuels-retraite-cnracl': 'write',
  'validation-titulaire-sans-droit-ircantec': 'none',
  'validations-periodes-cnracl': 'read',
  'demande-avis-prealable-cnracl': 'none',
  'estimation-pension-cnracl': 'write',
  'simulation-retraite': 'write',
  'demande-retraite-cnracl-rafp': 'none',
  'declarations-individuelles-rafp': 'read',
  'cotisations-rafp': 'read',
  'declaration-annuelle-fiphfp': 'read',
  'declarations-fnc': 'read',
};
