// Every page each demo account can reach from its home page, with JavaScript and without:
// each answers, has its h1 and main content, and has no WCAG 2.2 A/AA violation axe finds.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Accessibility } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { crawl, followed, pattern } from '../lib/crawl.mjs';
import { assertReflows, inspect, openPage, signIn, visit } from '../lib/pages.mjs';
import { startServer } from '../lib/server.mjs';

test('pages are told apart by path pattern, not by ids or filter values', () => {
  assert.equal(pattern('/cases/3c42821a-4e10-27eb-55de-caab2aac87d8'), '/cases/:id');
  assert.equal(pattern('/cases/3c42821a-4e10-27eb-55de-caab2aac87d8/acknowledge'), '/cases/:id/acknowledge');
  assert.equal(pattern('/cases/3c42821a-4e10-27eb-55de-caab2aac87d8/complete-remedy-2'), '/cases/:id/complete-remedy-:n');
  assert.equal(pattern('/residents/CMP-2024-000001'), '/residents/:id');
  assert.equal(pattern('/cases?status=closed&page=2'), '/cases?page&status');
  assert.equal(pattern('/cases?status=investigating'), pattern('/cases?status=closed'));
  assert.notEqual(pattern('/cases'), pattern('/cases/new'));
  assert.ok(followed('/cases/new'));
  assert.ok(!followed('/sign-out') && !followed('/static/redress.css') && !followed('/api/v1/complaints'));
});

describe('every page each demo account can reach', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the demo prints its accounts', () => {
    const roles = server.accounts.map((a) => a.role);
    for (const role of ['handler', 'complaints_officer', 'senior_lead', 'mrc', 'auditor', 'admin']) {
      assert.ok(roles.includes(role), `a demo ${role}: ${JSON.stringify(server.accounts)}`);
    }
  });

  // One test per account, named after it (the accounts are known once the server is up), two
  // at a time: each has its own browser contexts, and the crawl only reads.
  test('each account, with JavaScript and without', { concurrency: 2 }, async (t) => {
    assert.ok(server.accounts.length >= 6);
    const crawls = server.accounts.map(({ email }) =>
      t.test(email, async (t) => {
        const withJs = new Accessibility();
        const context = await browser.newContext();
        let visited;
        try {
          const page = await openPage(context);
          await signIn(page, server.url, email, { a11y: withJs, label: `${email} (JS on)` });
          visited = await crawl(page, server.url, withJs, `${email} (JS on)`);
        } finally {
          await context.close();
        }

        // Without JavaScript, and as wide as a phone (or a desktop zoomed to 400%).
        const withoutJs = new Accessibility({ withoutJavaScript: browser });
        const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
        try {
          const page = await openPage(noScript);
          await signIn(page, server.url, email);
          for (const { path, h1 } of visited) {
            const label = `${email} (JS off, 320px wide): ${path}`;
            const response = await visit(page, server.url, path);
            assert.ok(response.status() < 400, `${label} answered ${response.status()}`);
            assert.equal(await inspect(page, withoutJs, label), h1, `${label}: the same h1 as with JavaScript`);
            assert.ok(
              !(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))),
              `${label}: no script ran`,
            );
            await assertReflows(page, label);
          }
        } finally {
          await noScript.close();
          await withoutJs.close();
        }
        t.diagnostic(
          `${visited.length} pages with JavaScript and without; ${withJs.engine} checked ` +
            `${withJs.checked.length + withoutJs.checked.length}`,
        );
        withJs.assertNone();
        withoutJs.assertNone();
      }),
    );
    await Promise.all(crawls);
  });
});
