import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, domainErrorCatalogue, type FieldError } from '@peps/domain';
import type { NewEvent } from '@peps/event-store';
import type { KeyVault } from '@peps/personal-data';
import { KEY_VAULT, type RequestContext } from '@peps/runtime';
import { eventMetadata } from '../../shell/command-side/event-sourcing.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { CreateAccountCommand } from '../create-account/create-account.handler.js';
import type { AccountInput } from '../create-account/prepare-account-creation.js';
import { SamePersonAccounts } from '../create-account/same-person.js';
import { parseImportFile } from './import-csv.js';
import { alreadyHasAccount, columnOf, duplicateLineErrors, importLineErrors, importLineInput, type ImportLineError } from './import-line.js';
import { foldImport, IMPORT_EVENT_SCHEMA_VERSION, IMPORT_LINES_PER_EVENT, importReport, importStream, type ImportCreatedLine, type ImportEvent, type ImportReport, type ImportState } from './import-stream.js';

/** Lines recorded per `import.lines-applied` event: the progress the status page shows moves by this step. */
const BATCH = 25;
/**
 * Lines of a batch created at the same time. One at a time, a line waits for each of its commits (on PostgreSQL
 * with its WAL flush): 10,000 lines took 258 s (bench/import); 4 at a time 192 s; 16 at a time 63 s; a whole batch
 * at once 68 s on a machine slower that run (0.24 of a single POST against 0.38). Lines are independent people (the
 * dry run refused duplicates); administrators all write to the employer's stream, so they go one after another
 * beside the users (many at once would keep conflicting there).
 */
const LINES_AT_ONCE = BATCH;

/** `work` over `items`, at most `limit` at a time, the results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs the works given to it one after another, in the order given, whatever each one's outcome. */
function oneAfterAnother(): <R>(work: () => Promise<R>) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = last.then(work);
    last = next.catch(() => undefined);
    return next;
  };
}

/**
 * Bulk import of accounts: a dry run that records what it found (`import.checked`), then, on request, every valid
 * line created in the background through the account-creation command (its own rules, identifier and invitation).
 */
@Injectable()
export class AccountImports {
  private readonly logger = new Logger('AccountImports');
  /** Imports being applied by this process: a second request for one of them changes nothing. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly writeSide: WriteSide,
    private readonly commands: CommandBus,
    private readonly samePerson: SamePersonAccounts,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  /** The dry run: refuses a bad file whole (ImportRefused), checks every line, creates nothing but the import's record. */
  async check(employerId: string, file: Uint8Array, context: RequestContext): Promise<ImportReport> {
    const employer = await this.writeSide.loadEmployer(employerId);
    if (!employer.state) throw new DomainError('employer.not-found');
    const parsed = parseImportFile(file);
    const lines = parsed.rows.map((row) => ({ row, input: importLineInput(row) }));
    const errors: ImportLineError[] = lines.flatMap(({ row, input }) => importLineErrors(row, input));
    errors.push(...duplicateLineErrors(lines.map(({ row, input }) => ({ line: row.line, input }))));
    for (const { row, input } of lines) {
      if (errors.some((e) => e.line === row.line)) continue;
      const existing = await this.existingAccount(employerId, input);
      if (existing) errors.push(alreadyHasAccount(row.line, existing));
    }
    const refused = new Set(errors.map((e) => e.line));
    const rows = lines.filter(({ row }) => !refused.has(row.line)).map(({ row, input }) => ({ line: row.line, input }));
    const importId = randomUUID();
    const sortedErrors = errors.sort((a, b) => a.line - b.line);
    const event: ImportEvent = {
      type: 'import.checked',
      data: {
        importId,
        employerId,
        digest: createHash('sha256').update(file).digest('hex'),
        bytes: file.length,
        total: parsed.rows.length,
        valid: rows.length,
        errors: [],
        rows: [],
      },
    };
    // The lines and their errors in slices, every event under the 1 MiB an event may weigh; one append.
    const slices: ImportEvent[] = [];
    for (let first = 0; first < Math.max(rows.length, sortedErrors.length); first += IMPORT_LINES_PER_EVENT) {
      const slice = rows.slice(first, first + IMPORT_LINES_PER_EVENT);
      slices.push({
        type: 'import.lines-checked',
        data: { importId, employerId, valid: slice.length, rows: slice, errors: sortedErrors.slice(first, first + IMPORT_LINES_PER_EVENT) },
      });
    }
    await this.writeSide.appendMany([{ stream: importStream(importId), events: [event, ...slices].map((e) => this.toNew(e, context)), expectedVersion: 'no-stream' }]);
    return { id: importId, status: 'checked', total: event.data.total, valid: event.data.valid, done: 0, created: [], errors: sortedErrors };
  }

