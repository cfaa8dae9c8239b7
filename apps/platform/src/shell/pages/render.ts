import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const viewsDir = fileURLToPath(new URL('./views/', import.meta.url));
export const assetsDir = fileURLToPath(new URL('./assets/', import.meta.url));

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

const pages = new Map<string, Handlebars.TemplateDelegate>();
let layout: Handlebars.TemplateDelegate | undefined;

function load(): void {
  if (layout) return;
  loadDir(join(viewsDir, 'partials'), (name, source) => hbs.registerPartial(name, source));
  loadDir(join(viewsDir, 'pages'), (name, source) => pages.set(name, hbs.compile(source, { strict: false })));
  layout = hbs.compile(readFileSync(join(viewsDir, 'layouts', 'main.hbs'), 'utf8'));
}

/** Renders a page into the layout. `context.title` becomes the `<title>` ("… — PEP's"). */
export function renderPage(view: string, context: Record<string, unknown>): string {
  load();
  const page = pages.get(view);
  if (!page) throw new Error(`Unknown view ${view}`);
  const body = page(context);
  return layout!({ ...context, body: new hbs.SafeString(body) });
}
