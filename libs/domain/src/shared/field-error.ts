/** One invalid input field; `field` uses the API body's names (e.g. `email`, `rights.affiliation-cnracl`). */
export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function valid<T>(value: T): Validated<T> {
  return { ok: true, value };
}

export function invalid<T = never>(field: string, message: string): Validated<T> {
  return { ok: false, errors: [{ field, message }] };
}

/** Collects field errors from several validations so that all of them are reported at once. */
export class FieldErrors {
  readonly errors: FieldError[] = [];

  /** Returns the value when valid, `undefined` otherwise (the error is kept). */
  take<T>(result: Validated<T>): T | undefined {
    if (result.ok) return result.value;
    this.errors.push(...result.errors);
    return undefined;
  }

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  get isEmpty(): boolean {
    return this.errors.length === 0;
  }
}
