import { ProjectionRunner } from '../../../libs/read-store/src/index.js';
import { accountHistory, accountStateAt, actorName } from '../../../projections/audit-trail/src/index.js';
import { findListedAccountByIdentifier } from '../../../projections/account-list/src/index.js';
import { allProjections } from '../../../projections/index.js';
import type { CliContext } from './cli-context.js';
import { progressBar } from './progress.js';

export async function rebuild(ctx: CliContext, name: string | undefined): Promise<number> {
  const chosen = name ? allProjections.filter((p) => p.name === name) : allProjections;
  if (!chosen.length) {
    console.error(`Projection inconnue : ${name}. Connues : ${allProjections.map((p) => p.name).join(', ')}`);
    return 2;
  }
  for (const projection of chosen) {
    const runner = new ProjectionRunner(projection, ctx.store, ctx.db, { batchSize: 1000 });
    // The platform's active runner of this projection holds the lease: rebuild only where nobody else writes.
    const lease = await ctx.db.tryAcquireLease(`projection:${projection.name}`);
    if (!lease) {
      await runner.reset();
      console.log(`${projection.name} : remise à zéro faite ; le processus actif la reconstruit (suivre avec projections:status).`);
      continue;
    }
    try {
      const total = await ctx.store.countAfter({ transactionId: 0n, position: 0n }, Number.MAX_SAFE_INTEGER);
      const bar = progressBar(projection.name, total);
      const applied = await runner.rebuild((done) => bar.update(done));
      const seconds = bar.finish(applied);
      console.log(`${projection.name} : ${applied} événements en ${seconds.toFixed(1)} s (${Math.round(applied / Math.max(seconds, 0.001))} évt/s)`);
    } finally {
      await lease.release();
    }
  }
  return 0;
}

export async function status(ctx: CliContext): Promise<number> {
  const checkpoints = await ctx.readStore.checkpoints();
  const failures = await ctx.readStore.failures();
  const rows = await Promise.all(
    allProjections.map(async (p) => {
      const runner = new ProjectionRunner(p, ctx.store, ctx.db);
      const stored = checkpoints.find((c) => c.projection === p.name);
      return {
        projection: p.name,
        version: stored?.version ?? '-',
        checkpoint: stored ? `${stored.checkpoint.transactionId}:${stored.checkpoint.position}` : 'jamais lancée',
        lag: await runner.lag(),
        ignorés: failures.filter((f) => f.projection === p.name && f.skipped).length,
        'en échec': failures.filter((f) => f.projection === p.name && !f.skipped).length,
        'mis à jour': stored?.updatedAt ?? '-',
      };
    }),
  );
  console.table(rows);
  for (const f of failures) {
    console.log(`${f.skipped ? 'IGNORÉ' : 'EN ÉCHEC'} ${f.projection} ${f.type} ${f.stream}@${f.streamVersion} (${f.attempts} essais) : ${f.error}`);
  }
  return 0;
}

export async function verify(ctx: CliContext): Promise<number> {
  const report = await ctx.store.verify();
  console.log(JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}

async function accountIdOf(ctx: CliContext, identifier: string): Promise<string | null> {
  return (await findListedAccountByIdentifier(ctx.db, identifier))?.accountId ?? null;
}

export async function history(ctx: CliContext, identifier: string): Promise<number> {
  const accountId = await accountIdOf(ctx, identifier);
  if (!accountId) {
    console.error(`Compte introuvable : ${identifier}`);
    return 1;
  }
  const { entries } = await accountHistory(ctx.store, accountId);
  for (const e of entries) {
    console.log(`${e.occurredAt}  v${e.version}  ${actorName(e.actor)}  ${e.summary}`);
    for (const c of e.changes) console.log(`    ${c.label} : ${c.from ?? '∅'} → ${c.to ?? '∅'}`);
  }
  return 0;
}

export async function state(ctx: CliContext, identifier: string, at: string | undefined): Promise<number> {
  const instant = at ? new Date(at) : new Date();
  if (Number.isNaN(instant.getTime())) {
    console.error(`Instant invalide : ${at} (attendu : ISO-8601, par exemple 2025-03-01T12:00:00Z)`);
    return 2;
  }
  const accountId = await accountIdOf(ctx, identifier);
  if (!accountId) {
    console.error(`Compte introuvable : ${identifier}`);
    return 1;
  }
  const { state: snapshot } = await accountStateAt(ctx.store, accountId, instant);
  if (!snapshot) {
    console.error(`Le compte ${identifier} n’existait pas encore le ${instant.toISOString()}.`);
    return 1;
  }
  console.log(JSON.stringify(snapshot, null, 2));
  return 0;
}
