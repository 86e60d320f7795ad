// A complaint through both stages in a real browser, with JavaScript and without, every page
// checked by axe-core.

import { after, before, describe, test } from 'node:test';

import { Accessibility } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { liveOneComplaint } from '../lib/scenario.mjs';
import { startServer } from '../lib/server.mjs';

describe('a complaint through both stages', () => {
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

  test('with JavaScript: logged, accepted with discretion (Code 2.3), handled, escalated, refused by Code 6.13, handled at stage 2, closed', async (t) => {
    const a11y = new Accessibility();
    await liveOneComplaint({ browser, base: server.url, javaScript: true, a11y });
    t.diagnostic(`${a11y.engine} checked ${a11y.checked.length} pages`);
    a11y.assertNone();
  });

  test('without JavaScript: the same by plain form posts', async (t) => {
    const a11y = new Accessibility({ withoutJavaScript: browser });
    try {
      await liveOneComplaint({ browser, base: server.url, javaScript: false, a11y });
    } finally {
      await a11y.close();
    }
    t.diagnostic(`${a11y.engine} checked ${a11y.checked.length} pages`);
    a11y.assertNone();
  });
});
