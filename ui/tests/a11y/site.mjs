// Accessibility of a website Atti publishes (the albo pretorio online), as a citizen reads it:
// headless Chromium opens each URL given (https, from the real server: the CA is trusted in
// the NSS database of $HOME, never by skipping verification), checks that it holds no script
// (it must read without one), runs axe-core with the WCAG 2.0/2.1 A and AA rules, and prints
// one JSON line per page: { url, status, title, violations, problems, links }. Exit status 1
// on any violation, a script, a failed request, or a page that is not 200.
//
// Usage: node tests/a11y/site.mjs URL [URL...]
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('uso: node tests/a11y/site.mjs URL [URL...]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  for (const url of urls) {
    // Each page as a first visit. (axe runs as a script of its own: the page has none.)
    const context = await browser.newContext({ locale: 'it-IT' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const problems = [];
    page.on('requestfailed', (r) => problems.push(`richiesta fallita: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`risposta ${r.status()}: ${r.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    const status = response?.status() ?? 0;
    const scripts = await page.$$eval('script', (list) => list.length);
    if (scripts > 0) problems.push(`la pagina contiene ${scripts} script`);
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const title = await page.title();
    const links = await page.$$eval('a[href]', (as) => as.map((a) => ({ text: a.textContent?.trim() ?? '', href: /** @type {HTMLAnchorElement} */ (a).href })));
    const lang = await page.$eval('html', (h) => h.getAttribute('lang'));
    if (status !== 200) problems.push(`stato ${status}`);
    if (lang !== 'it') problems.push(`lingua della pagina: ${lang}`);
    const violations = results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    if (violations.length > 0 || problems.length > 0) failed = true;
    console.log(JSON.stringify({ url, status, title, violations, problems, passes: results.passes.length, links }));
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
