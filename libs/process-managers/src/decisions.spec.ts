import { deadlineChanges } from './deadlines/deadline-decisions.js';
import { planLetters } from './letters/letter-decisions.js';
import { planMails } from './mail/mail-decisions.js';
import { nextAttemptDelay } from './runtime/backoff.js';
import { deterministicUuid, effectId } from './runtime/deterministic-id.js';

const system = { kind: 'system' } as const;
const created = (profile: 'user' | 'administrator') => ({
  type: 'account.created',
  data: {
    accountId: 'a1', employerId: 'e1', identifier: 'JLO000439', profile, civility: 'monsieur', lastName: 'Louty', firstName: 'Jean',
    email: 'jean.louty@chu-nantes.fr', phone: '0241051938', professionalAddress: profile === 'administrator' ? ['1 rue A', '44000 NANTES'] : null,
    rights: {}, rightsCatalogueVersion: 1, createdBy: system, createdAt: '2020-03-12T09:41:00.000Z',
  },
});

describe('mail decisions (event → mails)', () => {
  it('mails the link when an invitation is issued (account.created is not even subscribed to: it has no token hash)', () => {
    const issued = { type: 'account.password-invitation-issued', data: { accountId: 'a1', tokenHash: 'h', issuedAt: 'x', expiresAt: 'y', supersededTokenHash: null, issuedBy: system } };
    expect(planMails(issued)).toEqual([{ kind: 'password-invitation', payload: issued.data }]);
  });
  it('tells the holder and, through a fan-out, the other administrators of a cancellation', () => {
    const cancelled = { type: 'account.administrator-registration-cancelled', data: { accountId: 'a1', employerId: 'e1', reason: 'r', outcome: 'closed', cancelledBy: system, cancelledAt: 't' } };
    expect(planMails(cancelled).map((e) => e.kind)).toEqual(['registration-cancelled-holder', 'registration-cancelled-administrators']);
  });
  it('maps each other cause to its mail', () => {
    expect(planMails({ type: 'account.password-reset-requested', data: {} })[0].kind).toBe('password-reset');
    expect(planMails({ type: 'account.inactivity-warned', data: {} })[0].kind).toBe('inactivity-warning');
    expect(planMails({ type: 'account.deactivated', data: {} })[0].kind).toBe('account-deactivated');
    expect(planMails({ type: 'account.promoted-to-administrator', data: {} })[0].kind).toBe('promoted-to-administrator');
    expect(planMails({ type: 'identifier.reminder-requested', data: { email: 'a@b.fr', accountIds: ['a1'], requestedAt: 't' } })[0].kind).toBe('forgotten-identifier');
    expect(planMails({ type: 'identifier.reminder-requested', data: { email: 'a@b.fr', accountIds: [], requestedAt: 't' } })).toEqual([]);
  });
  it('refuses an event it does not handle (the runtime sets it aside)', () => {
    expect(() => planMails({ type: 'account.signed-in', data: {} })).toThrow(/does not handle/);
  });
});

describe('letter decisions', () => {
  it('writes to the legal representative for an administrator created, not for a user', () => {
    expect(planLetters(created('user') as never)).toEqual([]);
    const [letter] = planLetters(created('administrator') as never);
    expect(letter.payload).toMatchObject({ registration: 'created', accountId: 'a1', employerId: 'e1', effectiveAt: '2020-03-12T09:41:00.000Z' });
  });
  it('writes for a promotion, with the holder as the promotion recorded him', () => {
    const holder = { civility: 'madame', lastName: 'Martin', firstName: 'Anne', email: 'a@b.fr', phone: null, professionalAddress: ['1 rue A', '44000 NANTES'] };
    const [letter] = planLetters({ type: 'account.promoted-to-administrator', data: { accountId: 'a2', employerId: 'e1', identifier: 'AMA000001', holder, promotedBy: system, promotedAt: 't' } });
    expect(letter.payload).toMatchObject({ registration: 'promoted', holder, effectiveAt: 't' });
  });
});

