import { Injectable } from '@nestjs/common';
import {
  administratorSetChange,
  employerDecider,
  employerStream,
  type AdministratorSetChange,
  type CommandMetadata,
  type DomainEvent,
  type EmployerEvent,
  type EmployerState,
} from '@peps/domain';
import type { AppendResult, StreamAppend } from '@peps/event-store';
import { retryOnConflict } from './conflict-retry.js';
import type { Loaded } from './event-sourcing.js';
import { WriteSide } from './write-side.js';

/** What a command decided on an account, ready to append. */
export interface AccountWrite {
  /** The account stream's append: its new events at the expected version. */
  append: StreamAppend;
  /** The same events as domain events: what they change in the employer's administrators follows from them. */
  events: readonly DomainEvent[];
  metadata: CommandMetadata;
  /** The employer as the command already read it: the first attempt decides on it, a retry reads it again. */
  employer?: Loaded<EmployerState>;
  /** Events of an employer this command registers (no stream yet): appended first, the changes decided after them. */
  registration?: EmployerEvent[];
}

/**
 * The one path by which an account's events and their consequence for its employer's set of administrators
 * (`administratorSetChange` of @peps/domain) are written: the employer decides each change on its current state, so
 * its rules (never delete the last administrator) can refuse the whole command, and both streams are appended in one
 * transaction. On a conflict on either stream, `decide` runs again and the employer is read again (`retryOnConflict`).
 */
@Injectable()
export class AdministratorSet {
  constructor(private readonly writeSide: WriteSide) {}

  async append<W extends AccountWrite>(decide: () => W | Promise<W>): Promise<W & { result: AppendResult }> {
    let attempt = 0;
    return retryOnConflict(async () => {
      attempt += 1;
      const write = await decide();
      const employer = await this.employerAppend(write, attempt === 1 ? write.employer : undefined);
      // A registration comes before the employer's first account; otherwise the account's events come first.
      const appends = !employer ? [write.append] : write.registration ? [employer, write.append] : [write.append, employer];
      return { ...write, result: await this.writeSide.appendMany(appends) };
    });
  }

  private async employerAppend(write: AccountWrite, known: Loaded<EmployerState> | undefined): Promise<StreamAppend | null> {
    const changes = write.events.map(administratorSetChange).filter((change): change is AdministratorSetChange => change !== null);
    const registration = write.registration ?? [];
    if (changes.length === 0 && registration.length === 0) return null;
    let state: EmployerState;
    let expectedVersion: number | 'no-stream';
    if (write.registration) {
      state = registration.reduce(employerDecider.evolve, null as EmployerState);
      expectedVersion = 'no-stream';
    } else {
      ({ state, version: expectedVersion } = known ?? (await this.writeSide.loadEmployer(changes[0].employerId)));
    }
    const events = [...registration];
    for (const change of changes) {
      const decided = this.writeSide.decideEmployer(change, state, write.metadata);
      events.push(...decided);
      state = decided.reduce(employerDecider.evolve, state);
    }
    // An account belongs to one employer: every change of one write is that employer's.
    const employerId = state?.employerId ?? changes[0].employerId;
    return this.writeSide.append(employerStream(employerId), events, expectedVersion, write.metadata);
  }
}
