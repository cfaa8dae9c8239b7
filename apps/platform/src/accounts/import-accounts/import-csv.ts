import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { serviceCodes } from '@peps/domain';

/** Limits of one import file: beyond them the file is refused whole, before any line is read. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_LINES = 10_000;

/** The file's columns, in the template's order: each field of the account form with its column's header. */
export const importHeaders = {
  profile: 'profil',
  civility: 'civilité',
  lastName: 'nom',
  firstName: 'prénom',
  email: 'courriel',
  phone: 'téléphone',
  professionalAddress: 'adresse professionnelle',
} as const;
export type ImportField = keyof typeof importHeaders;
const importFields = Object.keys(importHeaders) as ImportField[];
/** The contact columns' headers, in the template's order. */
export const importColumnHeaders: readonly string[] = Object.values(importHeaders);

/** A refusal of the whole file: nothing is checked line by line, nothing is created. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export interface CsvRecord {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ImportRow {
  line: number;
  contact: Record<ImportField, string>;
  /** Service code → cell as written (empty cells left out: the employer's default applies). */
  rights: Record<string, string>;
}

export interface ParsedImport {
  separator: ';' | ',';
  services: string[];
  rows: ImportRow[];
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252; bytes Windows-1252 leaves
 * undefined, NUL bytes (UTF-16) or control characters mean another encoding, and the file is refused.
 */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportRefused('Le fichier est vide.');
  if (bytes.length > IMPORT_MAX_BYTES) throw new ImportRefused('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    if (bytes.some((b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d)) throw wrongEncoding();
    text = iconv.decode(Buffer.from(bytes), 'win1252');
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw wrongEncoding();
  return text;
}

const wrongEncoding = () =>
  new ImportRefused('L’encodage du fichier n’est pas reconnu : enregistrez-le en CSV UTF-8 ou en CSV Windows (Windows-1252).');

/** The separator of the header line: `;` (French spreadsheets) unless the line has more `,` outside quotes. */
export function detectSeparator(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** RFC 4180 records (csv-parse): quoted cells may hold the separator, doubled quotes and line breaks; blank lines are skipped. */
export function parseCsv(text: string, separator: ';' | ','): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    if ((error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportRefused(`Un guillemet ouvert${line ? ` avant la ligne ${line}` : ''} n’est jamais fermé.`);
    }
    throw new ImportRefused(`Le fichier n’est pas un CSV lisible${line ? ` (ligne ${line})` : ''} : enregistrez-le de nouveau en CSV depuis le tableur.`);
  }
  // csv-parse gives the line where a record ends; a record starts earlier by the line breaks inside its cells.
  const breaks = (cells: string[]) => cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  return parsed
    .map(({ record, info }) => ({ line: info.lines - breaks(record), cells: record }))
    .filter((record) => record.cells.length > 1 || (record.cells[0] ?? '').trim() !== '');
}

/** Cells a spreadsheet would run as a formula (CSV injection): the file is refused rather than altered. */
const FORMULA_START = /^[=+\-@]/;

/** The whole file checked as a file: encoding, size, columns, formulas. Lines are checked afterwards, one by one. */
export function parseImportFile(bytes: Uint8Array): ParsedImport {
  const text = decodeImportFile(bytes).replace(/^\uFEFF/, '');
  const separator = detectSeparator(text);
  const records = parseCsv(text, separator);
  if (records.length === 0) throw new ImportRefused('Le fichier est vide.');
  const [header, ...lines] = records;
  if (lines.length === 0) throw new ImportRefused('Le fichier ne contient aucune ligne de compte après la ligne des colonnes.');
  if (lines.length > IMPORT_MAX_LINES) {
    throw new ImportRefused(`Le fichier contient ${lines.length} lignes de comptes : 10 000 au plus. Découpez-le en plusieurs fichiers.`);
  }
  const positions = columnPositions(header.cells);
  for (const record of records) {
    const at = record.cells.findIndex((value) => FORMULA_START.test(value.trim()));
    if (at >= 0) {
      const column = header.cells[at]?.trim() || `n° ${at + 1}`;
      throw new ImportRefused(
        `Ligne ${record.line}, colonne « ${column} » : une cellule ne peut pas commencer par =, +, - ou @ (elle serait lue comme une formule). ` +
          'Écrivez par exemple un numéro international avec 00 au lieu de +.',
      );
    }
  }
  const rows = lines.map((record): ImportRow => {
    const at = (index: number) => (record.cells[index] ?? '').trim();
    const contact = Object.fromEntries(importFields.map((field) => [field, at(positions.contact[field])])) as Record<ImportField, string>;
    const rights: Record<string, string> = {};
    for (const [code, index] of Object.entries(positions.services)) if (at(index) !== '') rights[code] = at(index);
    return { line: record.line, contact, rights };
  });
  return { separator, services: Object.keys(positions.services), rows };
}

/** Where each column is; the seven contact columns are required, any other must be a service code, once. */
function columnPositions(header: string[]): { contact: Record<ImportField, number>; services: Record<string, number> } {
  const folded = header.map(fold);
  const missing = importColumnHeaders.filter((name) => !folded.includes(fold(name))).map((name) => `« ${name} »`);
  if (missing.length > 0) {
    throw new ImportRefused(
      `${missing.length > 1 ? 'Colonnes manquantes' : 'Colonne manquante'} : ${missing.join(', ')}. La première ligne doit nommer les colonnes du modèle.`,
    );
  }
  const contact = Object.fromEntries(importFields.map((field) => [field, folded.indexOf(fold(importHeaders[field]))])) as Record<ImportField, number>;
  const services: Record<string, number> = {};
  const seen = new Set<string>();
  header.forEach((name, index) => {
    const key = folded[index];
    if (seen.has(key)) throw new ImportRefused(`La colonne « ${name.trim()} » figure deux fois.`);
    seen.add(key);
    if (Object.values(contact).includes(index)) return;
    const code = serviceCodes.find((c) => fold(c) === key);
    if (!code) throw new ImportRefused(`Colonne inconnue : « ${name.trim()} ». Les colonnes de droits portent le code d’un service du modèle.`);
    services[code] = index;
  });
  return { contact, services };
}

/** The template offered for download: the columns, every service, and one example line (the guide's Jean Louty). */
export function importTemplate(): string {
  const header = [...importColumnHeaders, ...serviceCodes];
  const example = ['utilisateur', 'monsieur', 'LOUTY', 'Jean', 'jean.louty@exemple.fr', '02 41 05 19 38', '5 ALLEE DE L ILE GLORIETTE|BP 1005|44035 NANTES CEDEX 1', ...serviceCodes.map(() => 'lecture')];
  return `\uFEFF${header.join(';')}\r\n${example.join(';')}\r\n`;
}
