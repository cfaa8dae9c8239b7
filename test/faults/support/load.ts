import { ADDRESS, type Employer, type FaultCluster } from './cluster.js';
import { call, type Answer } from './http.js';
import { sleep, type Random } from './random.js';

export interface CreatedAccount {
  id: string;
  identifier: string;
  profile: 'administrator' | 'user';
  email: string;
  employer: Employer;
  /** Every PATCH tried on it, in order: acknowledged (200) or unknown (no answer). */
  changes: { field: string; value: string; acknowledged: boolean }[];
}

/** What the clients were told: the facts the checks hold the platform to. */
export class Ledger {
  readonly created: CreatedAccount[] = [];
  /** Creations without an answer (killed in flight): they may or may not exist. */
  unknownCreations = 0;
  acknowledgedChanges = 0;
  readonly statuses = new Map<string, number>();
  /** Answers ≥ 500 other than 503, with their body: never acceptable. */
  readonly serverErrors: string[] = [];
  readonly timeline: { at: number; status: number; what: string }[] = [];

  note(what: string, answer: Answer): void {
    const key = `${what} ${answer.status || answer.error}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    this.timeline.push({ at: Date.now(), status: answer.status, what });
    if (answer.status >= 500 && answer.status !== 503) this.serverErrors.push(`${what} → ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  summary(): string {
    return [...this.statuses.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
  }
}

const LAST_NAMES = ['Martin', 'Bernard', 'Durand', 'Petit', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel'];
const FIRST_NAMES = ['Jean', 'Claire', 'Louis', 'Emma', 'Paul', 'Lea', 'Hugo', 'Alice', 'Noah', 'Jade'];

export interface LoadOptions {
  url: string;
  employers: Employer[];
  clients: number;
  services: string[];
  random: Random;
  seed: number;
  ledger: Ledger;
  /** Share of administrators among creations. */
  administrators?: number;
}

/**
 * A few concurrent back-office clients, each on its employer, creating accounts and changing the ones it created
 * (contact or one right, at the version it just read), until `stop()`. A request without an answer (the platform
 * was killed) is recorded as unknown and the client moves on.
 */
export function startLoad(options: LoadOptions): { stop(): Promise<void> } {
  let running = true;
  let serial = 0;
  const loops = Array.from({ length: options.clients }, (_, client) => clientLoop(client));

  async function clientLoop(client: number): Promise<void> {
    const employer = options.employers[client % options.employers.length];
    const mine: CreatedAccount[] = [];
    const { random, ledger, url } = options;
    while (running) {
      if (!mine.length || random.chance(0.55)) {
        const n = serial++;
        const administrator = random.chance(options.administrators ?? 0.15);
        const email = `f${options.seed}-c${client}-${n}@agents.example.fr`;
        const body = {
          profile: administrator ? 'administrator' : 'user',
          civility: random.pick(['monsieur', 'madame']),
          lastName: random.pick(LAST_NAMES),
          firstName: random.pick(FIRST_NAMES),
          email,
          emailConfirmation: email,
          phone: `06${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
          ...(administrator ? { professionalAddress: ADDRESS } : {}),
        };
        const answer = await call(url, 'POST', '/api/accounts', { token: employer.adminToken, body });
        ledger.note('POST /api/accounts', answer);
        if (answer.status === 201) {
          const account: CreatedAccount = { id: answer.body.id, identifier: answer.body.identifier, profile: body.profile as CreatedAccount['profile'], email, employer, changes: [] };
          ledger.created.push(account);
          mine.push(account);
        } else if ((answer.status === 0 && answer.error !== 'ECONNREFUSED') || answer.status === 503) {
          // Sent but unanswered (a refused connection never reached the platform): it may or may not exist.
          ledger.unknownCreations++;
          await sleep(50);
        } else if (answer.status === 0) {
          await sleep(50);
        } else if (answer.status >= 400 && answer.status !== 503) {
          await sleep(50);
        }
        continue;
      }
      const account = random.pick(mine);
      const read = await call(url, 'GET', `/api/accounts/${account.id}`, { token: employer.adminToken });
      ledger.note('GET /api/accounts/:id', read);
      if (read.status !== 200) {
        await sleep(50);
        continue;
      }
      let change: { field: string; value: string };
      let body: Record<string, unknown>;
      if (random.chance(0.5)) {
        change = { field: 'phone', value: `07${String(random.int(0, 99_999_999)).padStart(8, '0')}` };
        body = { expectedVersion: read.body.version, contact: { phone: change.value } };
      } else {
        const service = random.pick(options.services);
        const level = random.pick(['none', 'read', 'write']);
        change = { field: `rights.${service}`, value: level };
        body = { expectedVersion: read.body.version, rights: { [service]: level } };
      }
      const answer = await call(url, 'PATCH', `/api/accounts/${account.id}`, { token: employer.adminToken, body });
      ledger.note('PATCH /api/accounts/:id', answer);
      if (answer.status === 200) {
        account.changes.push({ ...change, acknowledged: true });
        ledger.acknowledgedChanges++;
      } else if (answer.status === 0 || answer.status === 503) {
        account.changes.push({ ...change, acknowledged: false });
        await sleep(50);
      } else {
        await sleep(50);
      }
    }
  }

  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The values a field may hold now: the last acknowledged one, or any later one whose answer was lost. */
export function acceptableValues(account: CreatedAccount, field: string): string[] | null {
  const attempts = account.changes.filter((c) => c.field === field);
  let last = -1;
  attempts.forEach((c, i) => {
    if (c.acknowledged) last = i;
  });
  if (last < 0) return null;
  return attempts.slice(last).filter((c, i) => i === 0 || !c.acknowledged).map((c) => c.value);
}

/**
 * Two employers set up from the seed, then `clients` back-office clients creating and changing accounts on every
 * service of the catalogue, one in five an administrator (so that letters go out too).
 */
export async function loadTheCluster(cluster: FaultCluster, random: Random, clients: number): Promise<{ ledger: Ledger; load: { stop(): Promise<void> } }> {
  await cluster.setUp(2, random.seed);
  const services = await call(cluster.url, 'GET', '/api/services', { token: cluster.employers[0].adminToken });
  const codes: string[] = services.body.families.flatMap((f: { services: { code: string }[] }) => f.services.map((s) => s.code));
  const ledger = new Ledger();
  const load = startLoad({ url: cluster.url, employers: cluster.employers, clients, services: codes, random, seed: random.seed, ledger, administrators: 0.2 });
  return { ledger, load };
}
