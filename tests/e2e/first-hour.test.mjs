// Madani in the browser, a new user's first hour (issue #11, items 1 and 5–10): notifications that
// name what they are about and a bell that counts them; a pending request that survives a reload;
// an association's place and founding date, and a search by place; a member's own home; a finished
// course that leads to its certificate; an editor told which quiz blocks publishing.
// Run: `node --test tests/e2e/` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  addLesson,
  associationBody,
  completeCourse,
  createAssociation,
  createDraftCourse,
  createPublishedCourse,
  createVerifiedUser,
  verifyAssociation,
} from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { assertNoAppErrors, logIn, NARROW, waitForPath, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

/** The header bell's count, or 0 when it shows none. */
async function bellCount(page) {
  const badge = page.locator('#notification-bell .bell__count');
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

browserSuite('first-hour', () => {
  test('1, 6, 7. a join request reaches the owner, named, with a count; the asker sees it pending after a reload', { timeout: 150_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'owner', lang: 'ar', displayName: 'Owner Lina' });
    const asker = await createVerifiedUser(server, { tag: 'asker', lang: 'fr', displayName: 'Rachid Asker' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جمعية الأفق', fr: 'Association Horizon' }, '06/2024/0901'),
    );
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, asker.email, asker.password);
      await page.goto(`/associations/${association.id}`);
      const join = page.locator('#join-button');
      await join.waitFor();
      assert.equal(await join.isDisabled(), false);
      await join.click();
      await page.locator('#join-pending').waitFor({ timeout: 15_000 });
      // A reload: the server says the request is pending; no second click, no conflict.
      await page.reload();
      await page.locator('#association-name').waitFor();
      await page.locator('#join-pending').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#join-button').isDisabled(), true, 'the button stays off after a reload');
      assert.match(await page.locator('#join-button').textContent(), /Demande envoyée/);
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.waitForFunction(() => document.querySelector('#notification-bell .bell__count')?.textContent === '1', null, {
        timeout: 15_000,
      });
      const label = await page.locator('#notification-bell').getAttribute('title');
      assert.match(label, /1/, 'the bell says how many are unread');
      await page.locator('#notification-bell').click();
      await waitForPath(page, '/my/notifications');
      const item = page.locator('#notifications li', { hasText: 'جمعية الأفق' });
      await item.waitFor({ timeout: 15_000 });
      assert.match(await item.textContent(), /Rachid Asker/, 'it names the member who asks');
      assert.match(await item.textContent(), /يطلب الانضمام/, 'in Arabic');
      await screenshot(page, 'notifications-ar-360');
      // Opened: the count goes.
      await page.waitForFunction(() => !document.querySelector('#notification-bell .bell__count'), null, { timeout: 15_000 });
      assert.equal(await bellCount(page), 0);
      // The link leads to the requests.
      await item.locator('a').click();
      await waitForPath(page, `/associations/${association.id}`);
      await page.locator('#join-requests li', { hasText: 'Rachid Asker' }).waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('6. times in French use the 24-hour clock', { timeout: 90_000 }, async (t) => {
    const member = await createVerifiedUser(server, { tag: 'clock', lang: 'fr', displayName: 'Clock Reader' });
    const other = await createVerifiedUser(server, { tag: 'asker2', lang: 'fr', displayName: 'Other Asker' });
    const association = await createAssociation(server, member, associationBody({ fr: 'Association Horloge' }, '06/2024/0902'));
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, other.email, other.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#join-button').click();
      await page.locator('#join-pending').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/my/notifications');
      const meta = page.locator('#notifications li .list__meta').last();
      await meta.waitFor({ timeout: 15_000 });
      const when = await meta.textContent();
      assert.doesNotMatch(when, /AM|PM/i, `no 12-hour clock: ${when}`);
      assert.match(when, /\d{1,2}:\d{2}/, when);
      assertNoAppErrors(problems);
    });
  });

  test('8, 11. an association shows its commune and founding date; a search for its wilaya finds it; the audit log names it', { timeout: 90_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'place', lang: 'fr', displayName: 'Owner Place' });
    const staff = await createVerifiedUser(server, { tag: 'staff-place', lang: 'fr', displayName: 'Staff Place' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const body = { ...associationBody({ ar: 'جمعية الزيتونة', fr: 'Association Zitouna' }, '06/2024/0903'), founded_on: '1998-03-12' };
    const association = await createAssociation(server, owner, body);
    await verifyAssociation(server, staff, association.id);
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/associations');
      await page.locator('#directory-q').fill('بجاية');
      const result = page.locator(`#directory-results a[href="/associations/${association.id}"]`);
      await result.waitFor({ state: 'visible', timeout: 15_000 });
      await result.click();
      await page.locator('#association-place').waitFor();
      const place = await page.locator('#association-place').textContent();
      assert.match(place, /بجاية/, `the wilaya: ${place}`);
      assert.ok(place.split('،').length >= 2, `the commune before the wilaya: ${place}`);
      assert.match(await page.locator('#association-founded').textContent(), /1998/);
      assertNoAppErrors(problems);
    });
    // 11. The audit log names the association the observatory verified.
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, staff.email, staff.password);
      await page.goto('/staff/audit');
      await page.locator('#audit-log tr', { hasText: 'Association Zitouna' }).waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('9. a visitor sees the areas that exist, each a link; a member lands on their own home', { timeout: 120_000 }, async (t) => {
    const member = await createVerifiedUser(server, { tag: 'home', lang: 'ar', displayName: 'Home Member' });
    const trainer = await createVerifiedUser(server, { tag: 'home-trainer', lang: 'fr', displayName: 'Trainer Home' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const association = await createAssociation(server, member, associationBody({ ar: 'جمعية البيت', fr: 'Association Maison' }, '06/2024/0904'));
    const { course } = await createPublishedCourse(server, trainer, {
      title: { ar: 'أساسيات التسيير', fr: 'Bases de la gestion' },
    });
    await completeCourse(server, member, course, []);
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await page.goto('/');
      await page.locator('.feature').first().waitFor();
      const links = await page.locator('.feature a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['/associations', '/courses', '/verify']);
      assert.equal(await page.locator('.feature', { hasText: /Projets|Consultations/ }).count(), 0, 'no promise of what does not exist');
      await page.locator('.feature a[href="/courses"]').click();
      await waitForPath(page, '/courses');
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/');
      await page.locator('#dashboard').waitFor({ timeout: 20_000 });
      await page.locator(`#dashboard-associations a[href="/associations/${association.id}"]`).waitFor({ timeout: 15_000 });
      await page.locator(`#dashboard-courses a[href="/courses/${course.id}"]`).waitFor({ timeout: 15_000 });
      assert.match(await page.locator('#home-welcome').textContent(), /Home Member/);
      await screenshot(page, 'dashboard-ar-360');
      assertNoAppErrors(problems);
    });
  });

  test('5. a finished course leads to its certificate', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'cert-trainer', lang: 'fr', displayName: 'Trainer Cert' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const learner = await createVerifiedUser(server, { tag: 'cert-learner', lang: 'ar', displayName: 'Learner Cert' });
    const { course, lesson } = await createPublishedCourse(server, trainer, {
      title: { ar: 'كتابة المشاريع', fr: 'Écrire un projet' },
    });
    await completeCourse(server, learner, course, [lesson.id]);
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}`);
      const done = page.locator('#course-certificate');
      await done.waitFor({ timeout: 15_000 });
      await done.locator('a').click();
      await page.waitForURL(/\/certificates\/[0-9a-f-]+$/, { timeout: 15_000 });
      await page.locator('h1').waitFor();
      // And the notification says a certificate was issued, naming the course.
      await page.goto('/my/notifications');
      await page.locator('#notifications li', { hasText: 'كتابة المشاريع' }).waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('10. publishing names the quiz without questions and opens it', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'editor', lang: 'fr', displayName: 'Trainer Editor' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, module } = await createDraftCourse(server, trainer, { title: { fr: 'Cours à publier' } });
    await addLesson(server, trainer, course, module, { title: { fr: 'Quiz final' }, kind: 'quiz', required: true });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await page.locator('#publish-course').click();
      const missing = page.locator('#publish-missing');
      await missing.waitFor({ timeout: 15_000 });
      assert.match(await missing.textContent(), /Quiz final/, 'the quiz is named');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'publish-missing', 'the message takes the focus');
      assert.equal(await page.locator('.toasts', { hasText: /corriger/ }).count(), 0, 'no vague toast');
      await missing.locator('button').click();
      await page.locator('#quiz-editor').waitFor({ timeout: 15_000 });
      assert.match(await page.locator('#course-status').textContent(), /Brouillon/);
      assertNoAppErrors(problems);
    });
  });
});
