import { DomainError, normaliseIdentifier } from '@peps/domain';
import type { Operator, Operators } from './operators.js';
import type { SecurityAudit } from '../security/security-audit.js';
import type { RequestContext } from '../security/request-context.js';

/** An operator as the DRS sees it in the list: never its password hash. */
export interface OperatorView {
  id: string;
  identifier: string;
  displayName: string;
  roles: string[];
  status: 'active' | 'locked';
  lockedAt: string | null;
  /** Failed sign-ins in a row so far. */
  consecutiveFailedSignIns: number;
}

export function toOperatorView(operator: Operator): OperatorView {
  return {
    id: operator.accountId,
    identifier: operator.identifier,
    displayName: operator.displayName,
    roles: [...operator.roles],
    status: operator.lockedAt ? 'locked' : 'active',
    lockedAt: operator.lockedAt?.toISOString() ?? null,
    consecutiveFailedSignIns: operator.failedSignIns,
  };
}

/**
 * Unlocks the operator with this identifier (typed in any case, normalised as at sign-in) and records it in the
 * operator's security stream before returning. Shared by `POST /api/drs/operators/:identifier/unlock` (another DRS
 * operator: `context.actor`) and `npm run cli -- operator:unlock` (system actor). Unknown → `account.not-found`
 * (404), not locked → `account.not-locked` (409): nothing changes then.
 */
export async function unlockOperator(operators: Operators, audit: SecurityAudit, identifier: string, context: RequestContext): Promise<OperatorView> {
  const normalised = normaliseIdentifier(identifier);
  if (normalised === undefined) throw new DomainError('account.not-found');
  const result = await operators.unlock(normalised);
  if (result.outcome === 'unknown') throw new DomainError('account.not-found');
  if (result.outcome === 'not-locked') throw new DomainError('account.not-locked');
  await audit.operatorUnlocked(result.operator, context);
  return toOperatorView(result.operator);
}
