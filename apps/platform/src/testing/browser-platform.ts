// What the browser specs share: a platform at the address its pages name, Chromium to go through them, the sign-in form
// filled as a person would, and axe on a page seen with a given session.
import { freePort } from '@peps/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './accessibility.js';
import { CHROMIUM_LAUNCH } from './chromium.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

/**
 * A platform listening on the port of its public URL (`http://localhost:…`, the `origin` the browser goes to): its
 * pages' links, redirects and cookies name that address.
 */
export async function startBrowsablePlatform(env: Record<string, string> = {}): Promise<{ platform: TestPlatform; origin: string }> {
  const port = await freePort();
  const platform = await startTestPlatform({ PEPS_PUBLIC_URL: `http://localhost:${port}`, ...env }, { port });
  return { platform, origin: new URL(platform.config.publicUrl).origin };
}

/** Signs in from the home page's form with a password alone, and waits until the sign-in pages are left. */
export async function signInOnPage(page: Page, origin: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.fill('#identifier', identifier);
  await page.fill('#password', password);
  await page.click('button:has-text("Me connecter")');
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/**
 * axe on `origin + path` with the session of `context` (a journey may run with JavaScript off), in a context of its
 * own with JavaScript on, which axe needs; `thenOnTab` checks more on that tab before it closes.
 */
export async function expectAccessibleWithSession(
  browser: Browser,
  context: BrowserContext,
  origin: string,
  path: string,
  thenOnTab?: (tab: Page) => Promise<void>,
): Promise<void> {
  const checker = await browser.newContext({ locale: 'fr-FR' });
  await checker.addCookies(await context.cookies());
  const tab = await checker.newPage();
  await tab.goto(`${origin}${path}`);
  await expectAccessible(tab, path);
  await thenOnTab?.(tab);
  await checker.close();
}

/** A French-speaking page in a context of its own holding session `token` (the session cookie alone: enough to read pages). */
export async function pageWithSession(browser: Browser, origin: string, token: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  await context.addCookies([{ name: 'peps_session', value: token, url: origin }]);
  return context.newPage();
}

export interface BrowserJourney {
  platform: TestPlatform;
  origin: string;
  browser: Browser;
  /** Closes the browser, then the platform. */
  close(): Promise<void>;
}

/** A browsable platform (startBrowsablePlatform) and a headless Chromium to go through its pages. */
export async function startBrowserJourney(env: Record<string, string> = {}): Promise<BrowserJourney> {
  const { platform, origin } = await startBrowsablePlatform(env);
  // Loaded here, not with the test support: most specs that import it drive no browser.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH).catch(async (error: unknown) => {
    await platform.close();
    throw error;
  });
  return {
    platform,
    origin,
    browser,
    async close() {
      await browser.close();
      await platform.close();
    },
  };
}
