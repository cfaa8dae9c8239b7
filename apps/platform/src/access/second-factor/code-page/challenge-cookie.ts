import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHALLENGE_LIFETIME_MINUTES } from '../challenge-store.js';

/** The second factor a page is waiting for: the login's `secondFactor` (or a step-up's 403), and the code sent so far. */
export interface PendingChallenge {
  challenge: string;
  methods: string[];
  expiresAt: string;
  /** The method a code was last sent by, so that arriving again does not send another. */
  sent?: 'email' | 'sms';
}

const KNOWN_METHODS = ['email', 'sms', 'totp', 'passkey', 'recovery'];

/** Like the form cookie: `__Host-` over HTTPS (Secure, Path=/, no Domain), which a sibling subdomain cannot plant. */
export function challengeCookieName(req: FastifyRequest): string {
  return req.protocol === 'https' ? '__Host-peps_second_factor' : 'peps_second_factor';
}

/** What the login (or a 403 `second-factor.required`) answered, when it is one; undefined otherwise. */
export function pendingChallengeOf(body: unknown): PendingChallenge | undefined {
  const candidate = body as { challenge?: unknown; methods?: unknown; expiresAt?: unknown; sent?: unknown } | undefined;
  if (!candidate || typeof candidate.challenge !== 'string' || candidate.challenge.length === 0 || candidate.challenge.length > 200) return undefined;
  if (typeof candidate.expiresAt !== 'string' || Number.isNaN(Date.parse(candidate.expiresAt))) return undefined;
  const methods = Array.isArray(candidate.methods) ? candidate.methods.filter((m): m is string => typeof m === 'string' && KNOWN_METHODS.includes(m)) : [];
  const sent = candidate.sent === 'email' || candidate.sent === 'sms' ? candidate.sent : undefined;
  return { challenge: candidate.challenge, methods, expiresAt: candidate.expiresAt, ...(sent ? { sent } : {}) };
}

export function encodePending(pending: PendingChallenge): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

export function decodePending(raw: unknown): PendingChallenge | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return undefined;
  try {
    return pendingChallengeOf(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/** HttpOnly and short-lived: the challenge is worth something only with the password just typed, for 10 minutes. */
export function keepChallenge(req: FastifyRequest, res: FastifyReply, pending: PendingChallenge): void {
  res.cookie(challengeCookieName(req), encodePending(pending), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: req.protocol === 'https',
    maxAge: CHALLENGE_LIFETIME_MINUTES * 60,
  });
}

export function readChallenge(req: FastifyRequest): PendingChallenge | undefined {
  return decodePending(((req.cookies ?? {}) as Record<string, string>)[challengeCookieName(req)]);
}

export function forgetChallenge(req: FastifyRequest, res: FastifyReply): void {
  res.clearCookie(challengeCookieName(req), { httpOnly: true, sameSite: 'lax', path: '/', secure: req.protocol === 'https' });
}

export function isExpired(pending: PendingChallenge, now: Date): boolean {
  return Date.parse(pending.expiresAt) <= now.getTime();
}

/**
 * When no authenticator application and no passkey can answer, the code can only come by message: the page sends
 * it by e-mail on arrival (once), so the holder has nothing to click before reading their mail.
 */
export function sendsEmailOnArrival(pending: PendingChallenge): boolean {
  return pending.methods.includes('email') && !pending.methods.includes('totp') && !pending.methods.includes('passkey') && !pending.sent;
}
