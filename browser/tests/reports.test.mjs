// The reports pages (the dashboard, a quarter of it, the board pack, the TSM figures) for each
// role that may read them, with JavaScript and without (as wide as a phone): each answers, has
// its h1, has no WCAG 2.2 A/AA violation axe finds, and reflows; the charts are images named by
// their titles with their numbers in a table beside; the downloads answer with their files.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Accessibility } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { assertReflows, inspect, openPage, signIn, visit } from '../lib/pages.mjs';
import { startServer } from '../lib/server.mjs';

const PAGES = ['/reports', '/reports?quarter=1', '/reports/board-pack', '/reports/tsm'];
const READERS = ['complaints_officer', 'senior_lead', 'mrc', 'auditor'];

describe('the reports pages', () => {
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

  test('each role that reads reports, with JavaScript and without', async (t) => {
    for (const role of READERS) {
      const { email } = server.accounts.find((a) => a.role === role);
      for (const javaScript of [true, false]) {
        const a11y = new Accessibility(javaScript ? {} : { withoutJavaScript: browser });
        const context = await browser.newContext(
          javaScript ? {} : { javaScriptEnabled: false, viewport: { width: 320, height: 640 } },
        );
        try {
          const page = await openPage(context);
          await signIn(page, server.url, email);
          for (const path of PAGES) {
            const label = `${role} (JS ${javaScript ? 'on' : 'off'}): ${path}`;
            const response = await visit(page, server.url, path);
            assert.equal(response.status(), 200, label);
            const h1 = await inspect(page, a11y, label);
            assert.ok(
              ['Complaints dashboard', 'Tenant Satisfaction Measures'].includes(h1) || h1.startsWith('Complaints board pack: '),
              `${label}: ${h1}`,
            );
            if (!javaScript) await assertReflows(page, label);
            if (path.startsWith('/reports?') || path === '/reports') {
              const charts = page.locator('svg[role="img"]');
              assert.equal(await charts.count(), 2, `${label}: two charts`);
              for (const chart of await charts.all()) {
                const title = await chart.locator('title').textContent();
                assert.ok(title && title.length > 0, `${label}: a chart has a title`);
                const captions = await page.locator('caption').allTextContents();
                assert.ok(captions.some((c) => c.trim() === title), `${label}: "${title}" has its table`);
              }
            }
          }
          for (const download of ['/reports/tsm.csv', '/reports/tsm.xlsx']) {
            const file = await page.request.get(new URL(download, server.url).href);
            assert.equal(file.status(), 200, `${role}: ${download}`);
            assert.match(file.headers()['content-disposition'] ?? '', /^attachment; filename="tsm-\d{4}-\d{2}\.(csv|xlsx)"$/);
          }
          const pack = await page.request.get(new URL('/reports/board-pack.pdf', server.url).href);
          assert.equal(pack.status(), 200, `${role}: the board pack's PDF`);
          assert.equal(pack.headers()['content-type'], 'application/pdf');
          assert.match(pack.headers()['content-disposition'] ?? '', /^attachment; filename="board-pack-\d{4}-\d{2}\.pdf"$/);
        } finally {
          await context.close();
          await a11y.close?.();
        }
        t.diagnostic(`${role} (JS ${javaScript ? 'on' : 'off'}): ${a11y.engine} checked ${a11y.checked.length} pages`);
        a11y.assertNone();
      }
    }
  });
});
