/** Where a runner says what it does: Nest's Logger in the platform and the worker, nothing in tests. */
export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** An error as one log line: its name and message, bounded. */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1_000);
}
