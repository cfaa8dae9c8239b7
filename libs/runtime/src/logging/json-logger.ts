import { hostname } from 'node:os';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { redactForLog } from '../security/log-redaction.js';

export type JsonLogger = Logger;

/**
 * `PEPS_LOG_FORMAT=json`: one JSON object a line on standard output (or `destination`, for tests), with an ISO time
 * and the level as a word, ready for a log collector. Written synchronously: a line is never lost at exit.
 */
export function createJsonLogger(service: string, destination?: DestinationStream): JsonLogger {
  return pino(
    {
      // Several processes on several machines write to the same collector.
      base: { service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const PINO_LEVEL: Record<LogLevel, 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal'> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Nest's logger through pino. Messages are free text written by the platform's modules: they go through the
 * redaction of log-redaction.ts (e-mail addresses, tokens) like every other message.
 */
export class NestJsonLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    private readonly logger: JsonLogger,
    levels: readonly LogLevel[] = ['log', 'error', 'warn'],
  ) {
    this.enabled = new Set(levels);
  }

  // Nest's six levels, each one writer: they differ only by the level they write at.
  readonly log = this.writerAt('log');
  readonly error = this.writerAt('error');
  readonly warn = this.writerAt('warn');
  readonly debug = this.writerAt('debug');
  readonly verbose = this.writerAt('verbose');
  readonly fatal = this.writerAt('fatal');

  setLogLevels(levels: LogLevel[]): void {
    this.enabled.clear();
    for (const level of levels) this.enabled.add(level);
  }

  private writerAt(level: LogLevel): (message: unknown, ...rest: unknown[]) => void {
    return (message, ...rest) => this.write(level, message, rest);
  }

  /** Nest passes `(message, context)`, or `(message, stack, context)` for errors. */
  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length >= 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error) fields.stack = redactForLog(message.stack ?? message.message);
    else if (stack) fields.stack = redactForLog(stack);
    this.logger[PINO_LEVEL[level]](fields, redactForLog(textOf(message)));
  }
}

function textOf(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}
