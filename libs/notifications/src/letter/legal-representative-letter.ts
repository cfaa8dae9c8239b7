/**
 * The letter to an employer's legal representative, sent when an administrator is created
 * or a user is promoted to administrator: a one-page A4 PDF (pdfkit, Helvetica).
 * Deterministic: the same data gives the same bytes (dates come from the data, never the clock).
 */
import PDFDocument from 'pdfkit';
import { recipientBlock as domainRecipientBlock } from '@peps/domain';
import { civilityLabel, formatLongDate, toDate, type Civility, type Instant } from '../format.js';
import type { AdministratorRegistrationKind } from '../mail/mails.js';
import { toWinAnsi } from './winansi.js';

export interface LegalRepresentativeLetterData {
  /** Letter id, printed as the reference to quote when objecting. */
  /** The short reference the representative quotes back (`ADM-2026-000123`). */
  reference: string;
  /** `created`: an administrator account was created; `promoted`: a user became administrator. */
  kind: AdministratorRegistrationKind;
  /** Date of the letter (also the PDF's creation date). */
  date: Instant;
  legalRepresentative: { civility: Civility; firstName?: string; lastName: string; function?: string | null };
  employer: {
    name: string;
    /** Postal address lines, the last one being `<postcode> <TOWN>`. */
    address: readonly string[];
  };
  administrator: {
    civility: Civility;
    firstName: string;
    lastName: string;
    identifier: string;
    email: string;
    phone?: string;
    professionalAddress: readonly string[];
  };
  /** When the account was created (kind `created`) or promoted (kind `promoted`). */
  effectiveAt: Instant;
  /** The administrator who created or promoted the account, when known. */
  actor?: { civility: Civility; firstName?: string; lastName: string };
  /** Extra channels to reach the DRS for an objection; the postal address is always given. */
  drsContact?: { email?: string; phone?: string };
}

/** The DRS's sender block. */
export const DRS_SENDER_BLOCK: readonly string[] = [
  'Direction des Retraites et de la Solidarité',
  'Caisse des Dépôts',
  'Rue du Vergne',
  '33059 BORDEAUX CEDEX',
];
export const LETTER_PLACE = 'Bordeaux';

/** French postal norm (NF Z10-011): at most 6 lines of at most 38 characters. */
export const POSTAL_MAX_LINES = 6;
export const POSTAL_MAX_LINE_LENGTH = 38;

export class PostalAddressError extends Error {
  override readonly name = 'PostalAddressError';
}

export class LetterLayoutError extends Error {
  override readonly name = 'LetterLayoutError';
}

function clean(value: string | undefined): string {
  return toWinAnsi((value ?? '').replace(/\s+/g, ' ').trim());
}

function required(value: string | undefined, what: string): string {
  const cleaned = clean(value);
  if (cleaned === '') throw new TypeError(`Letter: ${what} is required`);
  return cleaned;
}

function personName(p: { civility: Civility; firstName?: string; lastName: string }, what: string): string {
  const first = clean(p.firstName);
  return [civilityLabel(p.civility), first, required(p.lastName, `${what}.lastName`).toUpperCase()]
    .filter((s) => s !== '')
    .join(' ');
}

/**
 * The recipient block as printed, checked against the postal norm.
 * Throws `PostalAddressError` naming the faulty line.
 */
