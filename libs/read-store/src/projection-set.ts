import type { Checkpoint, EventStore, RunnerState } from '@peps/event-store';
import type { Projection } from './projection.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.js';
import type { ProjectionStore } from './projection-store.js';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: RunnerState;
  checkpoint: string;
  lag: number;
  skippedEvents: number;
  failingEvents: number;
}

/** All the projections of a process, on either read store: one runner each, started and stopped together, with their status. */
export class ProjectionSet {
  readonly runners: ProjectionRunner[];

  constructor(
    readonly readStore: ProjectionStore,
    store: EventStore,
    projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.runners = projections.map((projection) => new ProjectionRunner(projection, store, readStore, options));
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
  }

  /** Rebuilds every projection of the set from zero on one shared read of the log (`ProjectionRunner.rebuildTogether`). */
  async rebuild(onProgress?: (applied: number, checkpoint: Checkpoint) => void): Promise<number> {
    return ProjectionRunner.rebuildTogether(this.runners, onProgress);
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  async status(): Promise<ProjectionStatus[]> {
    const [checkpoints, failures] = await Promise.all([this.readStore.checkpoints(), this.readStore.failures()]);
    return Promise.all(
      this.runners.map(async (runner) => {
        const stored = checkpoints.find((c) => c.projection === runner.name);
        const own = failures.filter((f) => f.projection === runner.name);
        return {
          name: runner.name,
          version: stored?.version ?? runner.projection.version,
          state: runner.state,
          checkpoint: stored ? `${stored.checkpoint.transactionId}:${stored.checkpoint.position}` : '0:0',
          lag: await runner.lag(),
          skippedEvents: own.filter((f) => f.skipped).length,
          failingEvents: own.filter((f) => !f.skipped).length,
        };
      }),
    );
  }
}
