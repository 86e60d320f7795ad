// One complaint's life through Redress's forms, as staff would live it: logged (received by
// telephone three days earlier, so the timeline shows when it was received and when it was
// recorded) about an issue over 12 months old, accepted at stage 1 only once the handler records
// why discretion is used (Code 2.3), handled and answered by that handler, escalated; the stage 1
// handler is refused as stage 2 handler and refused recording the stage 2 acknowledgement under
// the senior lead's name (Code 6.13); the senior lead, signed in, acknowledges stage 2, responds
// and closes it.
//
// The same steps run with JavaScript on and off: every form must work by plain posts.

import assert from 'node:assert/strict';

import { inspect, navigate, openPage, signIn, signOut, status } from './pages.mjs';

/** The value of a row of the case page's summary list. */
async function summary(page, key) {
  return page.evaluate((key) => {
    const row = [...document.querySelectorAll('.govuk-summary-list__row')].find(
      (r) => r.querySelector('dt')?.textContent.trim() === key,
    );
    return row?.querySelector('dd')?.textContent.trim();
  }, key);
}

/** The signed-in person's name, from the home page's "Hello, NAME". */
async function greetedName(page) {
  const h1 = (await page.locator('h1').textContent()).trim();
  const name = h1.match(/^Hello, (.+)$/)?.[1];
  assert.ok(name, `home page h1 "${h1}"`);
  return name;
}

/** A date input's three parts. */
async function fillDate(page, legend, date) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(date.getUTCDate()));
  await group.getByLabel('Month').fill(String(date.getUTCMonth() + 1));
  await group.getByLabel('Year').fill(String(date.getUTCFullYear()));
}

/** Checks the radio labelled `option` in the fieldset whose legend is `legend`. */
async function choose(page, legend, option) {
  await page.getByRole('group', { name: legend, exact: true }).getByLabel(option, { exact: true }).check();
}

/**
 * Runs the scenario against the server at `base`, in contexts of `browser` that run JavaScript
 * or not (`javaScript`), inspecting every page it sees with `a11y` (see `inspect`).
 */
