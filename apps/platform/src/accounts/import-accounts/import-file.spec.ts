import { serviceCodes } from '@peps/domain';
import { IMPORT_MAX_BYTES, IMPORT_MAX_LINES, ImportRefused, importTemplate, parseImportFile } from './import-csv.js';
import { duplicateLineErrors, importLineErrors, importLineInput } from './import-line.js';

const header = 'profil;civilité;nom;prénom;courriel;téléphone;adresse professionnelle';
const jean = 'utilisateur;monsieur;LOUTY;Jean;jean.louty@exemple.fr;02 41 05 19 38;5 ALLEE DE L ILE GLORIETTE|44035 NANTES CEDEX 1';
const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = (bytes: Uint8Array) => {
  try {
    parseImportFile(bytes);
  } catch (error) {
    if (error instanceof ImportRefused) return error.message;
    throw error;
  }
  throw new Error('the file was accepted');
};

describe('an import file', () => {
  describe('encoding', () => {
    it('given UTF-8 with a BOM, when parsed, then accents are read', () => {
      const { rows } = parseImportFile(utf8(`\uFEFF${header}\n${jean.replace('Jean', 'Jérôme')}`));
      expect(rows[0].contact.firstName).toBe('Jérôme');
    });

    it('given Windows-1252 bytes, when parsed, then they are decoded as such', () => {
      const bytes = Buffer.from(`${header}\n${jean.replace('Jean', 'Jérôme')}`, 'latin1');
      const { rows } = parseImportFile(bytes);
      expect(rows[0].contact.firstName).toBe('Jérôme');
    });

    it('given UTF-16, when parsed, then the file is refused for its encoding', () => {
      expect(refusal(Buffer.from(`${header}\n${jean}`, 'utf16le'))).toMatch(/encodage du fichier n’est pas reconnu/);
    });

    it('given a byte Windows-1252 leaves undefined and invalid UTF-8, when parsed, then the file is refused', () => {
      expect(refusal(Buffer.concat([utf8(`${header}\n`), Buffer.from([0x81, 0x41])]))).toMatch(/encodage/);
    });
  });

  describe('separators and cells', () => {
    it('given commas and quoted cells holding commas, quotes and line breaks, when parsed, then each cell is whole', () => {
      const text = `${header.replaceAll(';', ',')}\r\nutilisateur,madame,"DE LA ""FONTAINE""",Anne,anne@exemple.fr,,"1 RUE A, BAT B|44000 NANTES"\r\n`;
      const parsed = parseImportFile(utf8(text));
      expect(parsed.separator).toBe(',');
      expect(parsed.rows[0].contact.lastName).toBe('DE LA "FONTAINE"');
      expect(importLineInput(parsed.rows[0]).professionalAddress).toEqual(['1 RUE A, BAT B', '44000 NANTES']);
    });

    it('given a quoted line break, when parsed, then the next record keeps its line number in the file', () => {
      const { rows } = parseImportFile(utf8(`${header}\nutilisateur;madame;"A\nB";Anne;a@exemple.fr;;\n\n${jean}`));
      expect(rows.map((r) => r.line)).toEqual([2, 5]);
    });

    it('given a quote opened and never closed, when parsed, then the file is refused in French', () => {
      expect(() => parseImportFile(utf8(`${header}\nutilisateur;madame;"MARTIN;Anne;a@exemple.fr;;\n${jean}`))).toThrow(/guillemet ouvert.*jamais fermé/);
    });

    it('given columns in another order, in another case and a service column, when parsed, then each cell goes to its field', () => {
      const code = serviceCodes[0];
      const { rows, services } = parseImportFile(utf8(`COURRIEL;Nom;Prenom;profil;civilite;telephone;Adresse professionnelle;${code.toLowerCase()}\na@exemple.fr;MARTIN;Anne;utilisateur;madame;;;Modification`));
      expect(services).toEqual([code]);
      expect(importLineInput(rows[0])).toMatchObject({ email: 'a@exemple.fr', lastName: 'MARTIN', profile: 'user', civility: 'madame', rights: { [code]: 'write' } });
    });
  });

  describe('refusals of the whole file', () => {
    it('given a missing column, when parsed, then the refusal names it', () => {
      expect(refusal(utf8(`profil;civilité;nom;prénom;téléphone;adresse professionnelle\n${jean}`))).toBe(
        'Colonne manquante : « courriel ». La première ligne doit nommer les colonnes du modèle.',
      );
    });

    it('given an unknown column, when parsed, then it is refused by name', () => {
      expect(refusal(utf8(`${header};matricule\n${jean};12`))).toMatch(/Colonne inconnue : « matricule »/);
    });

    it.each(['=1+1', '+33241051938', '-2', '@SUM(A1)'])('given a cell starting like a formula (%s), when parsed, then the file is refused with its line', (cell) => {
      expect(refusal(utf8(`${header}\n${jean}\nutilisateur;madame;MARTIN;Anne;a@exemple.fr;${cell};`))).toMatch(/^Ligne 3, colonne « téléphone » : une cellule ne peut pas commencer par =, \+, - ou @/);
    });

    it('given more than 10,000 lines, when parsed, then the file is refused', () => {
      const lines = Array.from({ length: IMPORT_MAX_LINES + 1 }, () => jean).join('\n');
      expect(refusal(utf8(`${header}\n${lines}`))).toMatch(/^Le fichier contient 10001 lignes de comptes : 10 000 au plus/);
    });

    it('given exactly 10,000 lines, when parsed, then every line is read', () => {
      const lines = Array.from({ length: IMPORT_MAX_LINES }, () => jean).join('\n');
      expect(parseImportFile(utf8(`${header}\n${lines}`)).rows).toHaveLength(IMPORT_MAX_LINES);
    });

    it('given more than 5 MB, when parsed, then the file is refused', () => {
      expect(refusal(new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x41))).toMatch(/dépasse 5 Mo/);
    });

    it('given only the header, when parsed, then the file is refused as empty of accounts', () => {
      expect(refusal(utf8(`${header}\n`))).toMatch(/aucune ligne de compte/);
    });
  });

  describe('lines, by the creation form’s rules', () => {
    const row = (cells: string) => parseImportFile(utf8(`${header};${serviceCodes[0]}\n${cells}`)).rows[0];

    it('given a valid line, when checked, then it has no error', () => {
      const r = row(`${jean};lecture`);
      expect(importLineErrors(r, importLineInput(r))).toEqual([]);
    });

    it('given an administrator without professional address and a bad e-mail, when checked, then both errors name their column', () => {
      const r = row('administrateur;madame;MARTIN;Anne;pas-un-courriel;;;');
      const errors = importLineErrors(r, importLineInput(r));
      expect(errors.map((e) => e.field).sort()).toEqual(['adresse professionnelle', 'courriel']);
      expect(errors.every((e) => e.line === 2 && e.message.length > 0)).toBe(true);
    });

    it('given an unknown profile and right, when checked, then the domain’s and the file’s messages are given', () => {
      const r = row(`chef;monsieur;LOUTY;Jean;jean.louty@exemple.fr;;;tout`);
      expect(importLineErrors(r, importLineInput(r))).toEqual([
        { line: 2, field: 'profil', message: 'Le profil du compte doit être « Administrateur » ou « Utilisateur ».' },
        { line: 2, field: serviceCodes[0], message: 'Le droit doit être « aucun », « lecture » ou « modification ».' },
      ]);
    });

    it('given the same person twice (case and accents aside), when checked, then the second line is reported', () => {
      const a = importLineInput(row(`${jean};`));
      const b = { ...a, email: 'JEAN.LOUTY@exemple.fr', firstName: 'Jéan' };
      expect(duplicateLineErrors([{ line: 2, input: a }, { line: 7, input: b }])).toEqual([
        { line: 7, field: 'courriel', message: 'Cette personne figure déjà à la ligne 2 du fichier : un seul compte sera créé.' },
      ]);
    });
  });

  it('the template parses back to one valid line with every service', () => {
    const parsed = parseImportFile(utf8(importTemplate()));
    expect(parsed.services).toEqual([...serviceCodes]);
    expect(importLineErrors(parsed.rows[0], importLineInput(parsed.rows[0]))).toEqual([]);
  });
});
