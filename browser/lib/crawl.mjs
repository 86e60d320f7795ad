// Crawls the pages a signed-in person can reach by following links from the home page,
// breadth first, checking each. Pages added later are picked up without changing the tests:
// anything linked is visited, a few of each kind.

import assert from 'node:assert/strict';

import { inspect, visit } from './pages.mjs';

/** At most this many pages per person. */
export const MAX_PAGES = 60;
/**
 * At most this many pages of one kind (one path pattern, such as `/cases/:id`), and of those
 * only one found from each kind of page: a case from the full list, one from the overdue list,
 * one from a page of older cases… so the cases checked are in different states and show
 * different forms.
 */
export const PER_PATTERN = 5;

/** Paths never followed: signing out ends the crawl's session; assets and the API are not pages. */
const SKIPPED = [/^\/sign-out\b/, /^\/static\//, /^\/api\//];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A complaint's reference, such as CMP-2024-000001. */
const REFERENCE = /^[A-Z]{2,}-\d{4}-\d+$/;

/**
 * The kind of page a URL is: ids and references in its path become `:id`, other numbers `:n`,
 * and only the names of its query parameters count. `/cases/3c42…/complete-remedy-2` is
 * `/cases/:id/complete-remedy-:n`; `/cases?status=closed` is `/cases?status`.
 */
export function pattern(url) {
  const { pathname, searchParams } = new URL(url, 'http://x');
  const path = pathname
    .split('/')
    .map((segment) => {
      if (UUID.test(segment) || REFERENCE.test(segment)) return ':id';
      // Another long token with digits in it (a ULID, a hash) is an id too.
      if (segment.length >= 16 && /\d/.test(segment) && !segment.includes('-')) return ':id';
      return segment.replace(/\d+/g, ':n');
    })
    .join('/');
  const keys = [...new Set(searchParams.keys())].sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

/** Whether a same-origin path is one the crawl follows. */
export function followed(path) {
  return !SKIPPED.some((skip) => skip.test(path));
}

/**
 * From the home page, visits every page reachable by links, a few of each pattern,
 * checking each with `inspect`; every link shown must answer below 400 and keep the session.
 * Returns the pages visited, `{path, h1}` each (files linked to are fetched, not returned).
 */
export async function crawl(page, base, a11y, who) {
  const origin = new URL(base).origin;
  const seen = new Set(['/']);
  const kinds = new Map([[pattern('/'), 1]]);
  const routes = new Set();
  const queue = ['/'];
  const visited = [];
  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const path = queue.shift();
    // A link may be to a download (a CSV, an attachment) rather than a page: asked for first
    // (with the page's session), it must answer, but only pages are opened and checked.
    const probe = await page.request.get(new URL(path, base).href);
    assert.ok(probe.status() < 400, `${who}: ${path}, linked to, answered ${probe.status()}`);
    if (!/^text\/html\b/.test(probe.headers()['content-type'] ?? '')) {
      continue;
    }
    const response = await visit(page, base, path);
    assert.ok(response.status() < 400, `${who}: ${path}, linked to, answered ${response.status()}`);
    const landed = new URL(page.url());
    assert.notEqual(landed.pathname, '/sign-in', `${who}: ${path} sent them to sign in`);
    const h1 = await inspect(page, a11y, `${who}: ${path}`);
    visited.push({ path, h1 });
    const from = pattern(path);
    const links = await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => a.href));
    for (const href of links) {
      const url = new URL(href);
      if (url.origin !== origin || !followed(url.pathname)) continue;
      const target = url.pathname + url.search;
      const kind = pattern(target);
      const count = kinds.get(kind) ?? 0;
      const route = `${from} -> ${kind}`;
      if (seen.has(target) || count >= PER_PATTERN || routes.has(route)) continue;
      seen.add(target);
      kinds.set(kind, count + 1);
      routes.add(route);
      queue.push(target);
    }
  }
  return visited;
}
