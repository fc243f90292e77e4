/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium (installed by .ci/run) driven by playwright-core,
 * or CHROMIUM_PATH. Every page opened through `watch` records console errors, uncaught page errors, failed requests
 * and answers ≥ 400 so a test can assert there were none. Screenshots go to test-artifacts/browser/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface Problems {
  console: string[];
  failed: string[];
}

export function watch(page: Page): Problems {
  const problems: Problems = { console: [], failed: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.console.push(`${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.failed.push(`${r.url()}: ${r.status()}`); });
  return problems;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
