import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { listedStatuses } from '@peps/account-list';
import { BoundedInteger } from '../../shell/query-side/bounded-integer.js';
import { ACCOUNT_LIST_MAX_PAGE_SIZE } from '@peps/account-list';

export class ListAccountsDto {
  @ApiPropertyOptional({ description: 'Nom, prénom, identifiant ou courriel (sans tenir compte des accents ni de la casse)' })
  @IsOptional()
  @IsString({ message: 'La recherche doit être un texte.' })
  @MaxLength(100, { message: 'La recherche ne peut pas dépasser 100 caractères.' })
  search?: string;

  @ApiPropertyOptional({ enum: ['administrator', 'user'] })
  @IsOptional()
  @IsIn(['administrator', 'user'], { message: 'Le profil doit être « administrator » ou « user ».' })
  profile?: 'administrator' | 'user';

  @ApiPropertyOptional({ enum: listedStatuses })
  @IsOptional()
  @IsIn(listedStatuses, { message: `Le statut doit être l’un de : ${listedStatuses.join(', ')}.` })
  status?: (typeof listedStatuses)[number];

  @ApiPropertyOptional({ enum: ['name', 'identifier', 'createdAt', 'lastSignInAt', 'status', 'profile'] })
  @IsOptional()
  @IsIn(['name', 'identifier', 'createdAt', 'lastSignInAt', 'status', 'profile'], { message: 'Le tri demandé n’existe pas.' })
  sort?: 'name' | 'identifier' | 'createdAt' | 'lastSignInAt' | 'status' | 'profile';

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'L’ordre doit être « asc » ou « desc ».' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @BoundedInteger(100_000, { integer: 'La page doit être un nombre entier.', min: 'La page doit être au moins 1.', max: 'La page demandée est trop grande.' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: ACCOUNT_LIST_MAX_PAGE_SIZE, default: 50 })
  @BoundedInteger(ACCOUNT_LIST_MAX_PAGE_SIZE, {
    integer: 'La taille de page doit être un nombre entier.',
    min: 'La taille de page doit être au moins 1.',
    max: `La taille de page ne peut pas dépasser ${ACCOUNT_LIST_MAX_PAGE_SIZE}.`,
  })
  pageSize?: number;

  @ApiPropertyOptional({ enum: ['1'], description: 'Comptes arrivant à expiration : l’avertissement d’inactivité est dû (18 mois sans connexion — ou, jamais connecté, depuis la création — atteints ou atteints le mois prochain)' })
  @IsOptional()
  @IsIn(['1'], { message: 'Le filtre « arrivant à expiration » vaut « 1 » ou est absent.' })
  expiring?: '1';

  @ApiPropertyOptional({ description: 'DRS : limiter à un employeur' })
  @IsOptional()
  @IsString({ message: 'L’employeur doit être un identifiant.' })
  @MaxLength(100, { message: 'L’identifiant d’employeur est trop long.' })
  employerId?: string;

  @ApiPropertyOptional({ description: 'Attendre que la liste reflète cette écriture (« transaction:position »)' })
  @IsOptional()
  @Matches(/^\d{1,19}:\d{1,19}$/, { message: 'La position doit être de la forme « transaction:position ».' })
  minPosition?: string;
}