export async function liveOneComplaint({ browser, base, javaScript, a11y }) {
  const contexts = [];
  const newPage = async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    contexts.push(context);
    return openPage(context);
  };
  const mode = javaScript ? 'JS on' : 'JS off';
  const check = (page, what) => inspect(page, a11y, `${mode}, scenario: ${what}`);
  const clickLink = async (page, name) => {
    // By its text, so a link drawn as a button (role="button") is found too.
    const link = page.locator(`a:text-is(${JSON.stringify(name)})`);
    const response = await navigate(page, () => link.click());
    assert.equal(response.status(), 200, `following "${name}"`);
    await check(page, name);
  };
  const submit = (page, name) => navigate(page, () => page.getByRole('button', { name, exact: true }).click());
  /** Submits a form that must succeed: back on the case page. */
  const submitOk = async (page, name, caseUrl) => {
    const response = await submit(page, name);
    if (page.url() !== caseUrl) {
      const errors = await page.locator('.govuk-error-summary li, h1 + p').allTextContents();
      assert.fail(`"${name}" did not lead back to the case (status ${response.status()}): ${JSON.stringify(errors)}`);
    }
    assert.equal(response.status(), 200);
    await check(page, `case page after "${name}"`);
  };

  try {
    const handler = await newPage();
    const senior = await newPage();

    // The sign-in page refuses an empty form with an error summary.
    const firstVisit = await handler.goto(new URL('/', base).href);
    assert.equal(new URL(handler.url()).pathname, '/sign-in', 'an unsigned visitor is sent to sign in');
    assert.equal(firstVisit.status(), 200);
    await check(handler, 'sign in');
    const refused = await submit(handler, 'Sign in');
    assert.equal(refused.status(), 422);
    await expectErrorSummary(handler, { javaScript, says: /Enter your email address|email/i });
    await check(handler, 'sign in with errors');

    await signIn(handler, base, 'handler@demo-homes.example');
    await check(handler, 'home (handler)');
    const handlerName = await greetedName(handler);
    await signIn(senior, base, 'senior_lead@demo-homes.example');
    await check(senior, 'home (senior lead)');
    const seniorName = await greetedName(senior);
    assert.notEqual(handlerName, seniorName);

    // A resident's address, as a member of staff would hear it on the telephone.
    await clickLink(handler, 'Residents');
    const address = (await handler.locator('table.govuk-table tbody tr').first().locator('td').first().textContent()).trim();
    assert.ok(address, 'the first resident listed has an address');

    // Log a complaint: it starts by finding the resident (an empty search is an error), by
    // address; from their page, then the form, first with nothing filled in, then properly.
    await clickLink(handler, 'Cases');
    await clickLink(handler, 'Log a complaint');
    const noSearch = await submit(handler, 'Search');
    assert.equal(noSearch.status(), 400, 'an empty search is refused');
    await expectErrorSummary(handler, { javaScript, says: /Enter a name, address, postcode or reference/ });
    await check(handler, 'find the resident with errors');
    await handler.getByLabel('Find the resident').fill(address);
    const searched = await submit(handler, 'Search');
    assert.equal(searched.status(), 200);
    await check(handler, 'residents found');
    const found = handler.locator('table.govuk-table tbody tr').filter({ hasText: address });
    assert.ok((await found.count()) >= 1, `a resident found at ${address}`);
    const residentName = (await found.first().locator('th a').textContent()).trim();
    await clickLink(handler, residentName);
    assert.match(new URL(handler.url()).pathname, /^\/residents\/[^/]+$/, "the resident's page");
    await clickLink(handler, 'Log a complaint');
    assert.equal(await summary(handler, 'Resident'), `${residentName}${address}`, 'the form names who it is from');
    const empty = await submit(handler, 'Log complaint');
    assert.equal(empty.status(), 400, 'an empty complaint is refused');
    await expectErrorSummary(handler, { javaScript, says: /Select how the complaint arrived/ });
    await check(handler, 'log a complaint with errors');
    await choose(handler, 'How did the complaint arrive?', 'Telephone');
    // Code 2.3: the issue occurred some 14 months ago, and the resident knew of it then.
    await fillDate(handler, 'Date the issue occurred', new Date(Date.now() - 425 * 86_400_000));
    // Received three days ago at 09:30, logged now (Code 5.12): the deadlines count from then.
    const received = new Date(Date.now() - 3 * 86_400_000);
    await fillDate(handler, 'Date received', received);
    await handler.getByLabel('Time received').fill('09:30');
    await handler.getByLabel('What is the complaint about?').fill('The boiler has failed three times this winter.');
    await handler.getByRole('group', { name: 'Categories' }).getByLabel('Repairs', { exact: true }).check();
    // Triage (Code 6.1): how complex, and which risks.
    await choose(handler, 'How complex is the complaint?', 'Complex: it needs a fuller investigation');
    await choose(handler, 'Which risks apply?', 'A risk to health or safety');
    const logged = await submit(handler, 'Log complaint');
    assert.equal(logged.status(), 200);
    assert.match(new URL(handler.url()).pathname, /^\/cases\/[^/]+$/, 'logging leads to the case page');
    const caseUrl = handler.url();
    await check(handler, 'case page, logged');
    assert.equal(await summary(handler, 'Status'), 'Awaiting acknowledgement');
    assert.equal(await summary(handler, 'Stage'), '1');
    assert.equal(await summary(handler, 'Resident became aware of it'), 'Not given: counted from when it occurred');
    const receivedOn = received.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    assert.equal(await summary(handler, 'Received'), receivedOn, 'received on the day given, not today');
    const logEntry = (await handler.locator('ol.govuk-list li').last().textContent()).replace(/\s+/g, ' ');
    assert.match(logEntry, new RegExp(`^Logged ${receivedOn} at 09:30, recorded (\\d+ working days?|\\d+ days|the next day|1 working day) later, on .+, by ${handlerName}$`), 'both times on the timeline');
    assert.equal(await summary(handler, 'Complexity'), 'Complex');
    assert.equal(await summary(handler, 'Name'), residentName, 'the complaint is from the resident chosen');

    // Stage 1: acknowledge and define, with the handler as its handler. The issue is over 12
    // months old, so the form asks why discretion is used (Code 2.3): refused without it.
    await clickLink(handler, 'Acknowledge and define the complaint');
    await handler.getByLabel('Complaint handler').selectOption({ label: handlerName });
    await handler.getByLabel('Points of complaint').fill('The boiler keeps failing\nRepairs were not kept');
    await handler.getByLabel('Outcomes the resident seeks').fill('A new boiler');
    await handler.getByLabel('What the landlord is responsible for').fill('Repairs to the heating');
    const discretion = handler.getByLabel('Why discretion is used to accept this complaint');
    assert.equal(await discretion.count(), 1, 'the Code 2.3 question is asked');
    const withoutDiscretion = await submit(handler, 'Acknowledge');
    assert.equal(withoutDiscretion.status(), 422, 'an old issue is not accepted without the discretion recorded');
    await expectErrorSummary(handler, { javaScript, says: /\(Code 2\.3\)$/ });
    assert.equal(await handler.getByLabel('Points of complaint').inputValue(), 'The boiler keeps failing\nRepairs were not kept');
    await check(handler, 'stage 1 acknowledgement refused (Code 2.3)');
    await handler
      .getByLabel('Why discretion is used to accept this complaint')
      .fill('The resident was waiting on promised repairs, so the delay is understandable.');
    await submitOk(handler, 'Acknowledge', caseUrl);
    assert.equal(await summary(handler, 'Status'), 'Investigating');
    assert.equal(await summary(handler, 'Handler'), handlerName);
    await respond(handler, { clickLink, submit, submitOk, check, caseUrl, javaScript });
    assert.equal(await summary(handler, 'Status'), 'Responded');
    await issueLetter(handler, { submit, check, caseUrl });

    // Escalate to stage 2.
    await clickLink(handler, 'Escalate to stage 2');
    await choose(handler, 'How did the resident ask?', 'Email');
    await handler.getByLabel("The resident's reasons").fill('The resident is not satisfied with the response.');
    await submitOk(handler, 'Escalate', caseUrl);
    assert.equal(await summary(handler, 'Stage'), '2');
    assert.equal(await summary(handler, 'Status'), 'Awaiting acknowledgement');

    // Stage 2 by the stage 1 handler: not offered as handler (Code 6.13).
    await clickLink(handler, 'Acknowledge and define the complaint');
    const form = handler.url();
    const offered = handler.getByLabel('Complaint handler').locator('option', { hasText: handlerName });
    assert.equal(await offered.count(), 0, 'the stage 1 handler is not offered as stage 2 handler');
    await check(handler, 'stage 2 acknowledgement form (Code 6.13)');
    // Nor may the stage 1 handler record it under the senior lead's name: 6.13 sees who acts.
    // Refused, with what was typed kept.
    await handler.getByLabel('Complaint handler').selectOption({ label: seniorName });
    await handler.getByLabel('Points of complaint').fill('The stage 1 response did not fix the boiler');
    await handler.getByLabel('Outcomes the resident seeks').fill('A new boiler');
    await handler.getByLabel('What the landlord is responsible for').fill('Repairs to the heating');
    const underAnotherName = await submit(handler, 'Acknowledge');
    assert.equal(underAnotherName.status(), 422, 'the stage 1 handler acting at stage 2 is refused');
    assert.equal(handler.url(), form, 'the refusal re-renders the form');
    await expectErrorSummary(handler, {
      javaScript,
      says: /^The stage 2 acknowledgement must not be recorded by the person who handled stage 1.*\(Code 6\.13\)$/,
    });
    assert.equal(await handler.getByLabel('Points of complaint').inputValue(), 'The stage 1 response did not fix the boiler');
    if (javaScript) {
      // The summary's link takes the keyboard to the field it is about.
      await handler.locator('.govuk-error-summary a').first().click();
      assert.equal(await handler.evaluate(() => document.activeElement?.id), 'handler');
    }
    await check(handler, 'stage 2 acknowledgement by the stage 1 handler under another name refused (Code 6.13)');
    // The case is unchanged.
    assert.equal((await handler.goto(caseUrl)).status(), 200);
    assert.equal(await summary(handler, 'Status'), 'Awaiting acknowledgement');
    await signOut(handler);
    await check(handler, 'signed out');

    // Stage 2 by someone else: the senior lead, signed in, takes it through to closing.
    assert.equal((await senior.goto(caseUrl)).status(), 200);
    await check(senior, 'case page, stage 2 (senior lead)');
    await clickLink(senior, 'Acknowledge and define the complaint');
    await senior.getByLabel('Complaint handler').selectOption({ label: seniorName });
    await senior.getByLabel('Points of complaint').fill('The stage 1 response did not fix the boiler');
    await senior.getByLabel('Outcomes the resident seeks').fill('A new boiler');
    await senior.getByLabel('What the landlord is responsible for').fill('Repairs to the heating');
    await submitOk(senior, 'Acknowledge', caseUrl);
    assert.equal(await summary(senior, 'Status'), 'Investigating');
    assert.equal(await summary(senior, 'Handler'), seniorName);
    await respond(senior, { clickLink, submit, submitOk, check, caseUrl, javaScript });
    assert.equal(await summary(senior, 'Status'), 'Responded');
    await clickLink(senior, 'Close the complaint');
    await senior.getByLabel('Root cause').fill('An ageing boiler and missed repair appointments.');
    await senior.getByLabel('A service improvement is needed').check();
    await senior.getByLabel('Improvement actions').fill('Review boiler replacement schedule');
    await submitOk(senior, 'Close', caseUrl);
    assert.equal(await summary(senior, 'Status'), 'Closed');
    assert.equal(status(senior), 200);
    // The case page is the file: both stages' points, how stage 2 was asked for, the
    // decisions and the closure's learning are all still there at the end.
    const file = await senior.locator('main').textContent();
    for (const text of [
      'The boiler keeps failing',
      'Repairs were not kept',
      'The stage 1 response did not fix the boiler',
      'How they asked',
      'Partly upheld',
      'An ageing boiler and missed repair appointments.',
      'Review boiler replacement schedule',
    ]) {
      assert.ok(file.includes(text), `the case page shows "${text}" at the end`);
    }
    await check(senior, 'case page, closed: the whole file');
  } finally {
    for (const context of contexts) await context.close();
  }
}

