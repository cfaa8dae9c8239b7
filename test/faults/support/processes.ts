import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sleep } from './random.js';

export { freePort } from '@peps/testing';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The build the processes run: `dist`, or PEPS_FAULTS_DIST (a folder under the root: a mutant build, to see a spec fail). */
export const DIST = resolve(ROOT, process.env.PEPS_FAULTS_DIST ?? 'dist');

/**
 * One built process of the platform (`dist/apps/<app>/src/main.js`), started on a fixed environment so that it can
 * be killed and started again as the same member of the installation. Its output is kept (the tail goes into
 * failure messages).
 */
export class PepsProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  output = '';
  /** Characters cut from the front of `output` so far (positions in it stay absolute through the cuts). */
  private dropped = 0;
  starts = 0;
  kills = 0;
  /** Exits nobody asked for (a crash): the restart scenario expects none. */
  unexpectedExits: string[] = [];
  private expectingExit = false;

  constructor(
    readonly app: 'platform' | 'worker',
    private readonly env: Record<string, string>,
    readonly url?: string,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** `overrides`: for this run only (the set-up of an embedded platform runs without its background work). */
  async start(overrides: Record<string, string> = {}): Promise<void> {
    if (this.child) throw new Error(`${this.app} already running`);
    const child = spawn(process.execPath, [join(DIST, `apps/${this.app}/src/main.js`)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env, ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    this.child = child;
    this.expectingExit = false;
    // An absolute position: the kept output is cut as it grows (one JSON line per request under load), and an index
    // into the cut string would skip the banner of a restart.
    const startedBanner = this.dropped + this.output.length;
    const append = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 400_000) {
        this.dropped += this.output.length - 200_000;
        this.output = this.output.slice(-200_000);
      }
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        if (!this.expectingExit) this.unexpectedExits.push(`${this.app} exited by itself (code ${code}, signal ${signal})`);
        if (this.child === child) this.child = null;
        done();
      }),
    );
    await this.waitReady(startedBanner);
  }

  private async waitReady(from: number): Promise<void> {
    const end = Date.now() + 60_000;
    const marker = this.app === 'platform' ? 'écoute sur' : 'worker démarré';
    while (!this.output.slice(Math.max(0, from - this.dropped)).includes(marker)) {
      if (!this.child) throw new Error(`${this.app} stopped while starting:\n${this.tail()}`);
      if (Date.now() > end) throw new Error(`${this.app} did not start in 60 s:\n${this.tail()}`);
      await sleep(25);
    }
  }

  /** SIGKILL (a crash) or SIGTERM (an orderly stop); resolves when the process is gone. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectingExit = true;
    if (signal === 'SIGKILL') this.kills++;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  tail(chars = 3000): string {
    return this.output.slice(-chars);
  }
}
