import { accountContactErrors } from '@peps/domain';
import { TextField, LinesField, RightsField } from '../../shell/command-side/dto-fields.js';

/**
 * The account form of the guide (step 1 and 2), as `POST /api/accounts` and `firstAdministrator` receive it. The
 * contact fields are the domain's (`accountContactErrors`): only their type and size are checked here.
 */
export class AccountBodyDto {
  @TextField({ label: 'Le profil du compte', max: 20, domain: accountContactErrors, required: true, enum: ['administrator', 'user'], example: 'user' })
  profile!: string;

  @TextField({ label: 'La civilité', max: 20, domain: accountContactErrors, required: true, enum: ['monsieur', 'madame'], example: 'monsieur' })
  civility!: string;

  @TextField({ label: 'Le nom', max: 100, domain: accountContactErrors, required: true, example: 'Louty' })
  lastName!: string;

  @TextField({ label: 'Le prénom', max: 100, domain: accountContactErrors, required: true, example: 'Jean' })
  firstName!: string;

  @TextField({ label: 'Le courriel', max: 254, domain: accountContactErrors, required: true, example: 'jean.louty@chu-nantes.fr' })
  email!: string;

  @TextField({ label: 'La confirmation du courriel', max: 254, domain: accountContactErrors, required: true, example: 'jean.louty@chu-nantes.fr' })
  emailConfirmation!: string;

  @TextField({ label: 'Le téléphone', max: 30, domain: accountContactErrors, nullable: true, example: '02 41 05 19 38' })
  phone?: string | null;

  @LinesField({
    label: "L'adresse professionnelle",
    domain: accountContactErrors,
    maxLines: 6,
    maxLength: 100,
    description: 'Obligatoire pour un administrateur : 6 lignes de 38 caractères au plus, la dernière commençant par le code postal.',
    example: ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
  })
  professionalAddress?: string[];

  @RightsField()
  rights?: Record<string, string>;
}

export class CreatedAccountDto {
  id!: string;
  identifier!: string;
}
