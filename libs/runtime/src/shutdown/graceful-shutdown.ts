/** What the shutdown tells the operator; the platform and the worker pass their logger. */
export interface ShutdownLog {
  log(message: string): void;
  error(message: string): void;
}

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

export interface GracefulShutdownOptions {
  steps: readonly ShutdownStep[];
  log: ShutdownLog;
  /** Past this, the process exits with 1 whatever is still running (an orchestrator kills it soon after anyway). */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** `process.exit`, replaceable in tests. */
  exit?: (code: number) => void;
}

export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * On SIGTERM (or SIGINT): the steps one after the other (stop accepting requests, finish the running ones, stop the
 * runners at a checkpoint, close the database), each one timed in the log, then exit 0. A step that fails is logged
 * and the next ones still run (exit 1); past `timeoutMs`, or on a second signal, exit 1 at once.
 * Returns the function a signal calls, for tests.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): (signal: string) => Promise<void> {
  const { steps, log } = options;
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  const shutdown = (signal: string): Promise<void> => {
    if (running) {
      log.error(`Arrêt : second signal ${signal}, sortie immédiate`);
      exit(1);
      return running;
    }
    running = (async () => {
      const started = performance.now();
      log.log(`Arrêt demandé (${signal}) : plus de nouvelle requête, fin des requêtes en cours, arrêt des traitements`);
      const force = setTimeout(() => {
        log.error(`Arrêt forcé après ${timeoutMs} ms : des requêtes ou des traitements ne se sont pas terminés`);
        exit(1);
      }, timeoutMs);
      let failed = false;
      for (const step of steps) {
        const stepStarted = performance.now();
        try {
          await step.run();
          log.log(`Arrêt : ${step.name} en ${Math.round(performance.now() - stepStarted)} ms`);
        } catch (error) {
          failed = true;
          log.error(`Arrêt : ${step.name} a échoué : ${(error as Error).message}`);
        }
      }
      clearTimeout(force);
      log.log(`Arrêté en ${Math.round(performance.now() - started)} ms`);
      exit(failed ? 1 : 0);
    })();
    return running;
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, (received) => void shutdown(received));
  return shutdown;
}
