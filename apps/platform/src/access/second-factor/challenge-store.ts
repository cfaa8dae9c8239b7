import type { SqlDatabase } from '@peps/sql';
import { newSecretToken, tokenHash } from '../../shell/command-side/secret-token.js';
import { SESSION_GUARD_FIRST_PARAMETER, type SessionGuard } from '../authentication/session-store.js';

/** A password accepted, or a sensitive action asked, waits this long for its second factor. */
export const CHALLENGE_LIFETIME_MINUTES = 10;

export type ChallengePurpose = 'sign-in' | 'step-up' | 'passkey-registration';

export interface Challenge {
  tokenHash: string;
  holderKind: 'account' | 'operator';
  holderId: string;
  purpose: ChallengePurpose;
  /** The session a step-up belongs to (digest of its token); null for a sign-in. */
  sessionHash: string | null;
  expiresAt: Date;
  /** The WebAuthn challenge last handed out for this challenge (passkeys). */
  webauthnChallenge: string | null;
  /** Operators only: the digest of the e-mailed code and its end (accounts keep theirs in their stream). */
  codeDigest: string | null;
  codeExpiresAt: Date | null;
}

/**
 * The challenges of `auth.second_factor_challenges`: an opaque token the client holds between the password (or the
 * refused sensitive request) and the second factor. Only its SHA-256 is stored; a challenge ends when used, or after
 * CHALLENGE_LIFETIME_MINUTES.
 */
export class ChallengeStore {
  constructor(private readonly db: SqlDatabase) {}

  async open(
    holder: { kind: 'account' | 'operator'; id: string },
    purpose: ChallengePurpose,
    now: Date,
    sessionHash: string | null = null,
  ): Promise<{ token: string; challenge: Challenge }> {
    const token = newSecretToken();
    const challenge: Challenge = {
      tokenHash: tokenHash(token),
      holderKind: holder.kind,
      holderId: holder.id,
      purpose,
      sessionHash,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MINUTES * 60_000),
      webauthnChallenge: null,
      codeDigest: null,
      codeExpiresAt: null,
    };
    // Expired challenges of this holder are of no use to anyone: the table stays the size of the ones in flight. One
    // statement for both (a sign-in's round trips are its cost beside the hash).
    await this.db.query(
      `with expired as (delete from auth.second_factor_challenges where holder_id = $3 and expires_at < $6)
       insert into auth.second_factor_challenges (token_hash, holder_kind, holder_id, purpose, session_hash, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [challenge.tokenHash, holder.kind, holder.id, purpose, sessionHash, now.toISOString(), challenge.expiresAt.toISOString()],
    );
    return { token, challenge };
  }

  /** The live challenge of a token, or undefined (unknown, used, expired, malformed). */
  async find(token: unknown, now: Date): Promise<Challenge | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return undefined;
    return this.findByHash(tokenHash(token), now);
  }

  private async findByHash(hash: string, now: Date): Promise<Challenge | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'select * from auth.second_factor_challenges where token_hash = $1 and consumed_at is null and expires_at > $2',
      [hash, now.toISOString()],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      tokenHash: String(row.token_hash),
      holderKind: row.holder_kind === 'operator' ? 'operator' : 'account',
      holderId: String(row.holder_id),
      purpose: row.purpose === 'step-up' || row.purpose === 'passkey-registration' ? row.purpose : 'sign-in',
      sessionHash: row.session_hash === null ? null : String(row.session_hash),
      expiresAt: new Date(String(row.expires_at)),
      webauthnChallenge: row.webauthn_challenge === null ? null : String(row.webauthn_challenge),
      codeDigest: row.code_digest === null ? null : String(row.code_digest),
      codeExpiresAt: row.code_expires_at === null ? null : new Date(String(row.code_expires_at)),
    };
  }

  /** The latest live challenge of a session for a purpose (a passkey registration in progress). */
  async latestOfSession(sessionHash: string, purpose: ChallengePurpose, now: Date): Promise<Challenge | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `select token_hash from auth.second_factor_challenges
        where session_hash = $1 and purpose = $2 and consumed_at is null and expires_at > $3 order by created_at desc limit 1`,
      [sessionHash, purpose, now.toISOString()],
    );
    return rows[0] ? this.findByHash(String(rows[0].token_hash), now) : undefined;
  }

  async setWebauthnChallenge(hash: string, webauthnChallenge: string): Promise<void> {
    await this.db.query('update auth.second_factor_challenges set webauthn_challenge = $2 where token_hash = $1', [hash, webauthnChallenge]);
  }

  /** Operators: a new code replaces the previous one. */
  async setOperatorCode(hash: string, codeDigest: string, expiresAt: Date): Promise<void> {
    await this.db.query('update auth.second_factor_challenges set code_digest = $2, code_expires_at = $3 where token_hash = $1', [
      hash,
      codeDigest,
      expiresAt.toISOString(),
    ]);
  }

  /**
   * consume() as the guard of a session's opening (one statement): the session opens only if this call used the
   * challenge.
   */
  consumingGuard(hash: string, now: Date): SessionGuard {
    const [token, at] = [SESSION_GUARD_FIRST_PARAMETER, SESSION_GUARD_FIRST_PARAMETER + 1];
    return {
      sql: `update auth.second_factor_challenges set consumed_at = $${at}::timestamptz where token_hash = $${token} and consumed_at is null returning token_hash`,
      params: [hash, now.toISOString()],
    };
  }

  /** Marks the challenge used; false when someone used it first (two verifications racing: one wins). */
  async consume(hash: string, now: Date): Promise<boolean> {
    const { rows } = await this.db.query('update auth.second_factor_challenges set consumed_at = $2 where token_hash = $1 and consumed_at is null returning token_hash', [
      hash,
      now.toISOString(),
    ]);
    return rows.length > 0;
  }

  /** A second-factor reset, a lock or a deletion: the challenges in flight die too. */
  async endAllOf(holderId: string): Promise<void> {
    await this.db.query('delete from auth.second_factor_challenges where holder_id = $1', [holderId]);
  }
}
