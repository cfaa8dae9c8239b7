import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Flattens class-validator errors into `{field, message}` with dotted paths (`legalRepresentative.lastName`). */
export function fieldErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? 'Ce champ n’est pas attendu.' : message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields refused, types checked, every message in French (set on each DTO decorator). */
export function platformValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({ code: 'validation.failed', message: 'Certains champs sont invalides.', errors: fieldErrors(errors) }),
  });
}