/**
 * Issues the stage 1 response letter from the case page (issue 11): "Write a letter" links to it,
 * its preview shows the letter, its readability and nothing missing, with a delivery
 * preselected; sent by post, the case page says so in a notification banner and its
 * correspondence shows the letter's files with their SHA-256 and that it waits to be posted.
 */
async function issueLetter(page, { submit, check, caseUrl }) {
  const written = await navigate(page, () => page.locator('#write-a-letter a:text-is("Stage 1 response")').click());
  assert.equal(written.status(), 200, 'the preview of the stage 1 response');
  assert.equal((await page.locator('h1').textContent()).trim(), 'Stage 1 response: preview');
  await check(page, 'letter preview');
  assert.equal(await summary(page, 'Longest sentence').then((s) => /^\d+ words: /.test(s)), true, 'the longest sentence');
  assert.match(await summary(page, 'Flesch reading ease'), /^-?\d+\.\d/, 'the reading ease');
  assert.equal(await page.locator('#missing').count(), 0, 'nothing the Code requires is missing');
  const preselected = await page.locator('input[name="delivery"]:checked').count();
  assert.equal(preselected, 1, 'a delivery is preselected');
  const letter = await page.locator('iframe.app-letter-preview').getAttribute('srcdoc');
  assert.ok(letter.includes('Our decision on this part'), 'the letter is shown');
  await choose(page, 'How should it be sent?', 'By post');
  const sent = await submit(page, 'Send the letter');
  assert.equal(sent.status(), 200);
  const url = new URL(page.url());
  assert.equal(`${url.origin}${url.pathname}`, caseUrl, 'sending returns to the case');
  const banner = (await page.locator('.govuk-notification-banner').textContent()).replace(/\s+/g, ' ');
  assert.match(banner, /Stage 1 response issued/);
  const row = page.locator('table.govuk-table tbody tr').filter({ hasText: 'Stage 1 response:' });
  assert.equal(await row.count(), 1, 'the letter is in the correspondence');
  const text = (await row.textContent()).replace(/\s+/g, ' ');
  assert.match(text, /\.pdf .*SHA-256 [0-9a-f]{64}/, "the PDF with its checksum");
  assert.match(text, /Post: in the print queue, waiting to be posted/, 'how it went');
  await check(page, 'case page after issuing a letter');
}