  /** The import of this employer, or 404 (another employer's import is as unknown as a missing one). */
  async load(employerId: string, importId: string): Promise<ImportState> {
    const state = /^[0-9a-f-]{36}$/i.test(importId) ? foldImport(await this.writeSide.store.readStream(importStream(importId))) : null;
    if (!state || state.employerId !== employerId) throw new DomainError('import.not-found');
    return state;
  }

  async report(employerId: string, importId: string): Promise<ImportReport> {
    return importReport(await this.load(employerId, importId));
  }

  /**
   * Starts (or resumes, after a restart) the application in the background and returns at once. An applied import,
   * or one this process is applying, is left as it is: applying twice creates nothing twice.
   */
  async apply(employerId: string, importId: string, context: RequestContext): Promise<void> {
    const state = await this.load(employerId, importId);
    if (state.status === 'applied' || this.running.has(importId)) return;
    if (state.status === 'checked') {
      const started: ImportEvent = { type: 'import.application-started', data: { importId, employerId, digest: state.digest, lines: state.rows.length } };
      // Expected version: a concurrent request for the same import fails here instead of applying it twice.
      await this.writeSide.appendMany([{ stream: importStream(importId), events: [this.toNew(started, context)], expectedVersion: state.version }]);
      state.version += 1;
      state.status = 'applying';
    }
    const work = this.run(state, context)
      .catch((error) => this.logger.error(`import ${importId} stopped: ${(error as Error).message}`))
      .finally(() => this.running.delete(importId));
    this.running.set(importId, work);
  }

  /** Resolves when this process has finished applying the import (for shutdown and specs). */
  async settled(importId: string): Promise<void> {
    await this.running.get(importId);
  }

  private async run(state: ImportState, context: RequestContext): Promise<void> {
    const pending = state.rows.filter((row) => !state.done.has(row.line));
    let version = state.version;
    for (let start = 0; start < pending.length; start += BATCH) {
      const created: ImportCreatedLine[] = [];
      const errors: ImportLineError[] = [];
      const batch = pending.slice(start, start + BATCH);
      const administrators = oneAfterAnother();
      const outcomes = await inParallel(batch, LINES_AT_ONCE, ({ line, input }) => {
        const create = () => this.createLine(state.employerId, line, input, context);
        return input.profile === 'administrator' ? administrators(create) : create();
      });
      // In the file's order, whatever order the lines finished in.
      for (const outcome of outcomes) {
        if ('id' in outcome) created.push(outcome);
        else errors.push(...outcome.errors);
      }
      const applied: ImportEvent = { type: 'import.lines-applied', data: { importId: state.importId, employerId: state.employerId, created, errors } };
      await this.writeSide.appendMany([{ stream: importStream(state.importId), events: [this.toNew(applied, context)], expectedVersion: version }]);
      version += 1;
      state.created.push(...created);
      state.applyErrors.push(...errors);
    }
    const completed: ImportEvent = {
      type: 'import.completed',
      data: {
        importId: state.importId,
        employerId: state.employerId,
        digest: state.digest,
        total: state.total,
        created: state.created.length,
        refused: state.total - state.created.length,
      },
    };
    await this.writeSide.appendMany([{ stream: importStream(state.importId), events: [this.toNew(completed, context)], expectedVersion: version }]);
    // The lines were kept only to be applied: each created account now holds its person's data under their own key.
    // Destroying the import's key erases the file's names and addresses from the import's stream.
    await this.vault.destroy(state.importId, new Date(this.writeSide.metadata(context).now));
  }

  /** One line through the creation command, after checking again that its person has no account meanwhile. */
  private async createLine(employerId: string, line: number, input: AccountInput, context: RequestContext): Promise<ImportCreatedLine | { errors: ImportLineError[] }> {
    const existing = await this.existingAccount(employerId, input);
    if (existing) return { errors: [alreadyHasAccount(line, existing)] };
    try {
      const created = await this.commands.execute(new CreateAccountCommand(employerId, input, { ...context, correlationId: randomUUID() }));
      return { line, id: created.id, identifier: created.identifier };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const details: FieldError[] = error.details?.length ? error.details : [{ field: 'ligne', message: domainErrorCatalogue[error.code].message }];
      return { errors: details.map((d) => ({ line, field: columnOf(d.field), message: d.message })) };
    }
  }

  /** The identifier of a live account of this employer for the same person (e-mail, last and first name), if any. */
  private async existingAccount(employerId: string, input: AccountInput): Promise<string | undefined> {
    return (await this.samePerson.find(employerId, input))?.identifier;
  }

  private toNew(event: ImportEvent, context: RequestContext): NewEvent {
    return { id: randomUUID(), type: event.type, schemaVersion: IMPORT_EVENT_SCHEMA_VERSION, data: event.data, metadata: eventMetadata(this.writeSide.metadata(context)) };
  }
}
