import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { EventStore, VerifyOptions, VerifyReport } from '@peps/event-store';
import { EVENT_STORE } from '@peps/runtime';
import { absorb, browsePage, csrfIn, type Jar } from '../../testing/page-browser.js';
import { registerEmployerWithAdministrator, signInAuditor } from '../../testing/platform-fixtures.js';
import { AUDITOR, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';
import { IntegrityVerifications, type IntegrityVerification } from './integrity-verifications.js';

jest.setTimeout(120_000);

const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('audit: the integrity verification as a background job', () => {
  let platform: TestPlatform;
  let auditor: string;
  let store: EventStore;

  beforeAll(async () => {
    platform = await startTestPlatform();
    await registerEmployerWithAdministrator(platform, 71);
    auditor = await signInAuditor(platform);
    store = platform.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => platform?.close());

  const start = () => platform.api('POST', '/api/audit/verifications', { token: auditor });
  const get = (id: string) => platform.api('GET', `/api/audit/verifications/${id}`, { token: auditor });
  /** `work` with the first event of an employer stream altered in the database, restored afterwards whatever happens. */
  const withAlteredEvent = async (work: (stream: string) => Promise<void>) => {
    const { rows } = await platform.db.query<{ stream_name: string; data: string }>(
      `select stream_name, data::text as data from es.events where stream_name like 'employer-%' and stream_version = 1 limit 1`,
    );
    const { stream_name: stream, data } = rows[0]!;
    await platform.db.query(`update es.events set data = data || '{"altere": true}'::jsonb where stream_name = $1 and stream_version = 1`, [stream]);
    try {
      await work(stream);
    } finally {
      await platform.db.query(`update es.events set data = $2::jsonb where stream_name = $1 and stream_version = 1`, [stream, data]);
    }
  };

  async function finished(id: string): Promise<IntegrityVerification> {
    for (let i = 0; i < 600; i++) {
      const answer = await get(id);
      expect(answer.status).toBe(200);
      if (answer.body.status !== 'running') return answer.body as IntegrityVerification;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`verification ${id} still running`);
  }

  /** Holds the next verification before it reads anything, until `release` (or its abort signal). */
  function holdNextVerification() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = store.verify.bind(store);
    const spy = jest.spyOn(store, 'verify').mockImplementationOnce(async (options?: VerifyOptions): Promise<VerifyReport> => {
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        options?.signal?.addEventListener('abort', () => reject(options.signal!.reason));
      });
      return original(options);
    });
    return { release: () => (release(), spy.mockRestore()) };
  }

  it('given an untouched log, when an auditor starts a verification, then it ends intact with the counts of GET /api/audit/verify', async () => {
    const expected = (await platform.api('GET', '/api/audit/verify', { token: auditor })).body as VerifyReport;
    expect(expected.ok).toBe(true);

    const started = await start();
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', requestedBy: { kind: 'operator', identifier: AUDITOR.identifier, name: 'Auditeur' } });

    const done = await finished(started.body.id);
    expect(done).toMatchObject({ id: started.body.id, status: 'done', ok: true, eventsChecked: expected.eventsChecked, streamsChecked: expected.streamsChecked });
    expect(done.firstBroken).toBeUndefined();
    expect(done.totalEvents).toBe(expected.eventsChecked);
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

    const latest = await platform.api('GET', '/api/audit/verifications', { token: auditor });
    expect(latest.status).toBe(200);
    expect(latest.body.items[0]).toEqual(done);
  });

  it('given an event altered in the database, when verified, then the job ends broken and names the first broken link', async () => {
    await withAlteredEvent(async (stream) => {
      const done = await finished((await start()).body.id);
      expect(done).toMatchObject({ status: 'done', ok: false, firstBroken: { stream, version: 1, reason: expect.stringMatching(/hash mismatch/) } });
    });
  });

  it('given a verification running, when another is asked for, then the running one is answered and no second job starts', async () => {
    const held = holdNextVerification();
    const first = await start();
    const second = await start();
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.status).toBe('running');
    const drs = await platform.api('POST', '/api/audit/verifications', { token: await platform.signIn('DRS1', 'Operateur#2024') });
    expect(drs.body.id).toBe(first.body.id);
    held.release();
    expect((await finished(first.body.id)).ok).toBe(true);
    expect((await start()).body.id).not.toBe(first.body.id);
  });

  it('given a verification running, when the platform shuts down, then it is aborted and recorded as interrupted', async () => {
    const held = holdNextVerification();
    const started = await start();
    await platform.app.get(IntegrityVerifications).onModuleDestroy();
    held.release();
    const after = await get(started.body.id);
    expect(after.body).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String) });
    expect(after.body.ok).toBeUndefined();
  });

  it('given a job left running by a process whose heartbeat stopped over a minute ago, when one is asked for, then the old one is interrupted and a new one starts', async () => {
    const abandoned = '5b0c1d7e-0000-4000-8000-00000000dead';
    await platform.db.query(
      `insert into audit.integrity_verifications (id, status, owner, requested_by, started_at, heartbeat_at)
       values ($1, 'running', 'un-autre-processus', '{"kind":"operator","id":"x","name":"Auditeur"}', now() - interval '10 minutes', now() - interval '2 minutes')`,
      [abandoned],
    );
    const started = await start();
    expect(started.body.id).not.toBe(abandoned);
    expect((await get(abandoned)).body.status).toBe('interrupted');
    await finished(started.body.id);
  });

  it('given a job another live process is running, when one is asked for, then that one is answered', async () => {
    const elsewhere = '5b0c1d7e-0000-4000-8000-0000000a11fe';
    await platform.db.query(
      `insert into audit.integrity_verifications (id, status, owner, requested_by, started_at, heartbeat_at)
       values ($1, 'running', 'un-autre-processus', '{"kind":"operator","id":"x","name":"Auditeur"}', now(), now())`,
      [elsewhere],
    );
    try {
      expect((await start()).body.id).toBe(elsewhere);
    } finally {
      await platform.db.query(`update audit.integrity_verifications set status = 'done', ok = true where id = $1`, [elsewhere]);
    }
  });

  it('answers 404 with a French message for an unknown or malformed id, never a 500', async () => {
    for (const id of ['5b0c1d7e-0000-4000-8000-000000000000', 'pas-un-identifiant', '%27%3B%20drop', 'x'.repeat(300)]) {
      const answer = await get(id);
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe('Vérification introuvable.');
    }
  });

  describe('the auditor’s pages', () => {
    const jar: Jar = {};

    beforeAll(async () => {
      const home = await browsePage(platform, 'GET', '/', jar);
      absorb(jar, home.setCookies);
      const signedIn = await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(home.text), identifier: AUDITOR.identifier, password: AUDITOR.password });
      expect(signedIn.status).toBe(303);
    });

    it('given the audit page, when its integrity button is pressed, then a job starts and its page shows the result in French', async () => {
      const audit = await browsePage(platform, 'GET', '/audit', jar);
      expect(audit.text).toContain('action="/audit/verification"');
      const pressed = await browsePage(platform, 'POST', '/audit/verification', jar, { _csrf: csrfIn(audit.text) });
      expect(pressed.status).toBe(303);
      const path = pressed.location!;
      expect(path).toMatch(/^\/audit\/verifications\/[0-9a-f-]{36}$/);
      await finished(path.split('/').pop()!);

      const result = await browsePage(platform, 'GET', path, jar);
      expect(result.status).toBe(200);
      const text = decode(result.text);
      expect(text).toMatch(/<h1>Vérification de l’intégrité terminée<\/h1>/);
      expect(text).toContain('Chaîne d’intégrité intacte');
      expect(text).toContain(`${AUDITOR.identifier}`);
      expect(text).not.toContain('http-equiv="refresh"');

      const list = decode((await browsePage(platform, 'GET', '/audit/verification', jar)).text);
      expect(list).toContain(`href="${path}"`);
    });

    it('given a job running, when its page is shown, then it has a progress bar, its text equivalent and a 2-second refresh in its head', async () => {
      const held = holdNextVerification();
      try {
        const audit = await browsePage(platform, 'GET', '/audit', jar);
        const pressed = await browsePage(platform, 'POST', '/audit/verification', jar, { _csrf: csrfIn(audit.text) });
        const running = decode((await browsePage(platform, 'GET', pressed.location!, jar)).text);
        expect(running).toMatch(/<h1>Vérification de l’intégrité en cours<\/h1>/);
        expect(running).toMatch(/<head>[\s\S]*<meta http-equiv="refresh" content="2">[\s\S]*<\/head>/);
        expect(running).toMatch(/<progress id="avancement" max="\d+" value="0"/);
        expect(running).toMatch(/0 événement vérifié sur environ \d+/);
        const paused = decode((await browsePage(platform, 'GET', `${pressed.location!}?actualisation=non`, jar)).text);
        expect(paused).not.toContain('http-equiv="refresh"');
      } finally {
        held.release();
      }
    });

    it('given a broken chain, when the job is done, then the page says which stream, which version and why', async () => {
      await withAlteredEvent(async (stream) => {
        const audit = await browsePage(platform, 'GET', '/audit', jar);
        const pressed = await browsePage(platform, 'POST', '/audit/verification', jar, { _csrf: csrfIn(audit.text) });
        await finished(pressed.location!.split('/').pop()!);
        const text = decode((await browsePage(platform, 'GET', pressed.location!, jar)).text);
        expect(text).toContain(`Chaîne rompue : flux ${stream}, version 1 (empreinte différente : contenu ou chaînage modifié)`);
      });
    });

    it('shows « introuvable » for an unknown job', async () => {
      const answer = await browsePage(platform, 'GET', '/audit/verifications/inconnue', jar);
      expect(answer.status).toBe(404);
      expect(decode(answer.text)).toContain('La vérification introuvable');
    });
  });
});
