import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnIsValid } from '@peps/domain';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { call } from './http.js';
import { createFreshDatabase, query, type FreshDatabase } from './postgres.js';
import { freePort, PepsProcess } from './processes.js';
import { until } from './random.js';

export const OPERATOR = { identifier: 'DRSFAULT', password: 'Operateur#Pannes2024' };
export const PASSWORD = 'Pep$Comptes2024';
/** Mails performed at once by the mail manager: the most a crash can leave sent but not recorded. */
export const PM_CONCURRENCY = 4;
export const ADDRESS = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];

export function validSiret(seed: number): string {
  const base = `2655${String(seed).padStart(9, '0')}`;
  for (let digit = 0; digit <= 9; digit += 1) if (luhnIsValid(base + digit)) return base + digit;
  throw new Error('unreachable');
}

export interface Employer {
  id: string;
  admin: { id: string; identifier: string };
  adminToken: string;
}

export interface ClusterOptions {
  /** One platform process with its background work (`PEPS_RUN_WORKERS=1`, the embedded default) and no worker. */
  embedded?: boolean;
  /** Mails written to the data folder's outbox (no `SMTP_URL`) rather than sent to the SMTP listener. */
  outbox?: boolean;
  /** More variables for every process (retention, test clock). */
  env?: Record<string, string>;
}

/**
 * A whole installation on loopback: a fresh PostgreSQL database, a real SMTP listener, the platform process
 * (HTTP only, `PEPS_RUN_WORKERS=0`) and the worker process (projections, mails, letters) — or, `embedded`, the
 * platform alone with its background work.
 */
export class FaultCluster {
  platform!: PepsProcess;
  worker!: PepsProcess;
  url!: string;
  db!: FreshDatabase;
  smtp!: SmtpListener;
  dataDir!: string;
  employers: Employer[] = [];
  operatorToken = '';
  embedded = false;
  private closed = false;

  static async open(options: ClusterOptions = {}): Promise<FaultCluster> {
    const cluster = new FaultCluster();
    cluster.embedded = options.embedded ?? false;
    cluster.dataDir = mkdtempSync(join(tmpdir(), 'peps-faults-'));
    cluster.db = await createFreshDatabase();
    cluster.smtp = await startSmtpListener();
    const port = await freePort();
    cluster.url = `http://127.0.0.1:${port}`;
    const env = {
      PEPS_PORT: String(port),
      PEPS_DATA_DIR: cluster.dataDir,
      DATABASE_URL: cluster.db.url,
      ...(options.outbox ? {} : { SMTP_URL: cluster.smtp.url }),
      PEPS_PUBLIC_URL: 'https://peps.example.fr',
      PEPS_DEMO: '0',
      PEPS_SECOND_FACTOR: 'off',
      PEPS_BOOTSTRAP_OPERATOR_ID: OPERATOR.identifier,
      PEPS_BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
      PEPS_PM_CONCURRENCY: String(PM_CONCURRENCY),
      ...options.env,
    };
    cluster.platform = new PepsProcess('platform', { ...env, PEPS_RUN_WORKERS: cluster.embedded ? '1' : '0' }, cluster.url);
    cluster.worker = new PepsProcess('worker', env);
    return cluster;
  }

  /**
   * Starts the platform, registers `count` employers and gives each first administrator a password and a session,
   * then starts the background work (the worker, or the embedded platform again with its own).
   */
  async setUp(count: number, seed: number): Promise<void> {
    // No background work yet, whatever the topology: the invitation links wait in auth.outgoing_links.
    await this.platform.start({ PEPS_RUN_WORKERS: '0' });
    this.operatorToken = await this.signIn(OPERATOR.identifier, OPERATOR.password);
    for (let i = 0; i < count; i++) {
      const siretSeed = (seed % 100_000) * 10 + i;
      const email = `admin${i}-${seed}@etablissement.example.fr`;
      const registered = await call(this.url, 'POST', '/api/establishments', {
        token: this.operatorToken,
        body: {
          name: `ETABLISSEMENT PANNES ${i}`,
          siret: validSiret(siretSeed),
          legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe', address: ADDRESS },
          firstAdministrator: {
            profile: 'administrator', civility: 'madame', lastName: 'Martin', firstName: 'Claire',
            email, emailConfirmation: email, phone: '0241051938', professionalAddress: ADDRESS,
          },
        },
      });
      if (registered.status !== 201) throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
      const admin = registered.body.firstAdministrator as { id: string; identifier: string };
      // The worker is not running yet: the raw link waits in auth.outgoing_links for the mail manager.
      const [link] = await query<{ token: string }>(this.db.pool, `select token from auth.outgoing_links where account_id = $1 and purpose = 'invitation' order by created_at desc limit 1`, [admin.id]);
      if (!link) throw new Error(`no invitation link for ${admin.id}`);
      const setup = await call(this.url, 'POST', '/api/password/setup', { body: { token: link.token, password: PASSWORD, passwordConfirmation: PASSWORD } });
      if (setup.status !== 200) throw new Error(`password setup answered ${setup.status}: ${JSON.stringify(setup.body)}`);
      this.employers.push({ id: registered.body.id, admin, adminToken: await this.signIn(admin.identifier, PASSWORD) });
    }
    if (this.embedded) {
      await this.platform.stop('SIGTERM');
      await this.platform.start();
    } else {
      await this.worker.start();
    }
  }

  /** A session token (the second factor is off on the suite's installations). */
  async signIn(identifier: string, password: string): Promise<string> {
    const login = await call(this.url, 'POST', '/api/auth/login', { body: { identifier, password } });
    if (login.status !== 200) throw new Error(`sign-in of ${identifier} answered ${login.status}: ${JSON.stringify(login.body)}`);
    return login.body.token;
  }

  /** New sessions for the operator and the administrators (after a clock move past their expiry). */
  async signInAgain(): Promise<void> {
    this.operatorToken = await this.signIn(OPERATOR.identifier, OPERATOR.password);
    for (const employer of this.employers) employer.adminToken = await this.signIn(employer.admin.identifier, PASSWORD);
  }

  /** Waits until the platform answers its health check with 200 (storage reachable). */
  async waitHealthy(timeoutMs = 60_000): Promise<void> {
    await until(async () => (await call(this.url, 'GET', '/api/health', { timeoutMs: 3000 })).status === 200, timeoutMs, () => `a healthy platform:\n${this.platform.tail()}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.platform?.stop('SIGKILL').catch(() => undefined);
    await this.worker?.stop('SIGKILL').catch(() => undefined);
    await this.smtp?.close().catch(() => undefined);
    await this.db?.drop().catch((error) => console.warn(`[faults] could not drop ${this.db.name}: ${(error as Error).message}`));
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
