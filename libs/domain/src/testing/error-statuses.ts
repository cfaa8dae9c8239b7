// The catalogue's HTTP statuses as the error specs check them: a table of codes by status, compared whole.
import { domainErrorCatalogue } from '../shared/domain-error-catalogue.js';
import type { DomainErrorCode } from '../shared/domain-error-code.js';

export type CodesByStatus = Partial<Record<number, DomainErrorCode[]>>;

/** The codes of `expected` regrouped under the status the catalogue actually gives them: equal to `expected` when it is right. */
export function catalogueStatuses(expected: CodesByStatus): CodesByStatus {
  const actual: CodesByStatus = {};
  for (const code of Object.values(expected).flat()) (actual[domainErrorCatalogue[code!].status] ??= []).push(code!);
  return actual;
}
