// A Jest describe block with its Chromium. Not exported by the test support's index, which loads outside Jest too (bench/).
import { afterAll, beforeAll, describe } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { CHROMIUM_LAUNCH, chromiumInstalled } from './chromium.js';

/**
 * Declares the specs of `body` with one headless Chromium launched before them and closed after them; skipped where
 * Chromium is not installed. `browser()` gives it once launched (in a spec or a hook, not while declaring).
 */
export function describeInChromium(name: string, body: (browser: () => Browser) => void): void {
  (chromiumInstalled() ? describe : describe.skip)(name, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch(CHROMIUM_LAUNCH);
    });
    afterAll(() => browser?.close());
    body(() => browser!);
  });
}
