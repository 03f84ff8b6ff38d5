import type { BrowserContext, Page } from 'playwright-core';

/**
 * Runs in every page of a context before its own scripts (a string: tsx rewrites inline
 * functions) and records each Content-Security-Policy violation the page reports.
 */
const CSP_PROBE = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' ' + event.sourceFile + ':' + event.lineNumber);
  });
`;

/** Installs the probe on every page `context` opens from now on. */
export async function probeCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: CSP_PROBE });
}

/**
 * Collects the CSP violations of `page`: what the probe recorded and what the console said
 * (a blocked script may never reach the event). Call before the page loads what it should.
 */
export function cspViolations(page: Page): () => Promise<string[]> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  return async () => [...fromConsole, ...(await page.evaluate<string[]>('window.__cspViolations ?? []'))];
}
