import { BrokenChainError, sealLog, type SealLogOptions } from '@peps/personal-data';
import { personalFieldMap } from '@peps/runtime';
import type { CliContext } from './cli-context.js';
import { progressBar } from './progress.js';

export interface SealLogSettings {
  /** `KURRENTDB_URL`: the log is in KurrentDB, which this command does not rewrite. */
  kurrentDbUrl?: string;
  /** Events per transaction (whole streams). */
  batchSize?: number;
}

/** Why these settings cannot run the command (checked before the CLI opens anything), or undefined. */
export function sealLogSettingsError(settings: SealLogSettings): string | undefined {
  if (settings.kurrentDbUrl) {
    return 'personal-data:seal-log réécrit le journal du magasin SQL (PGlite ou PostgreSQL) : KURRENTDB_URL est défini, ce journal-là n’est pas concerné. Retirez KURRENTDB_URL pour viser la base SQL.';
  }
  if (settings.batchSize !== undefined && !(Number.isInteger(settings.batchSize) && settings.batchSize > 0)) {
    return `Taille de lot invalide : ${settings.batchSize} (attendu : un entier positif).`;
  }
  return undefined;
}

/**
 * `personal-data:seal-log`: once, on a SQL log written before crypto-shredding, seals every personal value and
 * source address still in clear and re-chains the changed streams (see `sealLog`), then checks the whole chain.
 * Stopped halfway, it is simply run again. 0 done, 1 a chain broken (before or after), 2 bad settings.
 */
export async function sealLogCommand(
  ctx: Pick<CliContext, 'db' | 'store' | 'vault'>,
  settings: SealLogSettings,
  hooks: Pick<SealLogOptions, 'afterBatch'> = {},
): Promise<number> {
  const refused = sealLogSettingsError(settings);
  if (refused) {
    console.error(refused);
    return 2;
  }
  if (!ctx.vault) throw new Error('the CLI context has no key vault');
  let bar: ReturnType<typeof progressBar> | undefined;
  let result;
  try {
    result = await sealLog(ctx.db, ctx.store, ctx.vault, personalFieldMap, {
      batchSize: settings.batchSize,
      afterBatch: hooks.afterBatch,
      onProgress: ({ done, total }) => {
        bar ??= progressBar('journal scellé', total);
        bar.update(done);
      },
    });
  } catch (error) {
    bar?.finish(0);
    if (!(error instanceof BrokenChainError)) throw error;
    console.error(error.message);
    return 1;
  }
  const seconds = bar?.finish(result.eventsRead) ?? 0;
  const report = await ctx.store.verify();
  if (!report.ok) {
    const broken = report.firstBroken!;
    console.error(`Chaîne d’intégrité rompue après le scellement : flux ${broken.stream}, version ${broken.version} (${broken.reason}). Lancez audit:verify.`);
    return 1;
  }
  const read = result.eventsRead.toLocaleString('fr-FR');
  const checked = `chaîne d’intégrité vérifiée (${report.eventsChecked.toLocaleString('fr-FR')} événements)`;
  console.log(
    result.recordStream
      ? `Journal scellé : ${result.eventsChanged.toLocaleString('fr-FR')} événement(s) réécrit(s) dans ${result.streamsChanged.toLocaleString('fr-FR')} flux sur ${read} lus, en ${seconds.toFixed(1)} s ; ${checked}. Trace : ${result.recordStream}.`
      : `Journal déjà scellé : aucune valeur personnelle en clair parmi ${read} événement(s), en ${seconds.toFixed(1)} s ; ${checked}.`,
  );
  return 0;
}
