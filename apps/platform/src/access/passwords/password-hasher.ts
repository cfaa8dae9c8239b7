import { hash, parseOptions, verify } from '@node-rs/argon2';

/** OWASP Password Storage cheat sheet, argon2id minimum: m=19 MiB, t=2, p=1. */
export const ARGON2_PARAMETERS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PasswordHasher {
  /** Verified when the identifier is unknown, so that answering takes the time of a real check. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_PARAMETERS);
  }

  /** A missing hash (unknown account, password not yet created) still costs one verification. */
  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummy ??= this.hash('dummy-password-never-matches-9!');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }

  /** True when a stored hash was made with other parameters than today's (rehash on next sign-in). */
  needsRehash(passwordHash: string): boolean {
    try {
      const options = parseOptions(passwordHash);
      return (
        (options.algorithm as number) !== ARGON2_PARAMETERS.algorithm ||
        options.memoryCost !== ARGON2_PARAMETERS.memoryCost ||
        options.timeCost !== ARGON2_PARAMETERS.timeCost ||
        options.parallelism !== ARGON2_PARAMETERS.parallelism
      );
    } catch {
      return true;
    }
  }
}
