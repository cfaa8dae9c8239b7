import { START } from '@peps/event-store';
import { ProjectionRunner, ProjectionSet, type Projection } from '@peps/read-store';
import { migrate, type Lease } from '@peps/sql';
import { accountHistory, accountStateAt, actorName } from '@peps/audit-trail';
import { allProjections } from '@peps/projections';
import { domainErrorCatalogue, isDomainError } from '@peps/domain';
import { Operators } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { PlatformClock } from '@peps/runtime';
import { unlockOperator } from '@peps/runtime';
import { authMigrations } from '@peps/runtime';
import { systemContext } from '@peps/runtime';
import type { CliContext } from './cli-context.js';
import { progressBar } from './progress.js';

const REBUILD_BATCH = 1000;

/**
 * `projections:rebuild [name]`: one projection, or all of them, on either read store. "All" is one shared read of
 * the log for every projection (`ProjectionSet.rebuild`).
 */
export async function rebuild(ctx: CliContext, name: string | undefined): Promise<number> {
  const chosen = name ? allProjections.filter((p) => p.name === name) : allProjections;
  if (!chosen.length) {
    console.error(`Projection inconnue : ${name}. Connues : ${allProjections.map((p) => p.name).join(', ')}`);
    return 2;
  }
  if (name) return rebuildOneByOne(ctx, chosen);
  return rebuildTogether(ctx, chosen);
}

function eventsCount(ctx: CliContext): Promise<number> {
  return ctx.store.countAfter(START, Number.MAX_SAFE_INTEGER);
}

function report(label: string, applied: number, seconds: number): void {
  console.log(`${label} : ${applied} événements en ${seconds.toFixed(1)} s (${Math.round(applied / Math.max(seconds, 0.001))} évt/s)`);
}

function leftToActiveProcess(name: string): void {
  console.log(`${name} : remise à zéro faite ; le processus actif la reconstruit (suivre avec projections:status).`);
}

async function rebuildOneByOne(ctx: CliContext, projections: readonly Projection[]): Promise<number> {
  for (const projection of projections) {
    const runner = new ProjectionRunner(projection, ctx.store, ctx.readStore, { batchSize: REBUILD_BATCH });
    // The platform's active runner of this projection holds the lease: rebuild only where nobody else writes.
    const lease = await ctx.readStore.leases.tryAcquire(`projection:${projection.name}`);
    if (!lease) {
      await runner.reset();
      leftToActiveProcess(projection.name);
      continue;
    }
    try {
      const bar = progressBar(projection.name, await eventsCount(ctx));
      const applied = await runner.rebuild((done) => bar.update(done));
      report(projection.name, applied, bar.finish(applied));
    } finally {
      await lease.release();
    }
  }
  return 0;
}

/** Every projection whose lease is free, from zero on one read of the log; the others are reset for their active runner. */
async function rebuildTogether(ctx: CliContext, projections: readonly Projection[]): Promise<number> {
  const { readStore } = ctx;
  const leases: Lease[] = [];
  try {
    const free: Projection[] = [];
    for (const projection of projections) {
      const lease = await readStore.leases.tryAcquire(`projection:${projection.name}`);
      if (lease) {
        leases.push(lease);
        free.push(projection);
      } else {
        await new ProjectionRunner(projection, ctx.store, readStore).reset();
        leftToActiveProcess(projection.name);
      }
    }
    if (!free.length) return 0;
    const set = new ProjectionSet(readStore, ctx.store, free, { batchSize: REBUILD_BATCH });
    const label = free.map((p) => p.name).join(', ');
    const bar = progressBar(free.length === projections.length ? 'toutes les projections' : label, await eventsCount(ctx));
    const read = await set.rebuild((done) => bar.update(done));
    report(label, read, bar.finish(read));
    return 0;
  } finally {
    for (const lease of leases) await lease.release();
  }
}

export async function status(ctx: CliContext): Promise<number> {
  const checkpoints = await ctx.readStore.checkpoints();
  const failures = await ctx.readStore.failures();
  const rows = await Promise.all(
    allProjections.map(async (p) => {
      const stored = checkpoints.find((c) => c.projection === p.name);
      return {
        projection: p.name,
        version: stored?.version ?? '-',
        checkpoint: stored ? `${stored.checkpoint.transactionId}:${stored.checkpoint.position}` : 'jamais lancée',
        // Events after the stored checkpoint: the same count as the runners' `lag`, on either read store.
        lag: await ctx.store.countAfter(stored?.checkpoint ?? START),
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

/** `audit:verify`: the report as JSON on stdout (exit 1 on a broken link), a progress bar on stderr while it runs. */
export async function verify(ctx: CliContext, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  const total = await eventsCount(ctx);
  const bar = progressBar('vérification de l’intégrité', total, err);
  const report = await ctx.store.verify({ onProgress: (p) => bar.update(p.eventsChecked) });
  bar.finish(report.eventsChecked);
  console.log(JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}

async function accountIdOf(ctx: CliContext, identifier: string): Promise<string | null> {
  const entry = await ctx.readers.accountList.findByIdentifier(identifier);
  return entry?.accountId ?? null;
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

/**
 * `operator:unlock <identifier>`: unlocks a DRS operator locked after too many failed sign-ins, for when no other DRS
 * operator can (the API's `POST /api/drs/operators/:identifier/unlock` otherwise). Recorded in the operator's
 * security stream (`security.operator-unlocked`, by `cli`). 0 unlocked, 1 unknown or not locked (nothing changes).
 */
export async function unlockOperatorCommand(ctx: CliContext, identifier: string): Promise<number> {
  // The operators' lock columns come with an `auth` migration: apply it if the platform has not started since.
  await migrate(ctx.db, 'auth', authMigrations);
  const audit = new SecurityAudit(ctx.store, new PlatformClock(undefined, false));
  try {
    const unlocked = await unlockOperator(new Operators(ctx.db), audit, identifier, systemContext());
    console.log(`Opérateur débloqué : ${unlocked.identifier} (${unlocked.displayName}). Il peut de nouveau se connecter.`);
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const reason = error.code === 'account.not-found' ? 'aucun opérateur ne porte cet identifiant' : domainErrorCatalogue[error.code].message;
    console.error(`Opérateur non débloqué (${identifier}) : ${reason.replace(/\.$/, '')}.`);
    return 1;
  }
}
