import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class MinPositionDto {
  @ApiPropertyOptional({ description: 'Attendre que le modèle de lecture reflète cette écriture (« transaction:position »)' })
  @IsOptional()
  @Matches(/^\d{1,19}:\d{1,19}$/, { message: 'La position doit être de la forme « transaction:position ».' })
  minPosition?: string;
}
