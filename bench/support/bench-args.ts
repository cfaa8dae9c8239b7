/** `--name value` pairs of a bench's command line; a `--flag` with no value reads as `'true'`. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i]!.startsWith('--')) continue;
    const value = argv[i + 1];
    out[argv[i]!.slice(2)] = value === undefined || value.startsWith('--') ? 'true' : argv[++i]!;
  }
  return out;
}
