import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { accountContactErrors } from '@peps/domain';
import { IntegerField, LinesField, ObjectField, RightsField, TextField } from '../../shell/command-side/dto-fields.js';

/**
 * The "Ses coordonnées" tab: only the fields present change; `phone: null` or `""` removes the phone. The fields are
 * the domain's (`accountContactErrors`): only their type and size are checked here.
 */
export class ContactChangesDto {
  @TextField({ label: 'La civilité', max: 20, domain: accountContactErrors, enum: ['monsieur', 'madame'] })
  civility?: string;

  @TextField({ label: 'Le nom', max: 100, domain: accountContactErrors })
  lastName?: string;

  @TextField({ label: 'Le prénom', max: 100, domain: accountContactErrors })
  firstName?: string;

  @TextField({ label: 'Le courriel', max: 254, domain: accountContactErrors, description: 'Avec emailConfirmation.' })
  email?: string;

  @TextField({ label: 'La confirmation du courriel', max: 254, domain: accountContactErrors })
  emailConfirmation?: string;

  @TextField({ label: 'Le téléphone', max: 30, domain: accountContactErrors, nullable: true })
  phone?: string | null;

  @LinesField({ label: "L'adresse professionnelle", domain: accountContactErrors, maxLines: 6, maxLength: 100 })
  professionalAddress?: string[];
}

/** "Appliquer les modifications": both tabs at once, against the version the form was loaded at. */
export class ChangeAccountDto {
  @IntegerField({ label: 'La version attendue', min: 0, required: true, description: 'Le champ `version` lu avec le compte.' })
  expectedVersion!: number;

  @ObjectField({ label: 'Les coordonnées', type: () => ContactChangesDto })
  @ValidateNested({ message: 'Les coordonnées doivent être un objet.' })
  @Type(() => ContactChangesDto)
  contact?: ContactChangesDto;

  @RightsField()
  rights?: Record<string, string>;

  @TextField({
    label: 'Le profil du compte',
    max: 20,
    enum: ['administrator', 'user'],
    description: '`administrator` promeut un utilisateur ; un administrateur ne peut pas redevenir utilisateur (409).',
  })
  profile?: string;
}

export class ChangedAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Nouvelle version du compte' }) version!: number;
  @ApiProperty({ description: 'Nombre d’événements enregistrés (0 : rien n’a changé)' }) changes!: number;
}