describe('deadline decisions', () => {
  it('sets the invitation deadline at its expiry and clears it when the link is used or expires', () => {
    expect(deadlineChanges({ type: 'account.password-invitation-issued', data: { accountId: 'a1', tokenHash: 'h', expiresAt: '2020-03-27T09:41:00.000Z' } })).toEqual([
      { op: 'set', accountId: 'a1', kind: 'invitation-expiry', ref: 'h', dueAt: '2020-03-27T09:41:00.000Z' },
    ]);
    expect(deadlineChanges({ type: 'account.invitation-expired', data: { accountId: 'a1', tokenHash: 'h' } })).toEqual([
      { op: 'clear', accountId: 'a1', kind: 'invitation-expiry', ref: 'h' },
    ]);
  });
  it('warns on the 20th of the month before the 18 months and deactivates on the day', () => {
    const changes = deadlineChanges({ type: 'account.signed-in', data: { accountId: 'a1', signedInAt: '2024-01-10T10:00:00.000Z' } });
    expect(changes).toEqual([
      { op: 'set', accountId: 'a1', kind: 'inactivity-warning', ref: '2025-07-10T10:00:00.000Z', dueAt: '2025-06-20T00:00:00.000Z' },
      { op: 'set', accountId: 'a1', kind: 'inactivity-deactivation', ref: '2025-07-10T10:00:00.000Z', dueAt: '2025-07-10T10:00:00.000Z' },
    ]);
  });
  it('forgets every deadline of a closed account but the erasure of its personal data, due after the retention period; none of a demoted one', () => {
    const erasure = (dueAt: string) => [{ op: 'clear', accountId: 'a1' }, { op: 'set', accountId: 'a1', kind: 'personal-data-erasure', ref: '2026-01-31T09:00:00.000Z', dueAt }];
    expect(deadlineChanges({ type: 'account.deleted', data: { accountId: 'a1', deletedAt: '2026-01-31T09:00:00.000Z' } })).toEqual(erasure('2027-01-31T09:00:00.000Z'));
    expect(deadlineChanges({ type: 'account.deleted', data: { accountId: 'a1', deletedAt: '2026-01-31T09:00:00.000Z' } }, { closedMonths: 1 })).toEqual(erasure('2026-02-28T09:00:00.000Z'));
    expect(
      deadlineChanges({ type: 'account.administrator-registration-cancelled', data: { accountId: 'a1', outcome: 'closed', cancelledAt: '2026-01-31T09:00:00.000Z' } }, { closedMonths: 6 }),
    ).toEqual(erasure('2026-07-31T09:00:00.000Z'));
    expect(deadlineChanges({ type: 'account.administrator-registration-cancelled', data: { accountId: 'a1', outcome: 'demoted-to-user' } })).toEqual([]);
  });
  it('forgets the erasure deadline once the personal data are erased', () => {
    expect(deadlineChanges({ type: 'account.personal-data-erased', data: { accountId: 'a1' } })).toEqual([{ op: 'clear', accountId: 'a1' }]);
  });
});

describe('effect ids and backoff', () => {
  it('derives the same UUID v5 from the same cause and effect, another from another', () => {
    const id = effectId('0f6a1c1e-0000-4000-8000-000000000000', 'password-invitation');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(effectId('0f6a1c1e-0000-4000-8000-000000000000', 'password-invitation')).toBe(id);
    expect(effectId('0f6a1c1e-0000-4000-8000-000000000000', 'password-invitation', 'admin-2')).not.toBe(id);
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });
  it('doubles the delay up to the cap, then gives up', () => {
    const policy = { baseMs: 1_000, maxMs: 5_000, maxAttempts: 5 };
    expect([1, 2, 3, 4, 5].map((n) => nextAttemptDelay(policy, n))).toEqual([1_000, 2_000, 4_000, 5_000, null]);
  });
});
