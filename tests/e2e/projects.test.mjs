// Madani in the browser, projects and the shared calendar (issue #14): an officer creates a project
// from the association's page, gives it two milestones and an activity this month; a member finds
// the network's calendar, filters it and reads the feed's address to subscribe to (an iCalendar file
// holding the activity); in Arabic on a 360 px phone the month grid starts on Saturday, right to
// left, fits the screen and shows the activity in the cell of its day; the member registers.
// Run: `node --test tests/e2e/projects.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { associationBody, createAssociation, createVerifiedUser, dayThisMonth, verifyAssociation } from './lib/api.mjs';
import { formatViolations, runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { assertNoAppErrors, logIn, NARROW, toastText, waitForNewToast, WIDE, withPage } from './lib/page.mjs';
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
});
