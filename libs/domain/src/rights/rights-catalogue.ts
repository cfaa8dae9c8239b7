/**
 * The PEP's services an account can be granted, as versioned data. Codes are stable keys stored in
 * events: never rename one; add services (and bump the version) instead.
 */
export const rightsCatalogue = {
  version: 1,
  families: [
    family('carriere', 'Carrière', [
      ['affiliation-cnracl', 'Affiliation CNRACL'],
      ['comptes-individuels-retraite-cnracl', 'Comptes individuels retraite CNRACL'],
      ['comptes-individuels-retraite-ircantec', 'Comptes individuels retraite Ircantec'],
      ['mutation-de-masse-partielle-cnracl', 'Mutation de masse partielle CNRACL'],
      ['qualification-comptes-individuels-retraite-cnracl', 'Qualification des comptes individuels retraite CNRACL'],
      ['validation-titulaire-sans-droit-ircantec', 'Validation de titulaire sans droit Ircantec'],
      ['validations-periodes-cnracl', 'Validations de périodes CNRACL'],
    ]),
    family('droits-a-pension', 'Droits à pension', [
      ['demande-avis-prealable-cnracl', "Demande d'avis préalable CNRACL"],
      ['estimation-pension-cnracl', 'Estimation de la pension CNRACL'],
      ['simulation-retraite', 'Simulation de retraite'],
      ['demande-retraite-cnracl-rafp', 'Demande de retraite CNRACL et RAFP'],
    ]),
    family('declarations-et-cotisations', 'Déclarations et cotisations', [
      ['declarations-individuelles-rafp', 'Déclarations individuelles RAFP'],
      ['cotisations-rafp', 'Cotisations RAFP'],
    ]),
    family('fonds', 'Fonds', [
      ['declaration-annuelle-fiphfp', 'Déclaration annuelle FIPHFP'],
      ['declarations-fnc', 'Déclarations FNC'],
    ]),
  ],
} as const;

/** A family of the catalogue: its code and label, then each of its services as `[code, label]`. */
function family<const Code extends string, const Label extends string, const Services extends readonly (readonly [string, string])[]>(
  code: Code,
  label: Label,
  services: Services,
) {
  return {
    code,
    label,
    services: services.map(([serviceCode, serviceLabel]) => ({ code: serviceCode, label: serviceLabel })) as unknown as {
      readonly [I in keyof Services]: { readonly code: Services[I][0]; readonly label: Services[I][1] };
    },
  };
}

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
