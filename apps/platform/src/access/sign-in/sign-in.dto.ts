import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../shell/command-side/dto-fields.js';

export class SignInDto {
  @TextField({ label: "L'identifiant", max: 50, required: true, example: 'JLO000439', description: 'Majuscules ou minuscules.' })
  identifier!: string;

  @TextField({ label: 'Le mot de passe', max: 1000, required: true })
  password!: string;

  @TextField({ label: 'Le jeton de poste de confiance', max: 200, description: 'Reçu lors d’une double authentification « Faire confiance à ce poste » (un navigateur l’envoie aussi en cookie).' })
  workstation?: string;
}

export class PendingSecondFactorDto {
  @ApiProperty({ description: 'À renvoyer à /api/auth/second-factor/code et /verify (10 minutes)' }) challenge!: string;
  @ApiProperty({ example: ['email', 'sms', 'totp'], description: 'Parmi email, sms, totp, passkey, recovery' }) methods!: string[];
  @ApiProperty() expiresAt!: string;
}

export class SecondFactorDueDto {
  @ApiProperty({ type: PendingSecondFactorDto, description: 'Pas encore de session : la double authentification est demandée' })
  secondFactor!: PendingSecondFactorDto;
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
