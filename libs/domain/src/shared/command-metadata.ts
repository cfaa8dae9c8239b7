export type Role = 'administrator' | 'user' | 'drs' | 'auditor';

export type Actor =
  | { kind: 'account'; accountId: string; roles: Role[]; employerId?: string }
  | { kind: 'system' }
  | { kind: 'anonymous' };

/** Everything a decision needs from the outside world: the domain has no clock, no id source, no session. */
export interface CommandMetadata {
  /** ISO-8601 instant of the platform clock. */
  now: string;
  actor: Actor;
  correlationId: string;
  causationId?: string;
  sourceAddress?: string;
}