export function recipientBlock(data: Pick<LegalRepresentativeLetterData, 'legalRepresentative' | 'employer'>): string[] {
  const address = data.employer.address.map(clean).filter((l) => l !== '');
  if (address.length === 0) throw new PostalAddressError('Recipient address: the employer has no address line');
  // The domain's block (name, function, employer, address without a repeated name): the rule registration checks.
  required(data.legalRepresentative.lastName, 'legalRepresentative.lastName');
  const lines = domainRecipientBlock({ legalRepresentative: data.legalRepresentative, employerName: required(data.employer.name, 'employer.name'), address });
  if (lines.length > POSTAL_MAX_LINES) {
    throw new PostalAddressError(
      `Recipient address: ${lines.length} lines (name, function, employer and address); the postal norm allows at most ${POSTAL_MAX_LINES}`,
    );
  }
  lines.forEach((line, i) => {
    if (line.length > POSTAL_MAX_LINE_LENGTH) {
      throw new PostalAddressError(
        `Recipient address: line ${i + 1} "${line}" has ${line.length} characters; the postal norm allows at most ${POSTAL_MAX_LINE_LENGTH}`,
      );
    }
  });
  const last = lines[lines.length - 1];
  if (!/^\d{5} \S/.test(last)) {
    throw new PostalAddressError(`Recipient address: the last line "${last}" must start with a 5-digit postcode and the town`);
  }
  return lines;
}

function objectSentence(kind: AdministratorRegistrationKind): string {
  switch (kind) {
    case 'created':
      return "Objet : Inscription d'un administrateur sur la Plateforme Employeurs Publics";
    case 'promoted':
      return "Objet : Désignation d'un utilisateur comme administrateur sur la Plateforme Employeurs Publics";
    default: {
      const unexpected: never = kind;
      throw new TypeError(`Unknown letter kind: ${String(unexpected)}`);
    }
  }
}

/** The letter's text, paragraph by paragraph (also used by tests and by previews). */
export function legalRepresentativeLetterContent(data: LegalRepresentativeLetterData) {
  const recipient = recipientBlock(data);
  const salutation = civilityLabel(data.legalRepresentative.civility);
  const informed = data.legalRepresentative.civility === 'madame' ? 'informée' : 'informé';
  const employer = required(data.employer.name, 'employer.name');
  const on = formatLongDate(data.effectiveAt);
  const by = data.actor ? `, à l'initiative de ${personName(data.actor, 'actor')}` : '';
  const admin = data.administrator;
  const adminName = personName(admin, 'administrator');
  const professionalAddress = admin.professionalAddress.map(clean).filter((l) => l !== '');
  if (professionalAddress.length === 0) throw new TypeError('Letter: administrator.professionalAddress is required');
  if (professionalAddress.length > POSTAL_MAX_LINES) {
    throw new TypeError(`Letter: administrator.professionalAddress has more than ${POSTAL_MAX_LINES} lines`);
  }

  const intro =
    data.kind === 'created'
      ? `Nous vous informons que le ${on}, un compte administrateur a été créé sur la Plateforme Employeurs Publics (PEP's) pour votre établissement, ${employer}${by}.`
      : `Nous vous informons que le ${on}, un compte utilisateur de votre établissement, ${employer}, est devenu un compte administrateur sur la Plateforme Employeurs Publics (PEP's)${by}.`;

  const details: Array<[string, string]> = [
    ['Titulaire du compte', adminName],
    ['Identifiant', required(admin.identifier, 'administrator.identifier')],
    ['Courriel', required(admin.email, 'administrator.email')],
    ['Téléphone', clean(admin.phone) || 'non renseigné'],
    ['Adresse professionnelle', professionalAddress.join(', ')],
    [data.kind === 'created' ? 'Date de création du compte' : "Date du passage en administrateur", on],
  ];

  const rights =
    "Tous les administrateurs d'un établissement ont les mêmes droits : la gestion des comptes (création, modification et suppression des comptes, attribution des droits d'accès aux services) et la validation des conditions générales d'utilisation (CGU) de la plateforme. " +
    `C'est pourquoi vous êtes ${informed} de chaque inscription d'un administrateur.`;

  const channels = ["par courrier à l'adresse figurant en haut de cette lettre"];
  if (clean(data.drsContact?.email)) channels.push(`par courriel à ${clean(data.drsContact?.email)}`);
  if (clean(data.drsContact?.phone)) channels.push(`par téléphone au ${clean(data.drsContact?.phone)}`);
  const channelText =
    channels.length === 1 ? channels[0] : `${channels.slice(0, -1).join(', ')} ou ${channels[channels.length - 1]}`;
  const consequence =
    data.kind === 'created'
      ? 'Le compte administrateur sera alors fermé.'
      : 'Le compte redeviendra alors un compte utilisateur.';
  const objection =
    `Si vous vous opposez à cette inscription, vous pouvez en demander l'annulation à la Direction des Retraites et de la Solidarité, ${channelText}, en rappelant la référence de ce courrier. ${consequence} ` +
    "Sans opposition de votre part, aucune démarche n'est nécessaire.";

  return {
    sender: DRS_SENDER_BLOCK.map(toWinAnsi),
    recipient,
    placeAndDate: `${LETTER_PLACE}, le ${formatLongDate(data.date)}`,
    reference: `Référence : ${required(data.reference, 'reference')}`,
    object: objectSentence(data.kind),
    salutation: `${salutation},`,
    intro,
    details,
    rights,
    objection,
    closing: `Nous vous prions d'agréer, ${salutation}, l'expression de nos salutations distinguées.`,
    signature: ['La Direction des Retraites et de la Solidarité', 'Caisse des Dépôts'],
  };
}

