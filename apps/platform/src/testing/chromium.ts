// Headless Chromium as the browser specs drive it: one binary, one set of switches, a WebAuthn virtual authenticator.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, LaunchOptions, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser specs run where Chromium is installed (CI installs it) and are skipped elsewhere. */
export const chromiumInstalled = (): boolean => existsSync(CHROMIUM_PATH);

/** No sandbox (containers), and nothing the browser would fetch on its own behind the test's back. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export interface ChromiumProfile {
  context: BrowserContext;
  profileDir: string;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** A French-speaking Chromium on a fresh profile folder of its own. */
export async function openChromiumProfile(options: { viewport?: { width: number; height: number } } = {}): Promise<ChromiumProfile> {
  // Loaded here, not with the test support: most specs that import it drive no browser.
  const { chromium } = await import('playwright-core');
  const profileDir = mkdtempSync(join(tmpdir(), 'peps-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, { ...CHROMIUM_LAUNCH, locale: 'fr-FR', ...options });
  return {
    context,
    profileDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * A platform authenticator (as a laptop's fingerprint reader) that the page's WebAuthn calls reach through the
 * DevTools protocol: resident keys, user verified, presence given without a click.
 */
export async function withVirtualAuthenticator(context: BrowserContext, page: Page): Promise<VirtualAuthenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** The cookies a browser holds for a session as the pages leave it: the session, its CSRF token, the trusted workstation. */
export function sessionCookies(origin: string, session: { token: string; csrfToken: string; workstation?: string }) {
  return [
    { name: 'peps_session', value: session.token, url: origin },
    { name: 'peps_csrf', value: session.csrfToken, url: origin },
    ...(session.workstation ? [{ name: 'peps_workstation', value: session.workstation, url: origin }] : []),
  ];
}
