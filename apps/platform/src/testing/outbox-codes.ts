// The second-factor codes a platform started with PEPS_DATA_DIR writes to its outbox folder.
import { listOutbox, outboxFolder, readOutboxMail } from '@peps/notifications';

/** The names of the mails already in the outbox: what a later `mailedCodeIn` must not take. */
export async function outboxNames(dataDir: string): Promise<Set<string>> {
  return new Set((await listOutbox(outboxFolder(dataDir))).map((entry) => entry.name));
}

/** The 6-digit code of the newest mail to `to` not among `seen`, waited for (the mail goes out in the background). */
export async function mailedCodeIn(dataDir: string, to: string, seen: Set<string>): Promise<string> {
  const folder = outboxFolder(dataDir);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    for (const entry of await listOutbox(folder)) {
      if (seen.has(entry.name) || !entry.to.includes(to)) continue;
      const code = /\b(\d{6})\b/.exec((await readOutboxMail(folder, entry.name)).text ?? '')?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code mailed to ${to}`);
}
