import type { RecordedEvent } from '@peps/event-store';
import type { AccountInput } from '../create-account/prepare-account-creation.js';
import type { ImportLineError } from './import-line.js';

/**
 * An import is a stream of its own, `import-<uuid>`, with fixed event names and a schema version each: the audit
 * trail (which takes every event) shows who checked, applied and completed it, when, with the file's digest and the
 * lines created, and the status page folds the stream. No table, no migration.
 */
export const importStream = (importId: string) => `import-${importId}`;

export const IMPORT_EVENT_SCHEMA_VERSION = 1;

export interface ImportCreatedLine {
  line: number;
  id: string;
  identifier: string;
}

export type CheckedRow = { line: number; input: AccountInput };

/**
 * The dry run's verdict. Its lines and errors follow in `import.lines-checked` events of at most
 * IMPORT_LINES_PER_EVENT lines each, appended with it (a 10,000-line file would not fit one event's 1 MiB);
 * imports checked before that carry them here.
 */
export interface ImportChecked {
  type: 'import.checked';
  data: { importId: string; employerId: string; digest: string; bytes: number; total: number; valid: number; errors: ImportLineError[]; rows: CheckedRow[] };
}
export interface ImportLinesChecked {
  type: 'import.lines-checked';
  /** `valid`: how many rows, in clear (the rows themselves are sealed with the import's key). */
  data: { importId: string; employerId: string; valid: number; errors: ImportLineError[]; rows: CheckedRow[] };
}

export const IMPORT_LINES_PER_EVENT = 1_000;
export interface ImportApplicationStarted {
  type: 'import.application-started';
  data: { importId: string; employerId: string; digest: string; lines: number };
}
/** One batch of lines applied: those created (with their account) and those refused at that moment. */
export interface ImportLinesApplied {
  type: 'import.lines-applied';
  data: { importId: string; employerId: string; created: ImportCreatedLine[]; errors: ImportLineError[] };
}
export interface ImportCompleted {
  type: 'import.completed';
  data: { importId: string; employerId: string; digest: string; total: number; created: number; refused: number };
}
export type ImportEvent = ImportChecked | ImportLinesChecked | ImportApplicationStarted | ImportLinesApplied | ImportCompleted;

export type ImportStatus = 'checked' | 'applying' | 'applied';

export interface ImportState {
  importId: string;
  employerId: string;
  digest: string;
  status: ImportStatus;
  total: number;
  valid: number;
  checkErrors: ImportLineError[];
  rows: { line: number; input: AccountInput }[];
  created: ImportCreatedLine[];
  applyErrors: ImportLineError[];
  /** Lines the application has handled (created or refused). */
  done: Set<number>;
  checkedBy: string;
  checkedAt: string;
  version: number;
}

/** The fold of an import's stream; null for an unknown import. */
export function foldImport(events: readonly RecordedEvent[]): ImportState | null {
  let state: ImportState | null = null;
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as ImportEvent;
    if (event.type === 'import.checked') {
      state = {
        ...event.data,
        rows: [...event.data.rows],
        status: 'checked',
        checkErrors: [...event.data.errors],
        created: [],
        applyErrors: [],
        done: new Set(),
        checkedBy: recorded.metadata.actor,
        checkedAt: recorded.metadata.occurredAt,
        version: recorded.version,
      };
      continue;
    }
    if (!state) continue;
    state.version = recorded.version;
    if (event.type === 'import.lines-checked') {
      state.rows.push(...event.data.rows);
      state.checkErrors.push(...event.data.errors);
    } else if (event.type === 'import.application-started') state.status = 'applying';
    else if (event.type === 'import.lines-applied') {
      state.created.push(...event.data.created);
      state.applyErrors.push(...event.data.errors);
      for (const line of [...event.data.created.map((c) => c.line), ...event.data.errors.map((e) => e.line)]) state.done.add(line);
    } else if (event.type === 'import.completed') state.status = 'applied';
  }
  return state;
}

/** The contract's answer to `GET /api/accounts/imports/:id`. */
export function importReport(state: ImportState) {
  const errors = [...state.checkErrors, ...state.applyErrors].sort((a, b) => a.line - b.line);
  return { id: state.importId, status: state.status, total: state.total, valid: state.valid, done: state.done.size, created: state.created, errors };
}
export type ImportReport = ReturnType<typeof importReport>;