/**
 * Records the response to the current stage through its task list: partly upheld on every
 * point, no remedy, nothing outstanding, how to escalate (to stage 2, or the Ombudsman's
 * details at stage 2), and the letter with a file attached; each task its own form, saved into
 * the draft, then "Record the response". The letter is first saved without its subject: the
 * error is shown on its field, and the file chosen is kept in the draft all the same.
 */
async function respond(page, { clickLink, submit, submitOk, check, caseUrl, javaScript }) {
  await clickLink(page, 'Record the response');
  const list = page.url();
  /** The task list's status of the task `title`. */
  const statusOf = async (title) => {
    const statusId = await page.getByRole('link', { name: title, exact: true }).getAttribute('aria-describedby');
    return (await page.locator(`#${statusId}`).textContent()).trim();
  };
  /** Opens a task from the task list, fills it with `fill`, and saves it. */
  const task = async (title, fill) => {
    await clickLink(page, title);
    await fill();
    const saved = await submit(page, 'Save and continue');
    assert.equal(saved.status(), 200, `saving the task "${title}"`);
    assert.equal(page.url(), list, `saving the task "${title}" returns to the task list`);
    await check(page, `task list after "${title}"`);
    assert.equal(await statusOf(title), 'Completed', `the task "${title}" is completed`);
  };
  await task('Decide the complaint and each point', async () => {
    await choose(page, 'Decision on the complaint', 'Partly upheld');
    const points = await page
      .locator('legend')
      .evaluateAll((legends) => legends.map((l) => l.textContent.trim()).filter((t) => t.startsWith('Decision on point ')));
    assert.ok(points.length > 0, 'the response asks for a decision on each point');
    for (const legend of points) {
      await choose(page, legend, 'Partly upheld');
      await page.getByLabel(`Reasons for the ${legend.charAt(0).toLowerCase()}${legend.slice(1)}`).fill('Explained in the letter.');
    }
  });
  await task('Remedies', async () => {
    await choose(page, 'Is a remedy offered?', 'No remedy');
    await page.getByLabel('Why no remedy is offered').fill('The repair has been completed.');
  });
  await task('Outstanding actions', async () => {
    await choose(page, 'Are any actions outstanding?', 'No, nothing is outstanding');
  });
  await task('How to escalate', async () => {
    // Stage 1: the route to stage 2, who to contact prefilled from settings (Code 6.9 g).
    // Stage 2: nothing to fill; the Ombudsman's details from settings are shown (Code 6.19 g).
    if ((await page.getByLabel('Who to contact').count()) > 0) {
      await page.getByLabel('How to contact them').fill('Write to us at the address above.');
      await page.getByLabel('Within what time').fill('Within 20 working days of this response');
    } else {
      assert.ok(await page.getByText('Telephone: 0300 111 3000').isVisible(), "the Ombudsman's details are shown");
    }
  });
  // The letter: saved with a file but no subject, an error on the subject's field; the file
  // stays in the draft.
  await clickLink(page, 'The letter and its attachments');
  await page.getByLabel('How the letter was sent').selectOption({ label: 'Email' });
  await page.getByLabel('Subject').fill('');
  await page.getByLabel('Attach files').setInputFiles({
    name: 'response-letter.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Dear resident, this is our response.'),
  });
  const refused = await submit(page, 'Save and continue');
  assert.equal(refused.status(), 400, 'a letter without a subject is refused');
  await expectErrorSummary(page, { javaScript, says: /^Enter the subject of the letter$/ });
  assert.ok(await page.getByText('response-letter.txt', { exact: false }).first().isVisible(), 'the file is kept');
  await check(page, 'the letter with an error, its file kept');
  await page.getByLabel('Subject').fill('Your complaint: our response');
  assert.equal((await submit(page, 'Save and continue')).status(), 200);
  assert.equal(page.url(), list);
  assert.equal(await statusOf('The letter and its attachments'), 'Completed');
  await submitOk(page, 'Record the response', caseUrl);
}

