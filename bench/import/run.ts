import { startWithAdministrator } from '@peps/platform/testing';

/**
 * bench/import: a 10,000-line import (dry run, then application with every invitation queued) on the real platform
 * (background work on), beside the same platform creating accounts one POST at a time in the same run. With
 * DATABASE_URL the platform uses a fresh database on that PostgreSQL server, so the resident memory measured is the
 * platform's own; without it, PGlite runs in this process and its memory counts too.
 * Usage: [DATABASE_URL=…] node dist/bench/import/run.js [--lines 10000] [--baseline 200]
 * Targets (issue 18): dry run <= 5 s, application <= 60 s, resident memory growth <= 200 MB.
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const lines = argument('lines', 10_000);
const baselineCount = argument('baseline', 200);

const header = 'profil;civilité;nom;prénom;courriel;téléphone;adresse professionnelle';
const letters = (n: number) => Array.from({ length: 4 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** (3 - i)) % 26))).join('');
const csvLine = (n: number) => `utilisateur;${n % 2 ? 'madame' : 'monsieur'};BANC${letters(n)};Anne;banc.${n}@exemple.fr;02 41 05 19 38;`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const database = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const { platform, adminToken } = await startWithAdministrator(0, { PEPS_RUN_WORKERS: '1' }, { database });
try {
  // Baseline: one account per POST /api/accounts, sequentially, as an administrator would without the import.
  const baselineStarted = performance.now();
  for (let i = 0; i < baselineCount; i += 1) {
    const email = `unitaire.${i}@exemple.fr`;
    const answer = await platform.api('POST', '/api/accounts', {
      token: adminToken,
      body: { profile: 'user', civility: 'madame', lastName: `UNITAIRE${letters(i)}`, firstName: 'Anne', email, emailConfirmation: email },
    });
    if (answer.status !== 201) throw new Error(`baseline creation: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  const perPost = (performance.now() - baselineStarted) / baselineCount;

  const file = `${header}\r\n${Array.from({ length: lines }, (_, i) => csvLine(i)).join('\r\n')}\r\n`;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);

  const checkStarted = performance.now();
  const checked = await platform.api('POST', '/api/accounts/imports', { token: adminToken, raw: file, headers: { 'content-type': 'text/csv' } });
  const checkMs = performance.now() - checkStarted;
  if (checked.status !== 201 || checked.body.valid !== lines) throw new Error(`dry run: ${checked.status} ${JSON.stringify(checked.body).slice(0, 300)}`);

  const applyStarted = performance.now();
  const applying = await platform.api('POST', `/api/accounts/imports/${checked.body.id}/application`, { token: adminToken });
  if (applying.status !== 202) throw new Error(`application: ${applying.status} ${JSON.stringify(applying.body)}`);
  let status: any;
  for (;;) {
    status = (await platform.api('GET', `/api/accounts/imports/${checked.body.id}`, { token: adminToken })).body;
    if (status.status === 'applied') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const applyMs = performance.now() - applyStarted;
  // Every invitation queued: one password-creation invitation event per account (baseline included).
  const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from es.events where type = 'account.password-invitation-issued'`);
  clearInterval(sampler);
  // What stays once garbage is collected (run with --expose-gc, as the npm script does): peak RSS counts garbage V8
  // had not collected yet on a machine with memory to spare.
  global.gc?.();
  const rssAfterGc = process.memoryUsage().rss;

  console.log(`bench/import: ${lines.toLocaleString('en')} lines, ${database === 'postgres' ? 'PostgreSQL (DATABASE_URL), memory the platform’s own' : 'PGlite in process (its memory counted)'}, background work on`);
  console.log(`  baseline: one POST /api/accounts at a time     ${perPost.toFixed(1)} ms per account (${baselineCount} accounts)`);
  console.log(`  dry run                                        ${seconds(checkMs)}  target <= 5 s: ${checkMs <= 5_000 ? 'MET' : 'NOT MET'}`);
  console.log(`  application (${status.created.length.toLocaleString('en')} created, ${status.errors.length} refused)   ${seconds(applyMs)}  target <= 60 s: ${applyMs <= 60_000 ? 'MET' : 'NOT MET'}`);
  console.log(`  per line applied / per single POST             ${(applyMs / lines / perPost).toFixed(2)}`);
  console.log(`  invitations issued (baseline + import)         ${rows[0]!.n} of ${baselineCount + status.created.length}`);
  console.log(`  resident memory: before / peak (growth)        ${mb(rssBefore)} / ${mb(rssPeak)} (${mb(rssPeak - rssBefore)})  target growth <= 200 MB: ${rssPeak - rssBefore <= 200 * 2 ** 20 ? 'MET' : 'NOT MET'}`);
  console.log(`  resident memory after a full GC (growth)       ${mb(rssAfterGc)} (${mb(rssAfterGc - rssBefore)})${global.gc ? '' : '  (no --expose-gc: not collected)'}`);

  // The employer's whole list as CSV (issue 18: a 5,000-account employer in <= 1 s), once the list has caught up,
  // beside one JSON page of 100 in the same run.
  const expected = baselineCount + status.created.length + 1;
  for (let waited = 0; ; waited += 200) {
    const page = await platform.api('GET', '/api/accounts?pageSize=20', { token: adminToken });
    if (page.body.total >= expected) break;
    if (waited > 120_000) throw new Error(`the account list did not catch up: ${page.body.total} of ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const timed = async (work: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await work();
      runs.push(performance.now() - started);
    }
    return runs.sort((a, b) => a - b)[1]!;
  };
  let csvRows = 0;
  const csvMs = await timed(async () => {
    const csv = await platform.api('GET', '/api/accounts', { token: adminToken, headers: { accept: 'text/csv' } });
    if (csv.status !== 200) throw new Error(`CSV export: ${csv.status}`);
    csvRows = String(csv.body).trimEnd().split('\r\n').length - 1;
  });
  const pageMs = await timed(() => platform.api('GET', '/api/accounts?pageSize=100', { token: adminToken }));
  const per5000 = (csvMs * 5_000) / csvRows;
  console.log(`  CSV export of the list, ${csvRows.toLocaleString('en')} accounts (median of 3)  ${seconds(csvMs)}, ${seconds(per5000)} per 5,000  target <= 1 s per 5,000: ${per5000 <= 1_000 ? 'MET' : 'NOT MET'}`);
  console.log(`  one JSON page of 100 (baseline, median of 3)   ${pageMs.toFixed(1)} ms; the export costs ${(csvMs / pageMs).toFixed(1)} pages`);
} finally {
  await platform.close();
}
