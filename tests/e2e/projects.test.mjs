// Madani in the browser, projects and the shared calendar (issue #14): an officer creates a project
// from the association's page, gives it two milestones and an activity this month; a member finds
// the network's calendar, filters it and reads the feed's address to subscribe to (an iCalendar file
// holding the activity); in Arabic on a 360 px phone the month grid starts on Saturday, right to
// left, fits the screen and shows the activity in the cell of its day; the member registers. Then
// the officer removes a funder and a partner row in the editor, changes an indicator and removes a
// value reported by mistake; a visitor downloads the association's projects as IATI XML and JSON;
// the observatory reads the indicators rolled up (a member has no link to them, and is refused);
// and the officer gives the project a cover, shown on its page and its cards.
// Run: `node --test tests/e2e/projects.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  accessToken,
  associationBody,
  authed,
  createAssociation,
  createVerifiedUser,
  dayThisMonth,
  verifyAssociation,
} from './lib/api.mjs';
import { formatViolations, nextFrames, runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { tinyPng } from './lib/media.mjs';
import {
  assertNoAppErrors,
  assertText,
  logIn,
  NARROW,
  toastText,
  waitForNewToast,
  waitForPath,
  WIDE,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

browserSuite('projects', () => {
  let officer;
  let member;
  let association;
  let project;
  let activity;
  const day = dayThisMonth(14);

  test('an officer creates a project with two milestones and an activity', { timeout: 180_000 }, async (t) => {
    officer = await createVerifiedUser(server, { tag: 'proj-officer', lang: 'fr', displayName: 'Nadia Officer' });
    // Staff too, to verify the association (as an operator would make them).
    server.cli(['admin', 'create', '--email', officer.email]);
    association = (
      await createAssociation(server, officer, associationBody({ ar: 'جمعية الأمل', fr: "Association L'Espoir" }, '06/2024/8101'))
    ).id;
    await verifyAssociation(server, officer, association);

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/associations/${association}`);
      await page.locator('#association-projects #new-project').click();
      await page.waitForURL((u) => u.pathname === '/projects/new', { timeout: 15_000 });

      // A submit without a title: the error summary names it.
      await page.locator('#project-form button[type="submit"]').click();
      await page.locator('.error-summary a').first().waitFor({ timeout: 15_000 });

      await page.locator('#project-title-input-fr').fill('Les jardins partagés');
      await page.locator('#project-summary-input-fr').fill('Des jardins dans trois quartiers de Béjaïa.');
      await page.locator('#project-status').selectOption('implementation');
      await page.locator('#project-wilayas > summary').click();
      await page.locator('#project-wilaya-06').check();
      await page.locator('#project-fields-environment').check();
      await page.locator('#project-budget').fill('1200000');
      await page.locator('#funder-add').click();
      await page.locator('#funder-0-name').fill('Fondation Verte');
      await page.locator('#funder-0-amount').fill('800000');
      await page.locator('#project-planned-start').fill(`${day.slice(0, 4)}-01-01`);
      await page.locator('#project-planned-end').fill(`${day.slice(0, 4)}-12-31`);
      await page.locator('#project-form button[type="submit"]').click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout: 15_000 });
      project = new URL(page.url()).pathname.split('/')[2];
      await page.locator('#project-title').filter({ hasText: 'Les jardins partagés' }).waitFor();
      assert.match(await page.locator('#project-budget').innerText(), /1\s?200\s?000\sDZD/);

      // Two milestones, the first done.
      for (const [title, due, done] of [
        ['Choix des parcelles', `${day.slice(0, 4)}-02-01`, `${day.slice(0, 4)}-02-10`],
        ['Première récolte', `${Number(day.slice(0, 4)) + 1}-06-01`, ''],
      ]) {
        await page.locator('#milestone-add').click();
        await page.locator('#milestone-title-fr').fill(title);
        await page.locator('#milestone-due').fill(due);
        if (done) await page.locator('#milestone-done').fill(done);
        const before = await toastText(page);
        await page.locator('#milestone-form button[type="submit"]').click();
        await waitForNewToast(page, before);
        await page.locator('#milestone-list li', { hasText: title }).waitFor({ timeout: 15_000 });
      }
      assert.equal(await page.locator('#milestone-list li').count(), 2);
      assert.equal(await page.locator('#milestone-list li[data-state="done"]').count(), 1);

      // An activity this month, 10:00 to 12:00 in Algiers, with 20 places.
      await page.locator('#activity-add').click();
      await page.locator('#activity-title-fr').fill('Atelier compost');
      await page.locator('#activity-start').fill(`${day}T10:00`);
      await page.locator('#activity-end').fill(`${day}T12:00`);
      await page.locator('#activity-address').fill('Jardin du 1er-Novembre');
      await page.locator('#activity-capacity').fill('20');
      await page.locator('#activity-form button[type="submit"]').click();
      const item = page.locator('#activity-list li', { hasText: 'Atelier compost' });
      await item.waitFor({ timeout: 15_000 });
      assert.equal(await item.getAttribute('data-date'), day);
      activity = await item.getAttribute('data-activity');
      await screenshot(page, 'fr-1280-project-created');
      assertNoAppErrors(problems);
    });
  });

  test('a member subscribes to the network calendar: the feed address follows the filters', { timeout: 120_000 }, async (t) => {
    member = await createVerifiedUser(server, { tag: 'proj-member', lang: 'fr', displayName: 'Karim Member' });
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/projects');
      await page.locator('#projects-results a', { hasText: 'Les jardins partagés' }).waitFor({ timeout: 15_000 });
      await page.locator('#site-menu a[href="/calendar"]').click();
      await page.waitForURL((u) => u.pathname === '/calendar', { timeout: 15_000 });
      await page.locator(`#calendar-grid a[data-activity="${activity}"]`).waitFor({ timeout: 15_000 });

      const feed = page.locator('#feed-input');
      assert.equal(await feed.inputValue(), `${server.base}/api/v1/calendar.ics`);
      await page.locator('#calendar-association').selectOption(association);
      await page.waitForFunction(
        (want) => document.querySelector('#feed-input')?.value === want,
        `${server.base}/api/v1/calendar.ics?association=${association}`,
        { timeout: 15_000 },
      );
      assert.match(await page.locator('#feed-open').getAttribute('href'), /^webcal:\/\//);
      await page.locator('#calendar-subscribe').getByText('calendar.google.com').waitFor();
      await screenshot(page, 'fr-1280-calendar-subscribe');

      // What a phone's calendar fetches at that address: an iCalendar file with the activity.
      const res = await fetch(await feed.inputValue());
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
      const ics = await res.text();
      assert.match(ics, /BEGIN:VCALENDAR/);
      assert.match(ics, new RegExp(`UID:activity-${activity}@`));
      assertNoAppErrors(problems);
    });
  });

  test('in Arabic on a 360 px phone the month grid starts on Saturday, right to left, and shows the activity on its day; the member registers', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/calendar');
      await waitForSettled(page);
      const link = page.locator(`#calendar-grid a[data-activity="${activity}"]`);
      await link.waitFor({ timeout: 15_000 });
      const grid = await page.evaluate((id) => {
        const a = document.querySelector(`#calendar-grid a[data-activity="${id}"]`);
        const firstRow = [...document.querySelectorAll('#calendar-grid tbody tr:first-child td')];
        const heads = [...document.querySelectorAll('#calendar-grid thead th')];
        return {
          cell: a.closest('td').dataset.date,
          label: a.innerText.trim(),
          first: firstRow[0].dataset.date,
          firstX: firstRow[0].getBoundingClientRect().x,
          lastX: firstRow[6].getBoundingClientRect().x,
          head: heads[0].innerText.trim(),
          dir: document.documentElement.dir,
          scrollWidth: document.documentElement.scrollWidth,
          month: document.querySelector('#calendar-month').innerText,
        };
      }, activity);
      assert.equal(grid.dir, 'rtl');
      assert.equal(grid.cell, day, 'the activity sits in the cell of its day');
      assert.equal(new Date(`${grid.first}T12:00:00Z`).getUTCDay(), 6, 'the weeks start on Saturday');
      assert.match(grid.head, /السبت/, `the first column is Saturday (السبت): ${grid.head}`);
      assert.ok(grid.firstX > grid.lastX, 'the first day of the week is on the right');
      assert.match(grid.label, /^10:00/, `the cell shows the activity's time: ${grid.label}`);
      assert.ok(grid.scrollWidth <= 360, `the page fits 360 px (${grid.scrollWidth})`);
      assert.match(grid.month, /[\u0600-\u06FF]/, 'the month is named in Arabic');
      await screenshot(page, 'ar-360-calendar-month');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations('ar /calendar at 360 px', violations));

      // The agenda lists it under its day.
      await page.locator('#view-agenda').click();
      await page.locator(`#calendar-agenda section[data-date="${day}"] a[href="/activities/${activity}"]`).waitFor();
      await screenshot(page, 'ar-360-calendar-agenda');

      // The activity's page: registering.
      await page.goto(`/activities/${activity}`);
      await page.locator('#registration-button').click();
      await page.locator('#my-registration').filter({ hasText: /مسجَّل|تمّ/ }).waitFor({ timeout: 15_000 });
      await screenshot(page, 'ar-360-activity-registered');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 360, `the activity page fits 360 px (${scroll})`);
      assertNoAppErrors(problems);
    });
  });

  test('the officer removes a funder row and a partner row: the others keep what was typed in them', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/projects/${project}/edit`);
      await page.locator('#funder-0-name').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#funder-0-name').inputValue(), 'Fondation Verte');
      await page.locator('#funder-add').click();
      await page.locator('#funder-add').click();
      await page.locator('#funder-1-name').fill('Banque saisie par erreur');
      await page.locator('#funder-2-name').fill('Fonds régional');
      await page.locator('#funder-2-amount').fill('150000');

      // Each row's button names its row; the second one goes, the third moves up with its values.
      const remove = page.getByRole('button', { name: 'Supprimer le financeur 2', exact: true });
      assert.equal(await remove.getAttribute('id'), 'funder-1-remove');
      await remove.click();
      assert.equal(await page.locator('#project-funders .project-row').count(), 2);
      assert.equal(await page.locator('#funder-0-name').inputValue(), 'Fondation Verte');
      assert.equal(await page.locator('#funder-1-name').inputValue(), 'Fonds régional');
      assert.equal(await page.locator('#funder-1-amount').inputValue(), '150000');
      await page.waitForFunction(() => document.activeElement?.id === 'funder-add', null, { timeout: 5_000 });

      // Two partner rows; the first goes, the second (its role) moves up.
      await page.locator('#partner-add').click();
      await page.locator('#partner-add').click();
      await page.locator('#partner-1-role').selectOption('funding');
      await page.getByRole('button', { name: 'Supprimer le partenaire 1', exact: true }).click();
      assert.equal(await page.locator('#project-partners .project-row').count(), 1);
      assert.equal(await page.locator('#partner-0-role').inputValue(), 'funding');
      await page.locator('#partner-0-remove').click();
      assert.equal(await page.locator('#project-partners .project-row').count(), 0);
      await screenshot(page, 'fr-1280-project-rows-removed');

      await page.locator('#project-form button[type="submit"]').click();
      await waitForPath(page, `/projects/${project}`);
      await page.locator('#project-title').waitFor({ timeout: 15_000 });
      const funders = page.locator('ul#project-funders');
      await funders.waitFor({ timeout: 15_000 });
      const listed = await funders.innerText();
      assert.match(listed, /Fondation Verte/);
      assert.match(listed, /Fonds régional/);
      assert.doesNotMatch(listed, /saisie par erreur/);
      assert.equal(await page.locator('#project-partners').count(), 0, 'no partner was kept');
      assertNoAppErrors(problems);
    });
  });

  test('the officer changes an indicator and removes a value reported by mistake, once confirmed', { timeout: 120_000 }, async (t) => {
    const year = day.slice(0, 4);
    const token = await accessToken(server, officer);
    const indicator = await authed(server, token, 'POST', `/api/v1/projects/${project}/indicators`, {
      result_kind: 'output',
      result_title: { fr: 'Des jeunes formés au jardinage' },
      title: { fr: 'Jeunes formés' },
      measure: 'unit',
      unit: 'jeunes',
      periods: [{ start: `${year}-01-01`, end: `${year}-12-31`, target: 40 }],
    });
    const base = `/api/v1/projects/${project}/indicators/${indicator.id}/actuals`;
    await authed(server, token, 'POST', base, { value: 12, measured_on: `${year}-03-01`, wilaya: '06' });
    await authed(server, token, 'POST', base, { value: 99, measured_on: `${year}-04-01`, comment: 'Saisie en double' });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/projects/${project}`);
      const card = page.locator(`#indicator-${indicator.id}`);
      await card.waitFor({ timeout: 15_000 });

      // The form opens filled in with the indicator.
      await page.locator(`#indicator-${indicator.id}-edit`).click();
      const form = page.locator('#indicator-form');
      await form.waitFor({ timeout: 15_000 });
      await assertText(form.locator('h3'), "Modifier l'indicateur");
      assert.equal(await page.locator('#indicator-title-fr').inputValue(), 'Jeunes formés');
      assert.equal(await page.locator('#indicator-unit').inputValue(), 'jeunes');
      assert.equal(await page.locator('#period-0-target').inputValue(), '40');
      await page.locator('#indicator-title-fr').fill('Jeunes formés au compostage');
      await page.locator('#period-0-target').fill('50');
      let before = await toastText(page);
      await form.locator('button[type="submit"]').click();
      await waitForNewToast(page, before);
      await assertText(page.locator(`#indicator-${indicator.id}-title`), 'Jeunes formés au compostage');
      await assertText(page.locator(`#indicator-${indicator.id}-table tbody td`).first(), '50 jeunes');

      // The values reported, newest first; removing one asks first.
      await page.locator(`#indicator-${indicator.id}-actuals > summary`).click();
      const values = page.locator(`#indicator-${indicator.id}-actuals li`);
      assert.equal(await values.count(), 2);
      assert.match(await values.first().innerText(), /99 jeunes[\s\S]*Saisie en double/);
      await page.getByRole('button', { name: /^Supprimer 99 jeunes/ }).click();
      const dialog = page.locator('dialog[open]');
      await assertText(dialog.locator('h2'), 'Supprimer cette valeur');
      before = await toastText(page);
      await dialog.locator('.btn--danger').click();
      await waitForNewToast(page, before);
      await page.locator(`#indicator-${indicator.id}-actuals > summary`).filter({ hasText: '(1)' }).waitFor({ timeout: 15_000 });
      await assertText(page.locator(`#indicator-${indicator.id}-table tbody td`).nth(1), '12 jeunes');
      await screenshot(page, 'fr-1280-indicator-edited');

      // What the server kept: the new title and target, one value left.
      const [saved] = await authed(server, token, 'GET', `/api/v1/projects/${project}/indicators`);
      assert.equal(saved.title.fr, 'Jeunes formés au compostage');
      assert.equal(saved.periods[0].target, 50);
      assert.deepEqual(saved.actuals.map((a) => a.value), [12]);
      assertNoAppErrors(problems);
    });
  });

  test("a visitor downloads the association's public projects as IATI XML and JSON", { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto(`/associations/${association}`);
      const xml = page.locator('#project-iati #iati-xml');
      await xml.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#project-iati'), "Initiative internationale pour la transparence de l'aide");
      assert.equal(await xml.getAttribute('download'), '');
      const xmlHref = await xml.getAttribute('href');
      assert.equal(xmlHref, `/api/v1/associations/${association}/projects/iati.xml`);
      const jsonHref = await page.locator('#project-iati #iati-json').getAttribute('href');
      assert.equal(jsonHref, `/api/v1/associations/${association}/projects/iati.json`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 360, `the association page fits 360 px (${scroll})`);

      // What the links answer, without an account.
      let res = await fetch(`${server.base}${xmlHref}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /xml/);
      const body = await res.text();
      assert.match(body, /<iati-activities[^>]*version="2\.03"/);
      assert.match(body, new RegExp(`<iati-identifier>[^<]*${project}</iati-identifier>`));
      assert.match(body, /Les jardins partagés/);
      res = await fetch(`${server.base}${jsonHref}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /json/);
      assert.match(JSON.stringify(await res.json()), /Les jardins partagés/);
      assertNoAppErrors(problems);
    });
  });

  test('the observatory reads the indicators rolled up by field and wilaya; a member has no link to them and is refused', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto('/staff/verification');
      await page.locator('nav.tabs a[href="/indicators"]').click();
      await waitForPath(page, '/indicators');
      await assertText(page.locator('h1'), 'Indicateurs de tous les projets');
      const row = page.locator('#rollup section[data-field="environment"] tr[data-wilaya="06"]');
      await row.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#rollup section[data-field="environment"] h2'), 'Environnement');
      const cells = await row.locator('th, td').allInnerTexts();
      assert.match(cells[0], /06|Béjaïa|Bejaia/);
      assert.deepEqual(cells.slice(1).map((c) => c.trim()), ['Réalisation', '1', '1', '12 jeunes', '50 jeunes']);
      await screenshot(page, 'fr-1280-indicator-rollup');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations('fr /indicators', violations));
      // The projects page links to it for them.
      await page.goto('/projects');
      await page.locator('#open-rollup').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/projects');
      await page.locator('#projects-results a', { hasText: 'Les jardins partagés' }).waitFor({ timeout: 15_000 });
      await waitForSettled(page);
      assert.equal(await page.locator('#open-rollup').count(), 0, 'no link on the projects page');
      assert.equal(await page.locator('#site-menu a[href="/indicators"], #site-menu a[href^="/staff"]').count(), 0, 'no staff link in the menu');
      await page.goto('/indicators');
      await assertText(page.locator('[role="alert"]'), "Seul le personnel de l'institution peut faire cela.");
      assert.equal(await page.locator('#rollup').count(), 0);
      assertNoAppErrors(problems);
    });
  });

  test('the officer gives the project a cover on its edit page: decorative on its page and its cards', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/projects/${project}/edit`);
      const input = page.locator('#cover-file');
      await input.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#cover-file-picker'), 'le projet est présenté sans image');

      // Not a picture: refused under the input. Then a PNG: its preview.
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
      await assertText(page.locator('#cover-file-error'), 'Choisissez une image PNG, JPEG ou WebP.');
      let before = await toastText(page);
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: tinyPng() });
      await waitForNewToast(page, before);
      await page.waitForFunction(() => {
        const img = document.querySelector('#cover-file-preview');
        return img && img.complete && img.naturalWidth === 8;
      }, null, { timeout: 15_000 });
      assert.equal(await page.locator('#cover-file-error').count(), 0, 'the error is gone');

      // The project's page: the cover beside its title, decorative.
      await page.goto(`/projects/${project}`);
      const hero = page.locator('#project-cover');
      await hero.waitFor({ timeout: 15_000 });
      assert.equal(await hero.getAttribute('alt'), '');
      await page.waitForFunction(() => document.querySelector('#project-cover')?.naturalWidth === 8, null, { timeout: 15_000 });
      await screenshot(page, 'fr-1280-project-cover');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 360, `the project page fits 360 px (${scroll})`);
      await page.setViewportSize(WIDE);

      // Its cards: on the association's page and in /projects, sized before they load, lazily.
      for (const [path, list] of [[`/associations/${association}`, '#association-projects'], ['/projects', '#projects-results']]) {
        await page.goto(path);
        const cover = page.locator(`${list} article[data-project="${project}"] img.course-cover`);
        await cover.waitFor({ timeout: 15_000 });
        assert.equal(await cover.getAttribute('alt'), '');
        assert.equal(await cover.getAttribute('loading'), 'lazy');
        assert.deepEqual([await cover.getAttribute('width'), await cover.getAttribute('height')], ['640', '320']);
      }

      // Removed again: the page says so, and the project's page shows none.
      await page.goto(`/projects/${project}/edit`);
      before = await toastText(page);
      await page.locator('#cover-file-remove').click();
      await waitForNewToast(page, before);
      await assertText(page.locator('#cover-file-picker'), 'le projet est présenté sans image');
      await page.goto(`/projects/${project}`);
      await page.locator('#project-title').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#project-cover').count(), 0);
      assertNoAppErrors(problems);
    });
  });
});
