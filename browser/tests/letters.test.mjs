// The letter template editor and the letterhead page (issue 11) in a real browser, with
// JavaScript and without: an administrator opens a letter's editor, previews an edited wording
// (a plain form post: the page comes back with the letter, its readability and what it lacks),
// sees the sandbox's refusal as an error summary, and uploads a logo with its alternative text,
// which then heads the letter's preview; every page checked by axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Accessibility } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { inspect, navigate, openPage, signIn, visit } from '../lib/pages.mjs';
import { startServer } from '../lib/server.mjs';

/** A 1 × 1 pixel PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The error summary, shown and saying `says`, each link going to a field on the page. */
async function expectErrorSummary(page, says) {
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.ok(await summary.isVisible());
  const messages = (await summary.locator('li').allTextContents()).map((t) => t.trim());
  assert.ok(messages.some((m) => says.test(m)), `the error summary says ${says}: ${JSON.stringify(messages)}`);
  assert.match(await page.title(), /^Error: /);
  for (const href of await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    assert.equal(await page.locator(href).count(), 1, `the error summary links to ${href}, which is on the page`);
  }
}

async function editAndPreview({ browser, base, javaScript, a11y }) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const mode = javaScript ? 'JS on' : 'JS off';
  const check = (page, what) => inspect(page, a11y, `${mode}, letters: ${what}`);
  const submit = (page, name) => navigate(page, () => page.getByRole('button', { name, exact: true }).click());
  try {
    const page = await openPage(context);
    await signIn(page, base, 'admin@demo-homes.example');

    // From the settings to the list of letters, then a letter's editor.
    await visit(page, base, '/settings');
    await navigate(page, () => page.getByRole('link', { name: 'Letters', exact: true }).click());
    await check(page, '/settings/letters');
    await navigate(page, () => page.getByRole('link', { name: 'Decision not to accept a complaint' }).click());
    assert.equal(new URL(page.url()).pathname, '/settings/letters/not_accepted');
    await check(page, 'the editor');
    assert.match(await page.locator('.govuk-inset-text').textContent(), /gives everything the Code requires/);

    // An edited wording, previewed: the letter as typed, its readability, and (having lost
    // the reasons) what it lacks with its provision. Nothing is saved.
    const wording = page.getByLabel('Wording');
    const source = await wording.inputValue();
    const edited = source
      .replace('We have looked at what you told us.', 'We read your letter with care.')
      .split('\n')
      .filter((line) => !line.includes('exclusion.reasons'))
      .join('\n');
    await wording.fill(edited);
    const previewed = await submit(page, 'Preview');
    assert.equal(previewed.status(), 200);
    await check(page, 'the preview');
    const letter = page.getByRole('region', { name: 'The letter' });
    assert.match(await letter.textContent(), /We read your letter with care\./);
    assert.match(await page.locator('main').textContent(), /Flesch reading ease/);
    const warning = await page.locator('.govuk-warning-text').textContent();
    assert.match(warning, /cannot be sent/);
    assert.match(warning, /\(Code 2\.4\)/);
    assert.equal(await page.getByLabel('Wording').inputValue(), edited, 'the wording typed is kept');

    // A wording the sandbox refuses: the error summary, no preview.
    await page.getByLabel('Wording').fill('Dear {{ resident.name }}\n{% set x = 1 %}');
    const refused = await submit(page, 'Preview');
    assert.equal(refused.status(), 400);
    await expectErrorSummary(page, /line 2: a letter template cannot use \{% set %\}/);
    await check(page, 'the editor with errors');

    // The letterhead: a logo without alternative text is refused; with it, it is kept and
    // heads every letter.
    await visit(page, base, '/settings/letterhead');
    await check(page, '/settings/letterhead');
    await page.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    const noAlt = await submit(page, 'Upload the logo');
    assert.equal(noAlt.status(), 400);
    await expectErrorSummary(page, /alternative text/);
    await check(page, '/settings/letterhead with errors');
    await page.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('Alternative text').fill(`Demo Homes logo (${mode})`);
    const uploaded = await submit(page, 'Upload the logo');
    assert.equal(uploaded.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/settings/letterhead');
    assert.equal(await page.getByRole('img', { name: `Demo Homes logo (${mode})` }).count(), 1);
    await check(page, '/settings/letterhead with a logo');
    await visit(page, base, '/settings/letters/stage1_response');
    const logo = page.getByRole('region', { name: 'The letter' }).getByRole('img', { name: `Demo Homes logo (${mode})` });
    assert.equal(await logo.count(), 1, 'the letter has the logo');
    await check(page, 'the editor with a logo');
  } finally {
    await context.close();
  }
}

describe('the letter template editor and the letterhead', () => {
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

  test('with JavaScript: preview, the sandbox refusal, the logo', async (t) => {
    const a11y = new Accessibility();
    await editAndPreview({ browser, base: server.url, javaScript: true, a11y });
    t.diagnostic(`${a11y.engine} checked ${a11y.checked.length} pages`);
    a11y.assertNone();
  });

  test('without JavaScript: the same by plain form posts', async (t) => {
    const a11y = new Accessibility({ withoutJavaScript: browser });
    try {
      await editAndPreview({ browser, base: server.url, javaScript: false, a11y });
    } finally {
      await a11y.close();
    }
    t.diagnostic(`${a11y.engine} checked ${a11y.checked.length} pages`);
    a11y.assertNone();
  });
});
