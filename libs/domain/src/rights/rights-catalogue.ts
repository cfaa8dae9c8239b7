/**
 * The PEP's services an account can be granted, as versioned data. Codes are stable keys stored in
 * events: never rename one; add services (and bump the version) instead.
 */
export const rightsCatalogue = {
  version: 1,
  families: [
    {
      code: 'carriere',
      label: 'Carrière',
      services: [
        { code: 'affiliation-cnracl', label: 'Affiliation CNRACL' },
        { code: 'comptes-individuels-retraite-cnracl', label: 'Comptes individuels retraite CNRACL' },
        { code: 'comptes-individuels-retraite-ircantec', label: 'Comptes individuels retraite Ircantec' },
        { code: 'mutation-de-masse-partielle-cnracl', label: 'Mutation de masse partielle CNRACL' },
        { code: 'qualification-comptes-individuels-retraite-cnracl', label: 'Qualification des comptes individuels retraite CNRACL' },
        { code: 'validation-titulaire-sans-droit-ircantec', label: 'Validation de titulaire sans droit Ircantec' },
        { code: 'validations-periodes-cnracl', label: 'Validations de périodes CNRACL' },
      ],
    },
    {
      code: 'droits-a-pension',
      label: 'Droits à pension',
      services: [
        { code: 'demande-avis-prealable-cnracl', label: "Demande d'avis préalable CNRACL" },
        { code: 'estimation-pension-cnracl', label: 'Estimation de la pension CNRACL' },
        { code: 'simulation-retraite', label: 'Simulation de retraite' },
        { code: 'demande-retraite-cnracl-rafp', label: 'Demande de retraite CNRACL et RAFP' },
      ],
    },
    {
      code: 'declarations-et-cotisations',
      label: 'Déclarations et cotisations',
      services: [
        { code: 'declarations-individuelles-rafp', label: 'Déclarations individuelles RAFP' },
        { code: 'cotisations-rafp', label: 'Cotisations RAFP' },
      ],
    },
    {
      code: 'fonds',
      label: 'Fonds',
      services: [
        { code: 'declaration-annuelle-fiphfp', label: 'Déclaration annuelle FIPHFP' },
        { code: 'declarations-fnc', label: 'Déclarations FNC' },
      ],
    },
  ],
} as const;

export type RightsCatalogue = typeof rightsCatalogue;
export type ServiceFamily = RightsCatalogue['families'][number];
export type ServiceCode = ServiceFamily['services'][number]['code'];

export interface ServiceDescription {
  code: ServiceCode;
  label: string;
  familyCode: string;
  familyLabel: string;
}

export const RIGHTS_CATALOGUE_VERSION: number = rightsCatalogue.version;

/** Every service of the current catalogue, in display order. */
export const services: readonly ServiceDescription[] = rightsCatalogue.families.flatMap((family) =>
  family.services.map((service) => ({
    code: service.code,
    label: service.label,
    familyCode: family.code,
    familyLabel: family.label,
  })),
);

export const serviceCodes: readonly ServiceCode[] = services.map((service) => service.code);

export function isServiceCode(value: string): value is ServiceCode {
  return (serviceCodes as readonly string[]).includes(value);
}
