// Visiting Redress's pages as a person would, with the checks every page must pass: one h1,
// a "… – Redress" title, main content, its stylesheets loaded, and no WCAG 2.2 A/AA
// violation that axe-core can find.
//
// Synchronisation is by events only (a navigation's `load`), never by sleeping.

import assert from 'node:assert/strict';

import { DEMO_PASSWORD } from './server.mjs';

/** The last response of each page's main document (after any redirects). */
const documents = new WeakMap();
/** Sub-resources (stylesheets, scripts) that failed, by page. */
const broken = new WeakMap();

/** Opens a page in `context` that records its document responses and broken resources. */
export async function openPage(context) {
  const page = await context.newPage();
  broken.set(page, []);
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      documents.set(page, response);
    } else if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/favicon')) {
      broken.get(page).push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // Scripts are blocked on purpose in the page that shows axe a JavaScript-off rendering.
    if (request.failure()?.errorText !== 'net::ERR_BLOCKED_BY_CLIENT') {
      broken.get(page).push(`${request.failure()?.errorText} ${request.url()}`);
    }
  });
  return page;
}

/** Runs `action` (a click that submits or follows a link) and waits for the next page to load. */
export async function navigate(page, action) {
  const loaded = page.waitForEvent('load');
  // Should the action fail, its error is the one to report, not the wait's.
  loaded.catch(() => {});
  await action();
  await loaded;
  return documents.get(page);
}

/** Goes to a path of the site; resolves with the final response once the page has loaded. */
export async function visit(page, base, path) {
  const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  assert.ok(response, `no response for ${path}`);
  return response;
}

/** The status of the page's current document. */
export function status(page) {
  return documents.get(page)?.status();
}

/** Signs in on the sign-in page as `email`; resolves on the home page. */
export async function signIn(page, base, email, { a11y, label } = {}) {
  await visit(page, base, '/sign-in');
  if (a11y) await inspect(page, a11y, `${label}: /sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  const response = await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  assert.equal(response.status(), 200, `signing in as ${email}`);
  assert.equal(new URL(page.url()).pathname, '/', `signing in as ${email} leads home`);
}

/** Signs out with the header's button; resolves on the sign-in page. */
export async function signOut(page) {
  await navigate(page, () => page.getByRole('button', { name: /^Sign out/ }).click());
  assert.equal(new URL(page.url()).pathname, '/sign-in');
}

/**
 * The checks every page must pass, then axe. `label` names the page in failures.
 * Returns the page's h1.
 */
export async function inspect(page, a11y, label) {
  const shape = await page.evaluate(() => ({
    title: document.title,
    h1s: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    main: document.querySelector('main#main-content')?.innerText.trim().length ?? 0,
    lang: document.documentElement.lang,
    stylesheets: document.styleSheets.length,
  }));
  assert.equal(shape.h1s.length, 1, `${label}: one h1, found ${JSON.stringify(shape.h1s)}`);
  assert.match(shape.title, /^(Error: )?\S.* – Redress$/, `${label}: title "${shape.title}"`);
  assert.ok(shape.main > 0, `${label}: the main content is empty`);
  assert.equal(shape.lang, 'en-GB', `${label}: html lang`);
  assert.deepEqual(broken.get(page) ?? [], [], `${label}: resources that did not load`);
  assert.ok(shape.stylesheets >= 2, `${label}: GOV.UK Frontend's and Redress's stylesheets`);
  await a11y.check(page, label);
  return shape.h1s[0];
}

/**
 * WCAG 1.4.10 (Reflow): at 320 CSS pixels wide (1280 at 400% zoom) nothing but a data table,
 * which the criterion exempts, may reach past the right edge and make the page scroll sideways.
 */
export async function assertReflows(page, label) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.body.querySelectorAll('*')]
      .filter((e) => !e.closest('table') && e.getBoundingClientRect().right > width + 1)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`);
  });
  assert.deepEqual(wide, [], `${label}: reaches past the right edge at ${page.viewportSize()?.width}px`);
}
