// RGAA AA in the browser specs: axe-core's WCAG 2.1 A/AA rules (and best practices) on the page as it stands.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** Read at the first check only: most specs that load the test support drive no browser. */
let axeSource: string | undefined;

/** No serious or critical violation. axe-core is evaluated through the DevTools protocol: the pages' CSP refuses injected scripts. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate((axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
  // A thrown error fails the spec as an assertion would, and keeps the test support loadable outside Jest (bench/).
  if (violations.length > 0) throw new Error(`accessibility of ${label}: ${violations.length} serious or critical violation(s):\n${violations.join('\n')}`);
}
