import { POSTAL_ADDRESS_MAX_LINE_LENGTH, POSTAL_ADDRESS_MAX_LINES } from '@peps/domain';

/** The form inputs of the legal representative fieldset (partial legal-representative-fields.hbs). */
export const REPRESENTATIVE_INPUTS = ['repCivility', 'repLastName', 'repFirstName', 'repFunction', 'address'] as const;

export const formText = (value: unknown, max = 300): string => (typeof value === 'string' ? value.slice(0, max) : '');
export const formLines = (value: string): string[] => value.split(/\r?\n/).map((l) => l.trim());

/** The API's field names → the fieldset's inputs. */
export const representativeInputOfApi: Record<string, string> = {
  address: 'address',
  'legalRepresentative.address': 'address',
  'legalRepresentative.civility': 'repCivility',
  'legalRepresentative.lastName': 'repLastName',
  'legalRepresentative.firstName': 'repFirstName',
  'legalRepresentative.function': 'repFunction',
};

/** The contract's `legalRepresentative` object from the fieldset's values. */
export function representativeBody(values: Record<string, string>) {
  return {
    civility: values.repCivility,
    lastName: values.repLastName,
    firstName: values.repFirstName,
    ...(values.repFunction.trim() ? { function: values.repFunction } : {}),
    address: formLines(values.address),
  };
}

/** What the fieldset needs besides the values: the norm's limits and the checked civility. */
export const representativeView = (values: Record<string, string>) => ({
  maxLines: POSTAL_ADDRESS_MAX_LINES,
  maxLength: POSTAL_ADDRESS_MAX_LINE_LENGTH,
  repMadame: values.repCivility === 'madame',
  repMonsieur: values.repCivility === 'monsieur',
});
