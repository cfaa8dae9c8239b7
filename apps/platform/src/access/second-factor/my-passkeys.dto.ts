import { ApiProperty } from '@nestjs/swagger';
import { PASSKEY_NAME_MAX_LENGTH } from '@peps/domain';
import { IsObject } from 'class-validator';
import { TextField } from '../../shell/command-side/dto-fields.js';

// The messages are the domain's own (validatePasskeyName): checked here first, so that a bad name does not use up
// the registration challenge the browser just answered.
export class RegisterPasskeyDto {
  @ApiProperty({ description: 'Réponse WebAuthn de navigator.credentials.create (startRegistration), telle quelle' })
  @IsObject({ message: 'La réponse de la clé d’accès est obligatoire et doit être un objet.' })
  credential!: Record<string, unknown>;

  @TextField({ label: 'Le nom de la clé d’accès', max: PASSKEY_NAME_MAX_LENGTH, required: true, example: 'Clé USB bleue', description: 'Pour reconnaître la clé dans la liste' })
  name!: string;
}

export class PasskeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'ISO 8601' }) registeredAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Dernière connexion avec cette clé (ISO 8601)' }) lastUsedAt!: string | null;
}
