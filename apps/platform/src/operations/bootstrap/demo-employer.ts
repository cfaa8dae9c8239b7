import type { RegisterEmployerInput } from '../../employers/register-employer/register-employer.handler.js';

/** Fixed, so that "first start" is "this employer's stream does not exist yet". */
export const DEMO_EMPLOYER_ID = '00000000-0000-4000-8000-00000000d3e0';

/** The guide's employer: CHRU DE NANTES, its legal representative's address as printed in the password mail. */
export const demoEmployer: RegisterEmployerInput = {
  employerId: DEMO_EMPLOYER_ID,
  name: 'CHRU DE NANTES',
  siret: '26440013600018',
  legalRepresentative: {
    civility: 'monsieur',
    lastName: 'Dupont',
    firstName: 'Philippe',
    address: ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
  },
  firstAdministrator: {
    profile: 'administrator',
    civility: 'monsieur',
    lastName: 'Louty',
    firstName: 'Paul',
    email: 'administrateur.demo@chu-nantes.fr',
    emailConfirmation: 'administrateur.demo@chu-nantes.fr',
    phone: '0241051938',
    professionalAddress: ['CHRU DE NANTES', '5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1'],
  },
};
