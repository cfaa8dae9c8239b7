import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { assetUrl } from './static-assets.js';

/** The platform's own tree (`src/` when run from source, the build's `dist/` otherwise): page templates live anywhere in it. */
const platformRoot = fileURLToPath(new URL('../../', import.meta.url));
const viewsDir = fileURLToPath(new URL('./views/', import.meta.url));
export const PAGE_TEMPLATE_SUFFIX = '.page.hbs';

const hbs = Handlebars.create();

const frenchDate = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' });
const frenchDateTime = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

// `{{asset 'app.css'}}`: the asset's versioned URL (see static-assets.ts).
hbs.registerHelper('asset', (file: string) => new hbs.SafeString(assetUrl(file)));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
hbs.registerHelper('not', (a: unknown) => !a);
hbs.registerHelper('lookup2', (obj: Record<string, unknown> | undefined, key: string) => obj?.[key]);
hbs.registerHelper('date', (value: unknown) => (value ? frenchDate.format(new Date(String(value))) : ''));
hbs.registerHelper('datetime', (value: unknown) => (value ? frenchDateTime.format(new Date(String(value))) : ''));
hbs.registerHelper('lines', (value: unknown) => (Array.isArray(value) ? value.join('\n') : (value ?? '')));
hbs.registerHelper('describedby', (...args: unknown[]) => {
  const ids = args.slice(0, -1).filter((a) => typeof a === 'string' && a) as string[];
  return ids.length ? new hbs.SafeString(` aria-describedby="${ids.map((id) => hbs.escapeExpression(id)).join(' ')}"`) : '';
});

function loadDir(dir: string, register: (name: string, source: string) => void, prefix = ''): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) loadDir(path, register, `${prefix}${entry.name}/`);
    else if (entry.name.endsWith('.hbs')) register(`${prefix}${entry.name.slice(0, -4)}`, readFileSync(path, 'utf8'));
  }
}

/**
 * Every `<name>.page.hbs` under `root`, by name: each use case keeps its views beside its page controller, and a page
 * is rendered by its name alone. Two templates of one name would make a page ambiguous: refused.
 */
export function findPageTemplates(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (entry.name.endsWith(PAGE_TEMPLATE_SUFFIX)) {
        const name = entry.name.slice(0, -PAGE_TEMPLATE_SUFFIX.length);
        const other = found.get(name);
        if (other) throw new Error(`Two page templates are named « ${name} »: ${other} and ${path}`);
        found.set(name, path);
      }
    }
  };
  walk(root);
  return found;
}

/** Handlebars compiles on first use: one render with no data compiles the template (and its partials) now. */
function compileNow(path: string, options?: CompileOptions): Handlebars.TemplateDelegate {
  const template = hbs.compile(readFileSync(path, 'utf8'), options);
  try {
    template({});
  } catch (error) {
    throw new Error(`Page template ${path} does not compile: ${(error as Error).message}`);
  }
  return template;
}

type CompileOptions = Parameters<typeof hbs.compile>[1];

// Compiled once, when the platform loads: a broken template or a duplicate page name stops the start, not a request.
loadDir(join(viewsDir, 'partials'), (name, source) => hbs.registerPartial(name, source));
const pages = new Map([...findPageTemplates(platformRoot)].map(([name, path]) => [name, compileNow(path, { strict: false })]));
const layout = compileNow(join(viewsDir, 'layouts', 'main.hbs'));

/** Renders a page into the layout. `context.title` becomes the `<title>` ("… — PEP's"). */
export function renderPage(view: string, context: Record<string, unknown>): string {
  const page = pages.get(view);
  if (!page) throw new Error(`Unknown view ${view}`);
  const body = page(context);
  return layout({ ...context, body: new hbs.SafeString(body) });
}
