import { DomainError } from '../shared/domain-error.js';
import { accessLevelLabels, type AccessLevel } from './access-level.js';
import { defaultRightsTemplate } from './default-rights-template.js';
import { resolveRights, tryResolveRights } from './resolve-rights.js';
import { rightsCatalogue, serviceCodes, services, type ServiceCode } from './rights-catalogue.js';
import { diffRights, effectiveRights, levelOf } from './rights.js';

describe('rights catalogue', () => {
  it('is versioned and grouped in the four families', () => {
    expect(rightsCatalogue.version).toBe(1);
    expect(rightsCatalogue.families.map((f) => f.label)).toEqual(['Carrière', 'Droits à pension', 'Déclarations et cotisations', 'Fonds']);
    expect(services).toHaveLength(15);
  });

  it('lists the guide’s services with French labels and kebab-case ASCII codes', () => {
    expect(services.filter((s) => s.familyCode === 'carriere').map((s) => s.label)).toEqual([
      'Affiliation CNRACL',
      'Comptes individuels retraite CNRACL',
      'Comptes individuels retraite Ircantec',
      'Mutation de masse partielle CNRACL',
      'Qualification des comptes individuels retraite CNRACL',
      'Validation de titulaire sans droit Ircantec',
      'Validations de périodes CNRACL',
    ]);
    for (const code of serviceCodes) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(serviceCodes).size).toBe(serviceCodes.length);
  });

  it('labels levels as the guide’s table does', () => {
    expect(accessLevelLabels).toEqual({ none: 'Aucun', read: 'Lecture seule', write: 'Modification' });
  });
});

describe('default rights template ("same rights as E-services")', () => {
  it('matches the guide’s step-2 table', () => {
    // The guide's nine services, by the level its table gives them.
    const guide: Record<AccessLevel, ServiceCode[]> = {
      write: ['affiliation-cnracl', 'comptes-individuels-retraite-cnracl', 'comptes-individuels-retraite-ircantec', 'mutation-de-masse-partielle-cnracl', 'qualification-comptes-individuels-retraite-cnracl', 'estimation-pension-cnracl'],
      read: ['validations-periodes-cnracl'],
      none: ['validation-titulaire-sans-droit-ircantec', 'demande-avis-prealable-cnracl'],
    };
    const levels = Object.entries(guide).flatMap(([level, codes]) => codes.map((code) => [code, level] as const));
    expect(levels).toHaveLength(9);
    for (const [code, level] of levels) expect([code, defaultRightsTemplate[code]]).toEqual([code, level]);
  });

  it('covers every service', () => {
    expect(Object.keys(defaultRightsTemplate).sort()).toEqual([...serviceCodes].sort());
  });
});

describe('resolveRights', () => {
  it('fills omitted services from the template', () => {
    const rights = resolveRights({ 'affiliation-cnracl': 'none' }, defaultRightsTemplate);
    expect(rights).toEqual({ ...defaultRightsTemplate, 'affiliation-cnracl': 'none' });
  });

  it('takes the template entirely when nothing is given', () => {
    expect(resolveRights(undefined, defaultRightsTemplate)).toEqual(defaultRightsTemplate);
  });

  it('reads a service missing from the template as none', () => {
    expect(resolveRights({}, { 'affiliation-cnracl': 'write' })).toEqual({
      ...Object.fromEntries(serviceCodes.map((c) => [c, 'none'])),
      'affiliation-cnracl': 'write',
    });
  });

  it('rejects unknown services and bad levels, all at once', () => {
    const result = tryResolveRights({ 'cafe-croissant': 'write', 'affiliation-cnracl': 'admin' }, defaultRightsTemplate);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'rights.cafe-croissant', message: 'Ce service est inconnu.' },
        { field: 'rights.affiliation-cnracl', message: expect.stringContaining('Le niveau d’accès doit être') },
      ],
    });
    expect(() => resolveRights({ x: 'read' }, defaultRightsTemplate)).toThrow(DomainError);
  });

  it('rejects a non-object', () => {
    expect(tryResolveRights(['write'], defaultRightsTemplate).ok).toBe(false);
  });
});

describe('stored rights', () => {
  it('reads a service absent from stored rights (added later) as none', () => {
    const stored = { 'affiliation-cnracl': 'write' } as const;
    expect(levelOf(stored, 'declarations-fnc')).toBe('none');
    expect(effectiveRights(stored)['declarations-fnc']).toBe('none');
  });

  it('diffs two rights maps', () => {
    expect(diffRights({ 'affiliation-cnracl': 'write' }, { 'affiliation-cnracl': 'read', 'declarations-fnc': 'none' })).toEqual([
      { service: 'affiliation-cnracl', from: 'write', to: 'read' },
    ]);
  });
});
