import { defaultRightsTemplate, erasedValue, isEventType, personalFields, type Actor, type DomainEvent } from '@peps/domain';

/** One event of the life below: where it goes, who wrote it. */
export interface LifeEvent {
  stream: string;
  type: string;
  data: Record<string, unknown>;
  actor: string;
}

export const employerId = '0b7f3c52-1d0a-4a51-9a57-6a1f4d3e2c10';
/** The account whose data are erased at the end. */
export const erasedId = '6e2a1c9f-3b4d-4e8a-9f10-2c3d4e5f6a7b';
/** Another account of the same employer, left as it was. */
export const keptId = '9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a';

/** Every personal value of the erased account: none of them may remain anywhere once it is erased. */
export const distinctiveValues = [
  'Zébulon-Ïsabeau', 'Quercy-Zébulon', 'Ondine', 'Ondine-Marie', 'ondine.zebulon@exemple.fr', 'o.quercy@exemple.fr', '0611223344', '0699887766',
  '12 rue des Lilas', '7 quai Ondine', 'Clé Ondine', 'Portable Ondine', 'SECRETONDINE',
];

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 8, minute)).toISOString();
const drs: Actor = { kind: 'account', accountId: 'drs-operator', roles: ['drs', 'auditor'] };
const admin: Actor = { kind: 'account', accountId: keptId, roles: ['administrator'], employerId };
const account = (accountId: string) => `account-${accountId}`;
type Event = DomainEvent | { type: `letter.${string}`; data: Record<string, unknown> };
const on = (stream: string, event: Event, actor = 'admin-0'): LifeEvent => ({ stream, type: event.type, data: event.data as Record<string, unknown>, actor });

/**
 * An account's whole life with distinctive values (created, contact changed, second factor set, promoted with its
 * letter, rights changed, deleted), then the erasure of its personal data; next to another account that stays.
 */
