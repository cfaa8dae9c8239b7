import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { AccountBodyDto } from '../../accounts/create-account/account-body.dto.js';
import { ContactChangesDto } from '../../accounts/change-account/change-account.dto.js';
import { platformValidationPipe } from '../http/validation.js';

/** What the validation pipe answers for a body: the field errors, or none when it lets the body through. */
async function dtoErrors(metatype: new () => object, body: unknown): Promise<{ field: string; message: string }[]> {
  try {
    await platformValidationPipe().transform(body, { type: 'body', metatype });
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { errors: { field: string; message: string }[] }).errors;
  }
}

describe('the account form’s DTOs: shape and size only, the domain’s words', () => {
  it('given an empty form or unknown values, when validated, then the DTO lets them through to the domain', async () => {
    expect(await dtoErrors(AccountBodyDto, {})).toEqual([]);
    expect(await dtoErrors(AccountBodyDto, { profile: 'root', civility: 'mademoiselle', email: 'pas-un-courriel' })).toEqual([]);
    expect(await dtoErrors(ContactChangesDto, { civility: 'x', phone: null })).toEqual([]);
  });

  it('given a value of the wrong type, when validated, then the DTO refuses it', async () => {
    expect(await dtoErrors(AccountBodyDto, { lastName: 42 })).toEqual([{ field: 'lastName', message: 'Le nom doit être une chaîne de caractères.' }]);
  });

  it.each([
    ['a 1 MB last name', { lastName: 'L'.repeat(1024 * 1024) }, 'lastName', 'Le nom ne doit pas dépasser 100 caractères.'],
    ['a 255-character e-mail', { email: `${'a'.repeat(243)}@employeur.fr` }, 'email', "Le courriel n'est pas valide (exemple : monmail@employeur.fr)."],
    ['a 31-character phone', { phone: '0'.repeat(31) }, 'phone', "Le numéro de téléphone n'est pas valide (exemple : 02 41 05 19 38)."],
    ['a 7-line address', { professionalAddress: ['A', 'B', 'C', 'D', 'E', 'F', '75001 PARIS'] }, 'professionalAddress', "L'adresse comporte au plus 6 lignes."],
    ['a 1 MB address line', { professionalAddress: ['x'.repeat(1024 * 1024)] }, 'professionalAddress', "La ligne 1 de l'adresse dépasse 38 caractères."],
  ])('given %s, when validated, then the DTO stops it with the domain’s message', async (_label, body, field, message) => {
    expect(await dtoErrors(AccountBodyDto, body)).toEqual([{ field, message }]);
    expect(await dtoErrors(ContactChangesDto, body)).toEqual([{ field, message }]);
  });
});
