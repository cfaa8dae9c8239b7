import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInAuditor, startWithAdministrator, startWithTwoEmployers, threeLetters, type TestPlatform } from '../../testing/index.js';

const header = 'profil;civilité;nom;prénom;courriel;téléphone;adresse professionnelle';
/** The import line of account `n`: its last name from letters only (the domain takes no digits there). */
const line = (n: number, overrides: Partial<Record<'lastName' | 'email', string>> = {}) =>
  `utilisateur;madame;${overrides.lastName ?? `IMPORT${threeLetters(n)}`};Anne;${overrides.email ?? `import.${n}@exemple.fr`};02 41 05 19 38;`;
const csv = (lines: string[]) => `${header}\r\n${lines.join('\r\n')}\r\n`;

describe('bulk import of accounts (PGlite)', () => {
  let platform: TestPlatform;
  let admin: string;
  let otherAdmin: string;
  let employerId: string;
  let auditor: string;
  let adminId: string;
  let drs: string;

  const post = (body: string | Buffer, token = admin) =>
    fetch(`${platform.url}/api/accounts/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: typeof body === 'string' ? body : new Uint8Array(body) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as any }),
    );
  const accountCount = async () => (await platform.db.query<{ n: string }>(`select count(*) as n from auth.account_directory where employer_id = $1`, [employerId])).rows[0].n;
  const untilApplied = async (id: string) => {
    for (let i = 0; i < 1200; i++) {
      const status = await platform.api('GET', `/api/accounts/imports/${id}`, { token: admin });
      if (status.body.status === 'applied') return status.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the import was not applied in 120 s');
  };

  beforeAll(async () => {
    const started = await startWithTwoEmployers([0, 1]);
    platform = started.platform;
    admin = started.first.adminToken;
    employerId = started.first.employerId;
    adminId = started.first.admin.id;
    otherAdmin = started.second.adminToken;
    auditor = await signInAuditor(platform);
    drs = started.drsToken;
  });
  afterAll(() => platform.close());

  it('checks a file without creating anything, reporting each refused line in French', async () => {
    const before = await accountCount();
    const events = await platform.eventCount({ decisionsOnly: true });
    const checked = await post(csv([line(1), 'utilisateur;madame;MARTIN;Anne;pas-un-courriel;;', line(1), 'chef;monsieur;DURAND;Paul;paul@exemple.fr;;']));
    expect(checked.status).toBe(201);
    expect(checked.body).toMatchObject({ status: 'checked', total: 4, valid: 1 });
    expect(checked.body.errors).toEqual([
      { line: 3, field: 'courriel', message: expect.stringMatching(/courriel|adresse/i) },
      { line: 4, field: 'courriel', message: 'Cette personne figure déjà à la ligne 2 du fichier : un seul compte sera créé.' },
      { line: 5, field: 'profil', message: 'Le profil du compte doit être « Administrateur » ou « Utilisateur ».' },
    ]);
    expect(await accountCount()).toBe(before);
    // Only the import's own record (its verdict, then its lines): no account event.
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(events + 2);
    const status = await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: admin });
    expect(status.body).toMatchObject({ status: 'checked', total: 4, done: 0, created: [] });
  });

  it('checks the largest file allowed, 10,000 lines: its lines recorded in slices that each fit an event, the report whole', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => line(20_000 + i, { lastName: `GRAND${threeLetters(i)}`, email: `grand.${i}@exemple.fr` }));
    lines[4_321] = 'utilisateur;madame;FAUX;Anne;pas-un-courriel;;';
    const checked = await post(csv(lines));
    expect(checked.status).toBe(201);
    expect(checked.body).toMatchObject({ status: 'checked', total: 10_000, valid: 9_999 });
    expect(checked.body.errors).toEqual([{ line: 4_323, field: 'courriel', message: expect.any(String) }]);
    const { rows } = await platform.db.query<{ type: string; bytes: number }>(
      `select type, octet_length(data::text) as bytes from es.events where stream_name = $1 order by stream_version`,
      [`import-${checked.body.id}`],
    );
    expect(rows.map((r) => r.type)).toEqual(['import.checked', ...Array(10).fill('import.lines-checked')]);
    expect(Math.max(...rows.map((r) => Number(r.bytes)))).toBeLessThan(1024 * 1024);
    const status = await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: admin });
    expect(status.body).toMatchObject({ status: 'checked', total: 10_000, valid: 9_999, done: 0 });
    expect(status.body.errors).toHaveLength(1);
  }, 120_000);

  it.each([
    ['a wrong encoding', Buffer.from(csv([line(2)]), 'utf16le'), /encodage du fichier n’est pas reconnu/],
    ['a missing column', `profil;civilité;nom;prénom;courriel;téléphone\r\n${line(2)}`, /^Colonne manquante : « adresse professionnelle »/],
    ['a cell that looks like a formula', csv([line(2), 'utilisateur;madame;=HYPERLINK("x");Anne;a@exemple.fr;;']), /^Ligne 3, colonne « nom » : une cellule ne peut pas commencer/],
    ['a file over 5 MB', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), /dépasse 5 Mo/],
    ['over 10,000 lines', csv(Array.from({ length: 10_001 }, (_, i) => line(i))), /10001 lignes de comptes : 10 000 au plus/],
  ])('refuses %s with a French error and creates nothing', async (_case, body, message) => {
    const events = await platform.eventCount({ decisionsOnly: true });
    const refused = await post(body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(message) }]);
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(events);
  });

  it('applies a 1,000-line file in the background, each account invited, then applying again creates nothing twice', async () => {
    const file = csv(Array.from({ length: 1000 }, (_, i) => line(100 + i)));
    const before = Number(await accountCount());
    const checked = await post(file);
    expect(checked.body).toMatchObject({ total: 1000, valid: 1000, errors: [] });

    const started = performance.now();
    const applying = await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: admin });
    expect(applying.status).toBe(202);
    const result = await untilApplied(checked.body.id);
    const seconds = (performance.now() - started) / 1000;
    console.log(`1,000-line import applied in ${seconds.toFixed(1)} s`);

    expect(result).toMatchObject({ status: 'applied', total: 1000, done: 1000, errors: [] });
    expect(result.created).toHaveLength(1000);
    expect(result.created[0]).toEqual({ line: 2, id: expect.any(String), identifier: expect.stringMatching(/^AIM\d{6}$/) });
    expect(Number(await accountCount())).toBe(before + 1000);
    // Each account has its password-creation link waiting for the mail manager, as a single creation does.
    const account = await platform.api('GET', `/api/accounts/${result.created[999].id}`, { token: admin });
    expect(account.body).toMatchObject({ status: 'invited', lastName: `IMPORT${threeLetters(1099)}`, email: 'import.1099@exemple.fr' });
    expect(await platform.linkToken(result.created[999].id)).toMatch(/.{20,}/);

    const again = await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: admin });
    expect(again.status).toBe(202);
    expect((await untilApplied(checked.body.id)).created).toEqual(result.created);
    expect(Number(await accountCount())).toBe(before + 1000);

    // The same people in a new file: every line is reported as already having an account.
    const reimport = await post(csv([line(100), line(101, { email: 'IMPORT.101@EXEMPLE.FR' })]));
    expect(reimport.body).toMatchObject({ total: 2, valid: 0 });
    expect(reimport.body.errors).toEqual([
      { line: 2, field: 'courriel', message: `Cette personne a déjà un compte dans l’établissement (identifiant ${result.created[0].identifier}) : il n’est pas créé une seconde fois.` },
      { line: 3, field: 'courriel', message: `Cette personne a déjà un compte dans l’établissement (identifiant ${result.created[1].identifier}) : il n’est pas créé une seconde fois.` },
    ]);
  }, 300_000);

  it('given six administrators in one file, when they are created several at a time, then each joins the employer’s administrators once', async () => {
    const administrator = (n: number) => `administrateur;monsieur;CHEF${threeLetters(n)};Paul;chef.${n}@exemple.fr;02 41 05 19 38;5 ALLEE DE L ILE GLORIETTE|44035 NANTES CEDEX 1`;
    const checked = await post(csv(Array.from({ length: 6 }, (_, i) => administrator(7000 + i))));
    expect(checked.body).toMatchObject({ total: 6, valid: 6, errors: [] });
    await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: admin });
    const result = await untilApplied(checked.body.id);
    expect(result.errors).toEqual([]);
    expect(result.created.map((c: { line: number }) => c.line)).toEqual([2, 3, 4, 5, 6, 7]);
    const { rows } = await platform.db.query<{ type: string; data: { accountId: string } }>(
      `select type, data from es.events where stream_name = $1 and type = 'employer.administrator-added'`,
      [`employer-${employerId}`],
    );
    const added = rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data).accountId);
    for (const { id } of result.created) expect(added.filter((a: string) => a === id)).toHaveLength(1);
  });

  it('does not create a line whose person got an account between the check and the application', async () => {
    const checked = await post(csv([line(5000), line(5001)]));
    expect(checked.body.valid).toBe(2);
    const meanwhile = await platform.api('POST', '/api/accounts', {
      token: admin,
      body: { profile: 'user', civility: 'madame', lastName: `IMPORT${threeLetters(5000)}`, firstName: 'Anne', email: 'import.5000@exemple.fr', emailConfirmation: 'import.5000@exemple.fr' },
    });
    expect(meanwhile.status).toBe(201);
    await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: admin });
    const result = await untilApplied(checked.body.id);
    expect(result.created.map((c: { line: number }) => c.line)).toEqual([3]);
    expect(result.errors).toEqual([{ line: 2, field: 'courriel', message: expect.stringContaining(meanwhile.body.identifier) }]);
  });

  it('lets only administrators import: a JSON body is refused, other callers get 401 or 403', async () => {
    const json = await platform.api('POST', '/api/accounts/imports', { token: admin, body: {} });
    expect(json).toMatchObject({ status: 400, body: { errors: [{ field: 'file', message: 'Envoyez le fichier tel quel, au format CSV (Content-Type: text/csv).' }] } });
    expect((await post(csv([line(8000)]), drs)).status).toBe(403);
    expect((await post(csv([line(8000)]), auditor)).status).toBe(403);
    expect((await post(csv([line(8000)]), 'inconnu')).status).toBe(401);
    const checked = await post(csv([line(8001)]));
    expect((await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: drs })).status).toBe(403);
    expect((await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: auditor })).status).toBe(403);
  });

  it('keeps an import to its employer: another administrator gets 404, as for an unknown import', async () => {
    const checked = await post(csv([line(7000)]));
    expect((await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: otherAdmin })).status).toBe(404);
    expect((await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: otherAdmin })).status).toBe(404);
    const unknown = await platform.api('GET', '/api/accounts/imports/00000000-0000-4000-8000-000000000000', { token: admin });
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Import introuvable.' } });
  });
});

describe('bulk import of accounts in the audit trail (PGlite, projections running)', () => {
  let platform: TestPlatform;
  let admin: string;
  let adminId: string;
  let employerId: string;
  let auditor: string;

  beforeAll(async () => {
    const started = await startWithAdministrator(2, { PEPS_RUN_WORKERS: '1' });
    ({ platform, adminToken: admin, employerId } = started);
    adminId = started.admin.id;
    auditor = await signInAuditor(platform);
  });
  afterAll(() => platform.close());

  it('records each import: who, when, the file’s digest and the lines created', async () => {
    const file = csv([line(6000), line(6001)]);
    const checked = await platform.api('POST', '/api/accounts/imports', { token: admin, raw: file, headers: { 'content-type': 'text/csv' } });
    expect(checked.status).toBe(201);
    await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: admin });

    let lines: any[] = [];
    for (let i = 0; i < 100 && !lines.some((l) => l.type === 'import.completed'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const trail = await platform.api('GET', `/api/audit/trail?employerId=${employerId}`, { token: auditor });
      lines = trail.body.items.filter((l: any) => l.stream === `import-${checked.body.id}`);
    }
    expect(lines.map((l) => l.type)).toEqual(['import.checked', 'import.lines-checked', 'import.application-started', 'import.lines-applied', 'import.completed']);
    expect(lines.every((l) => l.actor === adminId && l.employerId === employerId && typeof l.occurredAt === 'string')).toBe(true);
    const { rows } = await platform.db.query<{ data: any }>(`select data from es.events where type = 'import.completed' and stream_name = $1`, [`import-${checked.body.id}`]);
    expect(rows[0].data).toMatchObject({ digest: createHash('sha256').update(file).digest('hex'), created: 2, total: 2, refused: 0 });
    // The accounts themselves are in the trail too, created by the same administrator.
    const created = (await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: admin })).body.created;
    const trail = await platform.api('GET', `/api/audit/trail?accountId=${created[1].id}`, { token: auditor });
    expect(trail.body.items[0]).toMatchObject({ type: 'account.created', actor: adminId });
  }, 60_000);
});
