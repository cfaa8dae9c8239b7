import type { DomainErrorCode } from './domain-error-code.js';
import type { FieldError } from './field-error.js';

/** The one error type of the domain: a code from a closed list, never a free-form message. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details?: FieldError[];

  constructor(code: DomainErrorCode, details?: FieldError[]) {
    super(details?.length ? `${code}: ${details.map((d) => `${d.field} (${d.message})`).join(', ')}` : code);
    this.name = 'DomainError';
    this.code = code;
    if (details) this.details = details;
  }
}

export function validationFailed(errors: FieldError[]): DomainError {
  return new DomainError('validation.failed', errors);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
