import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AccountBodyDto } from '../../accounts/create-account/account-body.dto.js';
import { LinesField, ObjectField, RightsField, TextField } from '../../shell/command-side/dto-fields.js';

export class LegalRepresentativeDto {
  @TextField({ label: 'La civilité du représentant légal', max: 20, required: true, enum: ['monsieur', 'madame'], example: 'monsieur' })
  civility!: string;

  @TextField({ label: 'Le nom du représentant légal', max: 100, required: true, example: 'Dupont' })
  lastName!: string;

  @TextField({ label: 'Le prénom du représentant légal', max: 100, required: true, example: 'Philippe' })
  firstName!: string;

  @TextField({ label: 'La fonction du représentant légal', max: 100, example: 'Maire', description: 'Facultative ; imprimée sous son nom sur les courriers (38 caractères au plus).' })
  function?: string;

  @LinesField({
    label: "L'adresse du représentant légal",
    maxLines: 6,
    maxLength: 100,
    required: true,
    description: "Norme postale : 6 lignes de 38 caractères au plus, la dernière commençant par le code postal ; le courrier y ajoute le nom du représentant, sa fonction et le nom de l'établissement, l'ensemble tenant en 6 lignes.",
    example: ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
  })
  address!: string[];
}

export class RegisterEmployerDto {
  @TextField({ label: "Le nom de l'établissement", max: 200, required: true, example: 'CHRU DE NANTES' })
  name!: string;

  @TextField({ label: 'Le numéro SIRET', max: 20, required: true, example: '26440013600018' })
  siret!: string;

  @ObjectField({ label: 'Le représentant légal', type: () => LegalRepresentativeDto, required: true })
  @ValidateNested({ message: 'Le représentant légal doit être un objet.' })
  @Type(() => LegalRepresentativeDto)
  legalRepresentative!: LegalRepresentativeDto;

  @ObjectField({ label: 'Le premier administrateur', type: () => AccountBodyDto, required: true })
  @ValidateNested({ message: 'Le premier administrateur doit être un objet.' })
  @Type(() => AccountBodyDto)
  firstAdministrator!: AccountBodyDto;

  @RightsField()
  defaultRights?: Record<string, string>;
}

export class RegisteredEmployerDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: { id: '0b6f…', identifier: 'JLO000001' } }) firstAdministrator!: { id: string; identifier: string };
}
