import { AsyncLocalStorage } from 'node:async_hooks';

/** What the request's log line learns from deeper down while the request runs. */
export interface RequestScope {
  /** The correlation id of the events the request's commands appended (their metadata's `correlationId`). */
  correlationId?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** Called by the write side at each append; outside a request (process managers, CLI) it does nothing. */
export function recordCorrelationId(correlationId: string | undefined): void {
  const scope = scopes.getStore();
  if (scope && correlationId && !scope.correlationId) scope.correlationId = correlationId;
}
