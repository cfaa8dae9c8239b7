import { createHash } from 'node:crypto';

/**
 * Names for the statements a PostgreSQL connection keeps prepared. Parsing and planning were most of what a short
 * statement cost the server on this project's machines (a stream-version read: 0.09 → 0.036 ms of server CPU once
 * prepared; a stream read: 0.22 → 0.08 ms; see docs/performance.md): a connection prepares a named statement the
 * first time it runs it, then only binds and executes it.
 *
 * Only statements with parameters are named (those without are migrations, DDL, BEGIN/COMMIT); at most `limit`
 * distinct texts per database handle (each of its connections prepares those it runs), so SQL whose text varies
 * cannot fill the server's memory; a text the server refused to run prepared is never named again. A query whose
 * best plan depends on its parameters opts out (`QueryOptions.prepare`).
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(private readonly limit = 1_000) {}

  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known) return known;
    if (this.names.size >= this.limit || this.refused.has(text)) return undefined;
    const name = `peps_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.names.set(text, name);
    return name;
  }

  /** Run this text unnamed from now on. */
  refuse(text: string): void {
    this.names.delete(text);
    this.refused.add(text);
  }
}

/**
 * A prepared statement whose tables changed shape under a running process (a migration of a newer version during a
 * rolling upgrade): PostgreSQL refuses it before executing anything, so the statement can be run again unnamed.
 */
export function isStalePreparedPlan(error: unknown): boolean {
  // The server's routine, not its message: messages follow the server's lc_messages ("le plan en cache…").
  const { code, routine } = (error ?? {}) as { code?: string; routine?: string };
  return code === '0A000' && routine === 'RevalidateCachedQuery';
}
