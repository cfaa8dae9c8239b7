import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PostalAddressError,
  recipientBlock,
  renderLegalRepresentativeLetter,
  type LegalRepresentativeLetterData,
} from './legal-representative-letter.js';
import { toWinAnsi } from './winansi.js';

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

const popplerAvailable = hasTool('pdftotext') && hasTool('pdfinfo');
if (!popplerAvailable) {
  // Visible on purpose: the letter read-back tests are skipped, not silently passed.
  console.warn('SKIPPED: pdftotext/pdfinfo (poppler-utils) not found; the letter read-back tests do not run.');
}
const withPoppler = popplerAvailable ? it : it.skip;

const workdir = mkdtempSync(join(tmpdir(), 'peps-letter-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function readBack(pdf: Buffer): { text: string; info: string } {
  const file = join(workdir, `letter-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return {
    text: execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
  };
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const guideLetter: LegalRepresentativeLetterData = {
  reference: 'LR-2020-000123',
  kind: 'created',
  date: '2020-03-12T10:00:00.000Z',
  legalRepresentative: { civility: 'madame', firstName: 'Hélène', lastName: 'Lefèvre' },
  employer: {
    name: 'CHRU DE NANTES VP201',
    address: ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
  },
  administrator: {
    civility: 'monsieur',
    firstName: 'Jean',
    lastName: 'Louty',
    identifier: 'JLO000439',
    email: 'jean.louty@chu-nantes.fr',
    phone: '0241051938',
    professionalAddress: ['Direction des ressources humaines', '5 allée de l’Île Gloriette', '44093 Nantes Cedex 1'],
  },
  effectiveAt: '2020-03-12T09:41:00.000Z',
  actor: { civility: 'monsieur', firstName: 'Loïc', lastName: 'Cœurdevey' },
  drsContact: { email: 'assistance@peps.example.fr', phone: '05 56 11 40 00' },
};

describe('letter to the legal representative', () => {
  withPoppler('is a one-page A4 PDF with every required element, accents intact', async () => {
    const pdf = await renderLegalRepresentativeLetter(guideLetter);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, info } = readBack(pdf);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/m);

    const all = flat(text);
    for (const expected of [
      // Sender block.
      'Direction des Retraites et de la Solidarité',
      'Rue du Vergne',
      '33059 BORDEAUX CEDEX',
      // Recipient block.
      'Madame Hélène LEFÈVRE',
      'CHRU DE NANTES VP201',
      '5 ALLEE DE L ILE GLORIETTE',
      'BP 1005',
      '44035 NANTES CEDEX 1',
      // Place, date, reference, subject.
      'Bordeaux, le 12 mars 2020',
      'Référence : LR-2020-000123',
      "Objet : Inscription d'un administrateur sur la Plateforme Employeurs Publics",
      'Madame,',
      // Who, when, by whom.
      'le 12 mars 2020, un compte administrateur a été créé sur la Plateforme Employeurs Publics',
      "à l'initiative de Monsieur Loïc CŒURDEVEY",
      'Titulaire du compte : Monsieur Jean LOUTY',
      'Identifiant : JLO000439',
      'Courriel : jean.louty@chu-nantes.fr',
      'Téléphone : 0241051938',
      'Adresse professionnelle : Direction des ressources humaines, 5 allée de l’Île Gloriette, 44093 Nantes Cedex 1',
      'Date de création du compte : 12 mars 2020',
      // Same rights, right to object and channel.
      "Tous les administrateurs d'un établissement ont les mêmes droits",
      'la gestion des comptes',
      "la validation des conditions générales d'utilisation",
      'vous êtes informée de chaque inscription',
      "Si vous vous opposez à cette inscription, vous pouvez en demander l'annulation à la Direction des Retraites et de la Solidarité",
      'par courriel à assistance@peps.example.fr ou par téléphone au 05 56 11 40 00',
      'Le compte administrateur sera alors fermé.',
      // Closing formula and signature.
      "Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées.",
    ]) {
      expect(all).toContain(expected);
    }
    expect(all.lastIndexOf('Direction des Retraites et de la Solidarité')).toBeGreaterThan(all.indexOf('salutations distinguées'));

    // The recipient block, as laid out, keeps each line within the norm and in order.
    const lines = text.split('\n');
    const block = recipientBlock(guideLetter);
    let previous = -1;
    for (const line of block) {
      const at = lines.findIndex((l, i) => i > previous && l.trimEnd().endsWith(line));
      expect(at).toBeGreaterThan(previous);
      previous = at;
      expect(line.length).toBeLessThanOrEqual(38);
    }
    expect(block).toHaveLength(5);
  });

  withPoppler('has the promotion variant with the right civility in the closing formula', async () => {
    const pdf = await renderLegalRepresentativeLetter({
      ...guideLetter,
      kind: 'promoted',
      legalRepresentative: { civility: 'monsieur', firstName: 'Éric', lastName: 'Durand' },
      drsContact: undefined,
      actor: undefined,
      effectiveAt: '2021-04-01T08:00:00.000Z',
      date: '2021-04-01T08:05:00.000Z',
    });
    const { text, info } = readBack(pdf);
    expect(info).toMatch(/^Pages:\s+1$/m);
    const all = flat(text);
    expect(all).toContain('Bordeaux, le 1er avril 2021');
    expect(all).toContain("Objet : Désignation d'un utilisateur comme administrateur sur la Plateforme Employeurs Publics");
    expect(all).toContain('Monsieur Éric DURAND');
    expect(all).toContain('Monsieur,');
    expect(all).toContain('est devenu un compte administrateur');
    expect(all).toContain('Date du passage en administrateur : 1er avril 2021');
    expect(all).toContain('Le compte redeviendra alors un compte utilisateur.');
    expect(all).toContain("par courrier à l'adresse figurant en haut de cette lettre, en rappelant la référence");
    expect(all).toContain("Nous vous prions d'agréer, Monsieur, l'expression de nos salutations distinguées.");
    expect(all).toContain('vous êtes informé de chaque inscription');
    expect(all).not.toContain("à l'initiative de");
  });

  withPoppler('does not crash on characters outside WinAnsi, and still fits on one page with long data', async () => {
    const pdf = await renderLegalRepresentativeLetter({
      ...guideLetter,
      administrator: {
        ...guideLetter.administrator,
        firstName: 'Łukasz',
        lastName: 'Wałęsa-Œuvrard 😀',
        professionalAddress: [
          'Bâtiment Ÿ, 3ᵉ étage, bureau n° 12 — aile « Cœur »',
          'Service des ressources humaines et de la paie des personnels hospitaliers',
          '12 rue Saint-Jacques-de-Compostelle',
          'BP 123456',
          '44093 NANTES CEDEX 1',
        ],
      },
    });
    const { text, info } = readBack(pdf);
    expect(info).toMatch(/^Pages:\s+1$/m);
    const all = flat(text);
    expect(all).toContain('Monsieur Lukasz WALESA-ŒUVRARD ?');
    expect(all).toContain('Bâtiment Ÿ, 3e étage, bureau n° 12 — aile « Cœur »');
  });

  it('is deterministic: same data, same bytes', async () => {
    const a = await renderLegalRepresentativeLetter(guideLetter);
    const b = await renderLegalRepresentativeLetter(guideLetter);
    expect(a.equals(b)).toBe(true);
    const later = await renderLegalRepresentativeLetter({ ...guideLetter, date: '2020-03-13T10:00:00.000Z' });
    expect(later.equals(a)).toBe(false);
    expect(a.toString('latin1')).toContain('(D:20200312100000Z)');
  });

  describe('recipient block (postal norm: at most 6 lines of at most 38 characters)', () => {
    it('refuses a 7th line', () => {
      expect(() =>
        recipientBlock({
          ...guideLetter,
          employer: { name: 'CHRU', address: ['A', 'B', 'C', 'D', '44000 NANTES'] },
        }),
      ).toThrow(new PostalAddressError('Recipient address: 7 lines (name, function, employer and address); the postal norm allows at most 6'));
    });

    it('refuses a line longer than 38 characters, naming it', () => {
      expect(() =>
        recipientBlock({
          ...guideLetter,
          employer: { name: 'CENTRE HOSPITALIER UNIVERSITAIRE DE NANTES', address: ['44000 NANTES'] },
        }),
      ).toThrow(/line 2 "CENTRE HOSPITALIER UNIVERSITAIRE DE NANTES" has 42 characters; the postal norm allows at most 38/);
    });

    it('requires an address ending with the postcode and town', () => {
      expect(() => recipientBlock({ ...guideLetter, employer: { name: 'CHRU', address: ['NANTES'] } })).toThrow(
        /5-digit postcode/,
      );
      expect(() => recipientBlock({ ...guideLetter, employer: { name: 'CHRU', address: [] } })).toThrow(PostalAddressError);
    });

    it('prints the representative’s function under the name, and the employer’s name once', () => {
      const block = recipientBlock({
        ...guideLetter,
        legalRepresentative: { ...guideLetter.legalRepresentative, function: 'Directrice générale' },
        employer: { name: 'CHRU DE NANTES', address: ['Chru de Nantes', '5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1'] },
      });
      expect(block).toEqual(['Madame Hélène LEFÈVRE', 'Directrice générale', 'CHRU DE NANTES', '5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1']);
    });

    it('counts the function among the 6 lines', () => {
      expect(() =>
        recipientBlock({
          ...guideLetter,
          legalRepresentative: { ...guideLetter.legalRepresentative, function: 'Maire' },
          employer: { name: 'CHRU', address: ['A', 'B', '44000 NANTES'] },
        }),
      ).not.toThrow();
      expect(() =>
        recipientBlock({
          ...guideLetter,
          legalRepresentative: { ...guideLetter.legalRepresentative, function: 'Maire' },
          employer: { name: 'CHRU', address: ['A', 'B', 'C', '44000 NANTES'] },
        }),
      ).toThrow(/7 lines/);
    });

    it('rejects at render time too', async () => {
      await expect(
        renderLegalRepresentativeLetter({ ...guideLetter, employer: { ...guideLetter.employer, address: ['x'.repeat(39), '44000 NANTES'] } }),
      ).rejects.toBeInstanceOf(PostalAddressError);
    });
  });
});

describe('toWinAnsi', () => {
  it('keeps French letters and cp1252 punctuation, transliterates the rest', () => {
    expect(toWinAnsi('éèêëàâçôûùïîÿ ÉÈÀÇÔ œŒ € « » ’ – — …')).toBe('éèêëàâçôûùïîÿ ÉÈÀÇÔ œŒ € « » ’ – — …');
    expect(toWinAnsi('Łódź\u202fŠtěpán ı 😀 中')).toBe('Lódz Štepán i ? ?');
  });
});
