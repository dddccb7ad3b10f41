/**
 * What the browser tests share: Debian's chromium driven by playwright-core (no browser download),
 * a server on a free loopback port, and pages that record every problem a user would not see:
 * console errors, uncaught errors, failed requests, HTTP errors and CSP violations.
 */
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Headless Debian chromium; the hook's timeout is the one bound (no clock of playwright's own). */
export function launchChromium(): Promise<Browser> {
  const executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 0 });
}

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

export interface WatchOptions {
  /** Console warnings count as problems too (default: errors only). */
  warnings?: boolean;
  /** HTTP responses ≥ 400 count as problems (default true; off for a journey that expects a 4xx). */
  httpErrors?: boolean;
}

/**
 * A new page (its own context when options are given, e.g. a viewport or stored cookies) whose
 * problems are collected in `problems`; `csp()` returns the CSP violations the page has seen.
 */
export async function watchedPage(
  target: Browser,
  context: BrowserContextOptions = {},
  o: WatchOptions = {},
): Promise<{ page: Page; problems: string[]; csp: () => Promise<string[]> }> {
  const page = await target.newPage(context);
  // a page waits as long as it takes; the test's timeout is the one bound
  page.setDefaultTimeout(0);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || (o.warnings && m.type() === 'warning'))
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // a request the page's own navigation cut off (e.g. Keluar while a fetch runs) is no failure
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  if (o.httpErrors ?? true) {
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }
  await page.addInitScript(() => {
    // runs in the page (no DOM types in this project's tsconfig)
    const w = globalThis as unknown as {
      __csp: string[];
      document: {
        addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
    };
    w.__csp = [];
    w.document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const csp = () => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);
  return { page, problems, csp };
}

/** The page's width in CSS pixels (more than the viewport's means sideways scrolling). */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth,
  );
}
