// axe-core in a page driven by playwright-core: the accessibility rules the app promises (contrast and
// labels), run on whatever view is on screen. Any e2e test can check a view in one line:
//   expect(await axeViolations(page)).toEqual([]);
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export const PROMISED_RULES = ['color-contrast', 'label'] as const;

export interface Violation {
  rule: string;
  /** Where, as a CSS selector, with axe's one-line reason. */
  nodes: string[];
}

/** Runs the rules on the page as it is now; an empty list means none failed. */
export async function axeViolations(page: Page, rules: readonly string[] = PROMISED_RULES): Promise<Violation[]> {
  // Evaluated through the debugging protocol, so the page's script policy does not block it.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const script = `axe.run(document, { runOnly: { type: 'rule', values: ${JSON.stringify(rules)} }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1).join(' ').trim()) })))`;
  return (await page.evaluate(script)) as Violation[];
}
