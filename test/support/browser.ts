import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

// Browser specs drive Debian's Chromium (no browser download is possible here). CHROMIUM_PATH names another build;
// when it is set the browser must start, and when no browser is found the specs are skipped with the reason.
const configured = process.env.CHROMIUM_PATH;
export const chromiumPath = configured ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
export const browserSkipReason = chromiumPath
  ? undefined
  : 'no Chromium found (install Debian\'s "chromium" package, or set CHROMIUM_PATH)';

/** `describe` when a browser is there, else `describe.skip` with the reason in the suite's name. */
export const describeBrowser = (name: string, body: () => void): void =>
  browserSkipReason ? describe.skip(`${name} [skipped: ${browserSkipReason}]`, body) : describe(name, body);

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Root (as CI runs) cannot use Chromium's sandbox.
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const artefacts = resolve(__dirname, '../../test-artifacts/pages');

/** Screenshots for a person to look at: not committed, written on every run. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(artefacts, { recursive: true });
  const size = page.viewportSize();
  for (const [label, width, height] of [
    ['phone', 390, 844],
    ['desktop', 1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(artefacts, `${name}-${label}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations of the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  });
}

export const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