const MM = 72 / 25.4;

/** Renders the letter as a one-page A4 PDF. */
export async function renderLegalRepresentativeLetter(data: LegalRepresentativeLetterData): Promise<Buffer> {
  const content = legalRepresentativeLetterContent(data);
  const date = toDate(data.date, 'letter date');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 15 * MM, left: 20 * MM, right: 20 * MM },
    bufferPages: true,
    autoFirstPage: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: toWinAnsi(content.object.replace(/^Objet : /, '')),
      Author: 'Direction des Retraites et de la Solidarité',
      Subject: toWinAnsi(`Courrier ${data.reference}`),
      Creator: "PEP's Comptes",
      Producer: "PEP's Comptes",
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (value: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(value, { width, ...options });

  // Sender block (top left).
  doc.font('Helvetica-Bold').fontSize(10).text(content.sender[0], left, 20 * MM);
  doc.font('Helvetica');
  for (const line of content.sender.slice(1)) doc.text(line);

  // Recipient block, in the window of a DL envelope (about 100 mm from the left, 50 mm from the top).
  doc.fontSize(11).text(content.recipient.join('\n'), 105 * MM, 50 * MM, { width: 85 * MM, lineGap: 1 });

  // Place and date, reference, object.
  doc.fontSize(10.5).text(content.placeAndDate, left, 95 * MM, { width, align: 'right' });
  doc.moveDown(1.5);
  doc.x = left;
  text(content.reference);
  doc.font('Helvetica-Bold');
  text(content.object);
  doc.font('Helvetica').moveDown(1.5);

  const paragraph = (value: string) => {
    text(value, { align: 'justify', lineGap: 1.5 });
    doc.moveDown(0.8);
  };
  text(content.salutation);
  doc.moveDown(0.8);
  paragraph(content.intro);
  for (const [label, value] of content.details) {
    doc.font('Helvetica-Bold').text(`${label} : `, left + 8 * MM, doc.y, { width: width - 8 * MM, continued: true });
    doc.font('Helvetica').text(value, { lineGap: 1 });
  }
  doc.x = left;
  doc.moveDown(0.8);
  paragraph(content.rights);
  paragraph(content.objection);
  paragraph(content.closing);

  doc.moveDown(0.5);
  doc.font('Helvetica-Bold');
  text(content.signature[0], { align: 'right' });
  doc.font('Helvetica');
  text(content.signature[1], { align: 'right' });

  const pages = doc.bufferedPageRange().count;
  doc.end();
  const pdf = await done;
  if (pages !== 1) {
    throw new LetterLayoutError(`The letter ${data.reference} does not fit on one page (${pages} pages)`);
  }
  return pdf;
}
