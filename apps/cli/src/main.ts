import { loadPlatformConfig } from '@peps/runtime';
import { openCliContext } from './cli-context.js';
import { history, rebuild, state, status, unlockOperatorCommand, verify } from './commands.js';
import { rotateMasterKeyCommand } from './rotate-master-key.js';
import { sealLogCommand, sealLogSettingsError } from './seal-log.js';

const usage = `Usage : npm run cli -- <commande>
  projections:rebuild [nom]                 reconstruit une projection (ou toutes) depuis zéro
  projections:status                        position et retard de chaque projection
  audit:verify                              vérifie la chaîne d’intégrité des événements
  account:history <identifiant>             historique complet d’un compte
  account:state <identifiant> --at <ISO>    le compte tel qu’il était à cet instant
  operator:unlock <identifiant>             débloque un opérateur DRS bloqué après des échecs de connexion
  personal-data:rotate-master-key           ré-enveloppe les clés des personnes avec PEPS_MASTER_KEY (l’ancienne dans PEPS_MASTER_KEY_PREVIOUS)
  personal-data:seal-log                    scelle les valeurs personnelles écrites en clair avant le chiffrement (journal SQL), une fois`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--at');
  const atIndex = args.indexOf('--at');
  const at = atIndex >= 0 ? args[atIndex + 1] : args.find((a) => a.startsWith('--at='))?.slice(5);
  const known = ['projections:rebuild', 'projections:status', 'audit:verify', 'account:history', 'account:state', 'operator:unlock', 'personal-data:rotate-master-key', 'personal-data:seal-log'];
  if (!command || !known.includes(command)) {
    console.error(usage);
    return command ? 2 : 0;
  }
  if ((command === 'account:history' || command === 'account:state' || command === 'operator:unlock') && !positional[0]) {
    console.error(usage);
    return 2;
  }
  const sealLogRefused = command === 'personal-data:seal-log' ? sealLogSettingsError({ kurrentDbUrl: loadPlatformConfig().kurrentDbUrl }) : undefined;
  if (sealLogRefused) {
    console.error(sealLogRefused);
    return 2;
  }
  const ctx = await openCliContext();
  try {
    switch (command) {
      case 'projections:rebuild':
        return await rebuild(ctx, positional[0]);
      case 'projections:status':
        return await status(ctx);
      case 'audit:verify':
        return await verify(ctx);
      case 'account:history':
        return await history(ctx, positional[0]);
      case 'operator:unlock':
        return await unlockOperatorCommand(ctx, positional[0]);
      case 'personal-data:rotate-master-key':
        return await rotateMasterKeyCommand(ctx.db, {
          current: process.env.PEPS_MASTER_KEY,
          previous: process.env.PEPS_MASTER_KEY_PREVIOUS,
          dataDir: loadPlatformConfig().dataDir,
        });
      case 'personal-data:seal-log':
        return await sealLogCommand(ctx, { kurrentDbUrl: loadPlatformConfig().kurrentDbUrl });
      default:
        return await state(ctx, positional[0], at);
    }
  } finally {
    await ctx.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error((error as Error).message);
  return 1;
});
