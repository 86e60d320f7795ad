// The accessibility check itself: it must find violations where there are some, with
// JavaScript and without, or its silence on Redress's pages would mean nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Accessibility } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';

/** A page with three WCAG A failures: an image without text, an unlabelled input, no lang. */
const BROKEN = `<!DOCTYPE html><html><head><title>Broken</title></head><body><main>
  <h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text" name="q">
</main></body></html>`;

/** The same page, fixed. */
const FIXED = `<!DOCTYPE html><html lang="en-GB"><head><title>Fixed</title></head><body><main>
  <h1>Fixed</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A dot">
  <label for="q">Search</label><input type="text" id="q" name="q">
</main></body></html>`;

/** A made-up address, answered by the test itself: nothing leaves the machine. */
const URL = 'http://axe-self-test.invalid/page';

describe('the accessibility check', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const javaScript of [true, false]) {
    test(`finds violations and names them, JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const a11y = new Accessibility(javaScript ? {} : { withoutJavaScript: browser });
      try {
        let html = BROKEN;
        await context.route(URL, (route) => route.fulfill({ contentType: 'text/html', body: html }));
        const page = await context.newPage();
        await page.goto(URL);
        await a11y.check(page, 'broken page');
        const found = a11y.found.map(([, v]) => v.id).sort();
        assert.deepEqual(found, ['html-has-lang', 'image-alt', 'label']);
        assert.throws(() => a11y.assertNone(), (error) => {
          assert.match(error.message, /3 WCAG 2\.2 A\/AA violation\(s\) on 1 of 1 page\(s\) checked/);
          assert.match(error.message, /image-alt \(critical\): Images must have alternative text/);
          assert.match(error.message, /https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/image-alt/);
          assert.match(error.message, /at img/);
          return true;
        });

        html = FIXED;
        await page.goto(URL);
        const clean = new Accessibility(javaScript ? {} : { withoutJavaScript: browser });
        try {
          await clean.check(page, 'fixed page');
          clean.assertNone();
        } finally {
          await clean.close();
        }
      } finally {
        await a11y.close();
        await context.close();
      }
    });
  }
});
