import { Injectable } from '@nestjs/common';
import type { Command, CommandResult } from '@nestjs/cqrs';
import type { CommandMetadata } from '@peps/domain';
import type { RequestContext } from '@peps/runtime';
import { WriteSide } from './write-side.js';

/**
 * A command handler whose whole load-decide-append is safe to run again when another writer got there first: up to
 * 3 attempts, each deciding at the platform clock's now. Only for commands without a client-side expected version.
 */
@Injectable()
export abstract class RedecidingHandler<C extends Command<unknown> & { context: RequestContext }> {
  constructor(protected readonly writeSide: WriteSide) {}

  execute(command: C): Promise<CommandResult<C>> {
    return this.writeSide.retrying(3, () => this.decide(command, this.writeSide.metadata(command.context)));
  }

  /** One attempt: loads what the decision needs, decides and appends. */
  protected abstract decide(command: C, metadata: CommandMetadata): Promise<CommandResult<C>>;
}
