// Runs axe-core in a page and collects what it finds, for one readable failure per test.
//
// axe is evaluated through the DevTools protocol (Playwright's `page.evaluate`), which the
// pages' Content-Security-Policy (`script-src 'self'`) does not apply to, so the pages are
// checked with their real CSP in force and without JavaScript of their own when it is off.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now.
 * @returns {Promise<{url: string, engine: string, rulesPassed: number, violations: object[]}>}
 */
export async function runAxe(page) {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      url: results.url,
      engine: `${results.testEngine.name} ${results.testEngine.version}`,
      rulesPassed: results.passes.length,
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      })),
    };
  }, WCAG_TAGS);
}

/** One violation, readably: what, how bad, where, and where to read about it. */
export function describe(label, violation) {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((n) => `      at ${n.target}\n        ${String(n.summary).replaceAll('\n', '\n        ')}`)
    .join('\n');
  const more = violation.nodes.length > 5 ? `\n      … and ${violation.nodes.length - 5} more` : '';
  return `  ${label}\n    ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`;
}

/**
 * Collects axe's findings over the pages a test visits.
 *
 * axe needs timers, which do not run in a page whose JavaScript is off. So for such pages
 * (`withoutJavaScript`), the page's HTML is shown to axe in a page of the same browser that
 * runs no script of the page's own: what a person without JavaScript gets, stylesheets and all.
 */
export class Accessibility {
  /** @param {{withoutJavaScript?: import('playwright-core').Browser}} options */
  constructor({ withoutJavaScript } = {}) {
    this.browser = withoutJavaScript;
    /** The axe that ran, such as "axe-core 4.14.1". */
    this.engine = undefined;
    /** Every page checked, by label. */
    this.checked = [];
    /** `[label, violation]` pairs. */
    this.found = [];
  }

  /** Runs axe on the page, labelled (say) "handler: /cases/:id", and records what it finds. */
  async check(page, label) {
    const target = this.browser
      ? await this.rendering(page.url(), await page.content(), page.viewportSize() ?? { width: 1280, height: 720 })
      : page;
    const result = await runAxe(target);
    // A run that checked nothing would pass anything: make sure axe looked.
    if (result.rulesPassed === 0) throw new Error(`axe checked no rule on ${label} (${result.url})`);
    this.engine = result.engine;
    this.checked.push(label);
    for (const violation of result.violations) this.found.push([label, violation]);
    return result;
  }

  /** `html` at `url`, in a page of the size given whose own scripts are blocked. */
  async rendering(url, html, viewport) {
    if (!this.renderer) {
      this.context = await this.browser.newContext();
      this.renderer = await this.context.newPage();
      await this.renderer.route('**/*', (route) => {
        const request = route.request();
        if (request.resourceType() === 'script') return route.abort('blockedbyclient');
        if (request.isNavigationRequest() && request.url() === this.shown?.url) {
          return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: this.shown.html });
        }
        return route.continue();
      });
    }
    this.shown = { url: url.split('#')[0], html };
    await this.renderer.setViewportSize(viewport);
    await this.renderer.goto(this.shown.url, { waitUntil: 'load' });
    return this.renderer;
  }

  /** Closes the page used for JavaScript-off renderings, if any. */
  async close() {
    await this.context?.close();
  }

  /** Throws with every violation found, if any. */
  assertNone() {
    if (this.found.length === 0) return;
    const list = this.found.map(([label, v]) => describe(label, v)).join('\n');
    throw new Error(
      `${this.found.length} WCAG 2.2 A/AA violation(s) on ${new Set(this.found.map(([l]) => l)).size} of ` +
        `${this.checked.length} page(s) checked:\n${list}`,
    );
  }
}
