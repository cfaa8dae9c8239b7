import { KeyVault, loadMasterKey, parseMasterKey, personalDataMigrations, type MasterKey } from '@peps/personal-data';
import { migrate, type SqlDatabase } from '@peps/sql';
import { progressBar } from './progress.js';

export interface MasterKeySettings {
  /** `PEPS_MASTER_KEY` (or the data folder's key file): the key to wrap with from now on. */
  current?: string;
  /** `PEPS_MASTER_KEY_PREVIOUS`: the key the data keys are wrapped with today. */
  previous?: string;
  dataDir?: string;
}

/**
 * `personal-data:rotate-master-key`: re-wraps every person's data key with the current master key, in batches,
 * with a progress bar. Start the platform with both keys set (it reads with either) before, and drop
 * `PEPS_MASTER_KEY_PREVIOUS` after: a run stopped halfway is simply run again. 0 done, 2 bad settings.
 */
export async function rotateMasterKeyCommand(db: SqlDatabase, settings: MasterKeySettings, batchSize = 1_000): Promise<number> {
  if (!settings.previous) {
    console.error('PEPS_MASTER_KEY_PREVIOUS est obligatoire : la clé maîtresse actuelle, que la nouvelle (PEPS_MASTER_KEY) remplace.');
    return 2;
  }
  let current: MasterKey;
  let previous: MasterKey;
  try {
    current = loadMasterKey({ env: settings.current, dataDir: settings.dataDir });
    previous = parseMasterKey(settings.previous);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (current.id === previous.id) {
    console.error('PEPS_MASTER_KEY et PEPS_MASTER_KEY_PREVIOUS sont la même clé : rien à faire.');
    return 2;
  }
  await migrate(db, 'personal-data', personalDataMigrations);
  let bar: ReturnType<typeof progressBar> | undefined;
  const result = await new KeyVault(db, [current, previous]).rotate({
    batchSize,
    onProgress: ({ done, total }) => {
      bar ??= progressBar('clés ré-enveloppées', total, process.stderr, 'clés');
      bar.update(done);
    },
  });
  const seconds = bar?.finish(result.done) ?? 0;
  console.log(`Clé maîtresse changée : ${result.done.toLocaleString('fr-FR')} clé(s) ré-enveloppée(s) en ${seconds.toFixed(1)} s (clé ${current.id}).`);
  return 0;
}
