import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { openChromiumProfile, startTestPlatform, type ChromiumProfile, type TestPlatform } from '@peps/platform/testing';

export { OPERATOR, AUDITOR, STRONG_PASSWORD, employerWithAdministrator, activeUser, invitedUser, accountBody } from '@peps/platform/testing';

const require = createRequire(import.meta.url);
export const axePath = require.resolve('axe-core/axe.min.js');
/**
 * Every page is screenshotted on every run; they land in docs/screenshots (referenced by docs/ui.md) only when
 * PEPS_UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the work tree clean.
 */
export const screenshotsDir =
  process.env.PEPS_UPDATE_SCREENSHOTS === '1'
    ? join(process.cwd(), 'docs', 'screenshots')
    : join(tmpdir(), 'peps-screenshots');

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A real SMTP listener collecting what the platform sends. */
export async function startSmtp(): Promise<{ url: string; mails: Mail[]; waitFor(to: string, timeoutMs?: number): Promise<Mail>; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(',') : (parsed.to?.text ?? '');
          mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const found = mails.find((m) => m.to.toLowerCase().includes(to.toLowerCase()));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`No e-mail reached ${to} within ${timeoutMs} ms through SMTP (are the mail process managers running in the platform?). Received: ${mails.map((m) => m.to).join(', ') || 'none'}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface E2E {
  platform: TestPlatform;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  context: BrowserContext;
  profileDir: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The real platform (PGlite, projections and process managers in-process, test clock, SMTP) and a headless Chromium. */
export async function startE2E(env: Record<string, string> = {}): Promise<E2E> {
  const smtp = await startSmtp();
  const platform = await startTestPlatform({ PEPS_RUN_WORKERS: '1', SMTP_URL: smtp.url, ...env });
  const browser = await openE2EBrowser();
  return {
    platform,
    smtp,
    context: browser.context,
    profileDir: browser.profileDir,
    newPage: () => browser.context.newPage(),
    async close() {
      await browser.close();
      await platform.close();
      await smtp.close();
    },
  };
}

/** Chromium with the window size of the screenshots, and their folder ready. */
async function openE2EBrowser(): Promise<ChromiumProfile> {
  const browser = await openChromiumProfile({ viewport: { width: 1280, height: 900 } });
  mkdirSync(screenshotsDir, { recursive: true });
  return browser;
}

/** Runs axe-core in the page: no serious or critical violation allowed. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // The pages' CSP (script-src 'self') refuses an injected <script> (page.addScriptTag); evaluating through the
  // DevTools protocol is not subject to it, and leaves the CSP itself untouched for the pages' own code.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  });
  if (violations.length > 0) throw new Error(`axe-core on "${label}" (${page.url()}):\n${violations.join('\n')}`);
}

let axeCode: string | undefined;
function axeSource(): string {
  axeCode ??= readFileSync(axePath, 'utf8');
  return axeCode;
}

/** CSP violations and script errors of the pages themselves make the journey fail. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`${String(error)} ${error.stack ?? ''}`.slice(0, 600)));
  return problems;
}

/** A new page of the suite's browser, with a default timeout, whose CSP refusals and script errors are collected. */
async function watchedPage(e2e: E2E, timeoutMs: number): Promise<{ page: Page; problems: string[] }> {
  const page = await e2e.newPage();
  page.setDefaultTimeout(timeoutMs);
  return { page, problems: watchConsole(page) };
}

/**
 * The platform and the browser of the `describe` it is called in: started before its tests (then `ready` runs, with
 * the page), a page whose CSP refusals and script errors fail the test they happen in, everything closed after.
 */
export function inChromium(
  options: { env?: Record<string, string>; timeoutMs: number; startTimeoutMs?: number },
  ready: (e2e: E2E, page: Page) => Promise<void> | void,
): void {
  let e2e: E2E | undefined;
  let problems: string[] = [];
  beforeAll(async () => {
    e2e = await startE2E(options.env);
    const watched = await watchedPage(e2e, options.timeoutMs);
    problems = watched.problems;
    await ready(e2e, watched.page);
  }, options.startTimeoutMs ?? 120_000);
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await e2e?.close();
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** Every page gets the same check: accessible, then photographed. */
export async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

export async function signInThroughPage(page: Page, url: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Identifiant', { exact: true }).fill(identifier);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForLoadState('domcontentloaded');
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('details.menu').evaluate((menu) => ((menu as HTMLDetailsElement).open = true));
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForLoadState('domcontentloaded');
}

/** The password-creation link of a mail, moved onto the test server's origin. */
export function linkIn(mail: Mail, base: string): string {
  const match = /https?:\/\/[^\s"'<>]+\/mot-de-passe\/(?:creer|reinitialiser)\?jeton=[A-Za-z0-9_\-%.~]+/.exec(mail.text + ' ' + mail.html);
  if (!match) throw new Error(`No password link in the mail "${mail.subject}"`);
  const link = new URL(match[0].replace(/&amp;/g, '&'));
  return `${base}${link.pathname}${link.search}`;
}
