/** A one-line progress bar with rate, redrawn in place on a terminal, printed every few seconds otherwise. */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr, unit = 'événements') {
  const started = Date.now();
  let lastPrint = 0;
  return {
    update(done: number, force = false) {
      const now = Date.now();
      if (!force && now - lastPrint < (out.isTTY ? 100 : 2_000)) return;
      lastPrint = now;
      const seconds = Math.max(0.001, (now - started) / 1000);
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
      const line = `${label} [${bar}] ${done.toLocaleString('fr-FR')}/${total.toLocaleString('fr-FR')} ${unit} — ${Math.round(done / seconds).toLocaleString('fr-FR')}/s`;
      out.write(out.isTTY ? `\r${line}` : `${line}\n`);
    },
    finish(done: number) {
      this.update(done, true);
      if (out.isTTY) out.write('\n');
      return (Date.now() - started) / 1000;
    },
  };
}
