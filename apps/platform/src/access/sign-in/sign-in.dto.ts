import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../shell/command-side/dto-fields.js';

export class SignInDto {
  @TextField({ label: "L'identifiant", max: 50, required: true, example: 'JLO000439', description: 'Majuscules ou minuscules.' })
  identifier!: string;

  @TextField({ label: 'Le mot de passe', max: 1000, required: true })
  password!: string;
}

export class SignedInAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'JLO000439' }) identifier!: string;
  @ApiProperty({ example: 'M. Jean Louty' }) displayName!: string;
  @ApiProperty({ example: ['administrator'] }) roles!: string[];
  @ApiProperty({ required: false }) employerId?: string;
}

export class SignInResponseDto {
  @ApiProperty({ description: 'Jeton de session, à envoyer en `Authorization: Bearer <token>`' }) token!: string;
  @ApiProperty({ description: 'À renvoyer dans l’en-tête `x-csrf-token` des requêtes authentifiées par le cookie qui modifient des données' })
  csrfToken!: string;
  @ApiProperty({ type: SignedInAccountDto }) account!: SignedInAccountDto;
}
