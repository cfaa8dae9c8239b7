import type { AccountEvent } from '../account/account-events.js';
import type { EmployerEvent } from '../employer/employer-events.js';
import type { TermsOfUseEvent } from '../terms-of-use/terms-of-use-events.js';

export type DomainEvent = AccountEvent | EmployerEvent | TermsOfUseEvent;
export type EventType = DomainEvent['type'];
export type EventData<T extends EventType> = Extract<DomainEvent, { type: T }>['data'];
