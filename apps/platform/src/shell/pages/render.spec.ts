import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPageTemplates, renderPage } from './render.js';

const platformRoot = fileURLToPath(new URL('../../', import.meta.url));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'peps-pages-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith('.') ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });

describe('page templates', () => {
  it('are found by name wherever a use case keeps them, and only *.page.hbs', () => {
    const root = tree({
      'accounts/account-list/account-list.page.hbs': 'liste',
      'drs/letters-list/letters-list.page.hbs': 'courriers',
      'shell/pages/views/partials/field-error.hbs': 'partial',
      'node_modules/x/ignored.page.hbs': 'no',
    });
    try {
      expect([...findPageTemplates(root).entries()].sort()).toEqual([
        ['account-list', join(root, 'accounts/account-list/account-list.page.hbs')],
        ['letters-list', join(root, 'drs/letters-list/letters-list.page.hbs')],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses two templates of the same name, naming both', () => {
    const root = tree({ 'accounts/a/list.page.hbs': 'a', 'drs/b/list.page.hbs': 'b' });
    try {
      expect(() => findPageTemplates(root)).toThrow(/Two page templates are named « list »: .*(accounts|drs).* and .*(accounts|drs)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('covers every view a page controller of the platform renders', () => {
    const known = findPageTemplates(platformRoot);
    const rendered = new Set(sources(platformRoot).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bpage\(\s*req,\s*res,\s*'([a-z-]+)'/g)].map((m) => m[1]!)));
    expect(rendered.size).toBeGreaterThan(15);
    expect([...rendered].filter((view) => !known.has(view))).toEqual([]);
  });

  it('renders a page into the layout, and refuses an unknown view', () => {
    const html = renderPage('error', { title: 'Erreur', heading: 'Service indisponible', message: 'Réessayez.' });
    expect(html).toContain("<title>Erreur — PEP's, Plateforme Employeurs Publics</title>");
    expect(html).toContain('Service indisponible');
    expect(() => renderPage('nulle-part', {})).toThrow('Unknown view nulle-part');
  });
});