/**
 * The GOV.UK error summary: shown, saying `says`, and (with JavaScript) focused, as GOV.UK
 * Frontend does so that screen readers announce it; the title starts "Error: ".
 */
export async function expectErrorSummary(page, { javaScript, says }) {
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.ok(await summary.isVisible(), 'the error summary is visible');
  assert.equal((await summary.locator('h2').textContent()).trim(), 'There is a problem');
  const messages = (await summary.locator('li').allTextContents()).map((t) => t.trim());
  assert.ok(
    messages.some((m) => says.test(m)),
    `the error summary says ${says}: ${JSON.stringify(messages)}`,
  );
  assert.match(await page.title(), /^Error: /);
  // Every link in the summary goes to a field on the page.
  for (const href of await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    assert.match(href, /^#./);
    assert.equal(await page.locator(href).count(), 1, `the error summary links to ${href}, which is on the page`);
  }
  if (javaScript) {
    assert.ok(
      await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
      'the error summary has the focus',
    );
  } else {
    // Without JavaScript it is the first thing in the main content's column.
    const first = await page.evaluate(() =>
      document.querySelector('main .govuk-grid-column-two-thirds > *:not(.govuk-back-link)')?.className,
    );
    assert.match(first ?? '', /govuk-error-summary/);
  }
}
