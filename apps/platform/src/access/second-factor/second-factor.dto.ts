import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional } from 'class-validator';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { SignedInAccountDto } from '../sign-in/sign-in.dto.js';

const CHALLENGE = { label: 'Le défi', max: 200, required: true, description: 'Reçu de /api/auth/login ou d’une réponse 403 second-factor.required' } as const;

export class SecondFactorCodeRequestDto {
  @TextField(CHALLENGE) challenge!: string;

  @ApiProperty({ enum: ['email', 'sms'] })
  @IsIn(['email', 'sms'], { message: 'La méthode doit être « email » ou « sms ».' })
  method!: 'email' | 'sms';
}

export class PasskeyOptionsRequestDto {
  @TextField(CHALLENGE) challenge!: string;
}

export class SecondFactorVerifyDto {
  @TextField(CHALLENGE) challenge!: string;

  @ApiProperty({ enum: ['email', 'sms', 'totp', 'passkey', 'recovery'] })
  @IsIn(['email', 'sms', 'totp', 'passkey', 'recovery'], { message: 'La méthode doit être email, sms, totp, passkey ou recovery.' })
  method!: string;

  @TextField({ label: 'Le code', max: 64, description: '6 chiffres (courriel, SMS, application) ou un code de secours' })
  code?: string;

  @ApiProperty({ required: false, description: 'Réponse WebAuthn (navigator.credentials.get) pour une clé d’accès' })
  @IsOptional()
  @IsObject({ message: 'La réponse de la clé d’accès doit être un objet.' })
  credential?: Record<string, unknown>;

  @ApiProperty({ required: false, description: 'Faire confiance à ce poste pendant 7 jours' })
  @IsOptional()
  @IsBoolean({ message: 'trustWorkstation doit valoir true ou false.' })
  trustWorkstation?: boolean;
}

export class SecondFactorVerifiedDto {
  @ApiProperty() token!: string;
  @ApiProperty() csrfToken!: string;
  @ApiProperty({ type: SignedInAccountDto }) account!: SignedInAccountDto;
  @ApiProperty({ required: false, description: 'Jeton de poste de confiance (7 jours), aussi posé en cookie HttpOnly' }) workstation?: string;
}

export class TotpConfirmationDto {
  @TextField({ label: 'Le code', max: 64, required: true, description: 'Le code à 6 chiffres affiché par l’application' })
  code!: string;
}
