import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '@peps/domain';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/**
 * Field decorators of the HTTP bodies: type and size checked here with one French message per failure, the business
 * rules (formats, required-when, consistency) left to the domain so that its messages are the ones users see.
 * Every string has a maximum length: a 1 MB string is a 400 on its field, never an event.
 */

/**
 * The domain's field errors for the whole body (e.g. `accountContactErrors`). Given, the domain owns the field:
 * `required` and `enum` only document it, presence and values are checked by the domain; here only the type and
 * the size, and a value over the size is refused with the domain's own message for it.
 */
type DomainRules = (body: never) => FieldError[];

interface TextOptions {
  label: string;
  max: number;
  required?: boolean;
  nullable?: boolean;
  description?: string;
  example?: string;
  enum?: readonly string[];
  domain?: DomainRules;
}

const missing = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** What the domain says of this field in this body, if anything. */
function domainMessage(domain: DomainRules | undefined, args: ValidationArguments | undefined): string | undefined {
  if (!domain || !args) return undefined;
  return domain(args.object as never).find((error) => error.field === args.property)?.message;
}

export function TextField(options: TextOptions): PropertyDecorator {
  const { label, max, domain } = options;
  const required = domain ? false : (options.required ?? false);
  return applyDecorators(
    ApiProperty({
      type: String,
      required: options.required ?? false,
      nullable: options.nullable,
      maxLength: max,
      description: options.description,
      example: options.example,
      enum: options.enum as string[] | undefined,
    }),
    ValidateBy({
      name: 'peps:text',
      validator: {
        validate: (value: unknown) => {
          if (missing(value)) return !required;
          if (typeof value !== 'string' || value.length > max) return false;
          return domain !== undefined || !options.enum || options.enum.includes(value);
        },
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value;
          if (missing(value)) return `${label} est obligatoire.`;
          if (typeof value !== 'string') return `${label} doit être une chaîne de caractères.`;
          if (value.length > max) return domainMessage(domain, args) ?? `${label} ne doit pas dépasser ${max} caractères.`;
          return `${label} doit valoir ${options.enum!.map((v) => `« ${v} »`).join(' ou ')}.`;
        },
      },
    }),
  );
}

export function LinesField(options: {
  label: string;
  maxLines: number;
  maxLength: number;
  required?: boolean;
  description?: string;
  example?: string[];
  domain?: DomainRules;
}): PropertyDecorator {
  const { label, maxLines, maxLength, domain } = options;
  const required = domain ? false : (options.required ?? false);
  return applyDecorators(
    ApiProperty({ type: [String], required: options.required ?? false, description: options.description, example: options.example, maxItems: maxLines }),
    ValidateBy({
      name: 'peps:lines',
      validator: {
        validate: (value: unknown) => {
          if (value === undefined || value === null) return !required;
          return Array.isArray(value) && value.length <= maxLines && value.every((line) => typeof line === 'string' && line.length <= maxLength);
        },
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value;
          if (value === undefined || value === null) return `${label} est obligatoire.`;
          if (!Array.isArray(value) || !value.every((line) => typeof line === 'string')) return `${label} doit être une liste de lignes de texte.`;
          const fromDomain = domainMessage(domain, args);
          if (fromDomain) return fromDomain;
          if (value.length > maxLines) return `${label} comporte au plus ${maxLines} lignes.`;
          return `Chaque ligne de ${label.toLowerCase()} comporte au plus ${maxLength} caractères.`;
        },
      },
    }),
  );
}

/** Service code → level; codes and levels are checked by the domain against the catalogue. */
export function RightsField(options: { required?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: 'object',
      additionalProperties: { type: 'string', enum: ['none', 'read', 'write'] },
      required: options.required ?? false,
      description: 'Niveau d’accès par code de service (voir GET /api/services) : none, read ou write.',
      example: { 'affiliation-cnracl': 'write', 'validations-periodes-cnracl': 'read' },
    } as never),
    ValidateBy({
      name: 'peps:rights',
      validator: {
        validate: (value: unknown) => {
          if (value === undefined || value === null) return !options.required;
          if (typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as object);
          return entries.length <= 100 && entries.every(([code, level]) => code.length <= 100 && typeof level === 'string' && level.length <= 20);
        },
        defaultMessage: () => 'Les droits doivent associer chaque code de service à un niveau d’accès (none, read ou write).',
      },
    }),
  );
}

export function IntegerField(options: { label: string; min: number; required?: boolean; description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Number, required: options.required ?? false, minimum: options.min, description: options.description }),
    ValidateBy({
      name: 'peps:integer',
      validator: {
        validate: (value: unknown) =>
          value === undefined || value === null ? !options.required : Number.isInteger(value) && (value as number) >= options.min,
        defaultMessage: (args?: ValidationArguments) =>
          args?.value === undefined || args?.value === null
            ? `${options.label} est obligatoire.`
            : `${options.label} doit être un nombre entier supérieur ou égal à ${options.min}.`,
      },
    }),
  );
}

/** A nested object: checked to be an object here; its own fields by its class (with @Type on the property). */
export function ObjectField(options: { label: string; type: () => unknown; required?: boolean }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: options.type as never, required: options.required ?? false } as never),
    ValidateBy({
      name: 'peps:object',
      validator: {
        validate: (value: unknown) =>
          value === undefined || value === null ? !options.required : typeof value === 'object' && !Array.isArray(value),
        defaultMessage: (args?: ValidationArguments) =>
          args?.value === undefined || args?.value === null ? `${options.label} est obligatoire.` : `${options.label} doit être un objet.`,
      },
    }),
  );
}