export function accountLife(): LifeEvent[] {
  const created = (accountId: string, identifier: string, lastName: string, firstName: string, email: string, minute: number): Event => ({
    type: 'account.created',
    data: {
      accountId, employerId, identifier, profile: 'user', civility: 'madame', lastName, firstName, email, phone: accountId === erasedId ? '0611223344' : null,
      professionalAddress: accountId === erasedId ? ['12 rue des Lilas', '44000 Nantes'] : null, rights: defaultRightsTemplate, rightsCatalogueVersion: 1,
      createdBy: admin, createdAt: at(minute),
    },
  });
  const holder = { civility: 'monsieur' as const, lastName: 'Quercy-Zébulon', firstName: 'Ondine-Marie', email: 'o.quercy@exemple.fr', phone: '0699887766', professionalAddress: ['7 quai Ondine', '44000 Nantes'] };
  const e = account(erasedId);
  return [
    on(`employer-${employerId}`, {
      type: 'employer.registered',
      data: {
        employerId, name: 'CHRU DE NANTES', siret: '26440013600018', legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' },
        address: ['5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1'], defaultRights: defaultRightsTemplate, rightsCatalogueVersion: 1, registeredBy: drs, registeredAt: at(0),
      },
    }, 'drs-operator'),
    on(account(keptId), created(keptId, 'ABE000001', 'Bernard', 'Alice', 'alice.bernard@exemple.fr', 1)),
    on(e, created(erasedId, 'OZE000002', 'Zébulon-Ïsabeau', 'Ondine', 'ondine.zebulon@exemple.fr', 2)),
    on(e, { type: 'account.password-created', data: { accountId: erasedId, tokenHash: 't-1', passwordHash: 'h-1', createdAt: at(3) } }, erasedId),
    on(e, {
      type: 'account.contact-details-changed',
      data: {
        accountId: erasedId,
        changes: {
          civility: { from: 'madame', to: 'monsieur' },
          lastName: { from: 'Zébulon-Ïsabeau', to: 'Quercy-Zébulon' },
          firstName: { from: 'Ondine', to: 'Ondine-Marie' },
          email: { from: 'ondine.zebulon@exemple.fr', to: 'o.quercy@exemple.fr' },
          phone: { from: '0611223344', to: '0699887766' },
          professionalAddress: { from: ['12 rue des Lilas', '44000 Nantes'], to: holder.professionalAddress },
        },
        changedBy: admin,
        changedAt: at(4),
      },
    }),
    // Only the first name: a read model that keeps the whole name must keep the last name whole.
    on(e, { type: 'account.contact-details-changed', data: { accountId: erasedId, changes: { firstName: { from: 'Ondine-Marie', to: 'Ondine' } }, changedBy: admin, changedAt: at(5) } }),
    on(e, { type: 'account.contact-details-changed', data: { accountId: erasedId, changes: { firstName: { from: 'Ondine', to: 'Ondine-Marie' }, phone: { from: '0699887766', to: null } }, changedBy: admin, changedAt: at(6) } }),
    on(e, {
      type: 'account.passkey-registered',
      data: { accountId: erasedId, passkeyId: 'p-1', credentialId: 'cred-1', publicKey: 'key-1', counter: 0, transports: ['usb'], name: 'Clé Ondine', registeredAt: at(7) },
    }, erasedId),
    on(e, {
      type: 'account.workstation-trusted',
      data: { accountId: erasedId, workstationId: 'w-1', tokenDigest: 'd-1', label: 'Portable Ondine', trustedAt: at(8), expiresAt: new Date(Date.parse(at(8)) + 7 * 86_400_000).toISOString() },
    }, erasedId),
    on(e, { type: 'account.totp-enrolment-started', data: { accountId: erasedId, secret: 'SECRETONDINE', startedAt: at(9) } }, erasedId),
    on(e, { type: 'account.signed-in', data: { accountId: erasedId, signedInAt: at(10), profile: 'user', promotionTookEffect: false } }, erasedId),
    on(e, {
      type: 'account.promoted-to-administrator',
      data: { accountId: erasedId, employerId, identifier: 'OZE000002', holder: { ...holder, phone: null }, promotedBy: admin, promotedAt: at(11) },
    }),
    on(`employer-${employerId}`, { type: 'employer.administrator-added', data: { employerId, accountId: erasedId, reason: 'promotion', since: at(11) } }),
    on('letter-L1', { type: 'letter.requested', data: { accountId: erasedId, employerId, kind: 'administrator-registered', recipient: { firstName: 'Philippe', lastName: 'Dupont' } } }, 'system'),
    on('letter-L1', { type: 'letter.generated', data: { pdfPath: 'letters/L1.pdf' } }, 'system'),
    on(e, {
      type: 'account.rights-changed',
      data: { accountId: erasedId, rights: { ...defaultRightsTemplate, 'simulation-retraite': 'none' }, changes: [{ service: 'simulation-retraite', from: 'write', to: 'none' }], rightsCatalogueVersion: 1, changedBy: admin, changedAt: at(12) },
    }),
    on(account(keptId), { type: 'account.contact-details-changed', data: { accountId: keptId, changes: { lastName: { from: 'Bernard', to: 'Bernardin' } }, changedBy: admin, changedAt: at(13) } }),
    on(e, { type: 'account.deleted', data: { accountId: erasedId, employerId, profile: 'administrator', deletedBy: admin, deletedAt: at(14) } }),
    on(`employer-${employerId}`, { type: 'employer.administrator-removed', data: { employerId, accountId: erasedId, reason: 'deletion', removedAt: at(14) } }),
    on(e, { type: 'account.personal-data-erased', data: { accountId: erasedId, employerId, reason: 'Durée de conservation échue', erasedBy: drs, erasedAt: at(15) } }, 'drs-operator'),
  ];
}

/**
 * The data as the sealing event store reads them once `subjectId`'s key is destroyed, written here from the
 * domain's map alone (not from the projections' own helper): each present personal value of that person takes its
 * erased form; absent and null values stay.
 */
export function readAfterErasure(type: string, data: Record<string, unknown>, subjectId: string): Record<string, unknown> {
  const personal = isEventType(type) ? personalFields[type] : undefined;
  if (!personal || data[personal.subject] !== subjectId) return data;
  const copy = structuredClone(data);
  for (const field of personal.fields) replaceAt(copy, field.path, () => erasedValue(field.shape));
  return copy;
}

function replaceAt(target: Record<string, unknown>, path: readonly string[], erased: () => unknown): void {
  const [head, ...rest] = path;
  for (const key of head === '*' ? Object.keys(target) : head in target ? [head] : []) {
    const value = target[key];
    if (!rest.length) {
      if (value !== null && value !== undefined) target[key] = erased();
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      replaceAt(value as Record<string, unknown>, rest, erased);
    }
  }
}
