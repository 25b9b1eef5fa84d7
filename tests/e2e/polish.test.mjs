// Madani in the browser, the small things a new user trips over (issue #11, item 11): the password's
// eye in Arabic, sending the verification email again from "check your inbox", the empty catalog, the
// drafts box only for those who have drafts, toasts that go, the association page's width, the role
// inside its card, no refused refresh on a visitor's page load, the import file's columns on the
// import page, the directory's heading levels.
// Run: `node --test tests/e2e/polish.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  accessToken,
  associationBody,
  createAssociation,
  createDraftCourse,
  createPublishedCourse,
  createVerifiedUser,
  newCredentials,
} from './lib/api.mjs';
import { runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { listEmails, waitForEmailLink } from './lib/outbox.mjs';
import {
  assertNoAppErrors,
  assertText,
  logIn,
  NARROW,
  submitOf,
  toastText,
  unlessFieldError,
  waitForNewToast,
  WIDE,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

async function staffUser(tag, lang) {
  const user = await createVerifiedUser(server, { tag, lang, displayName: 'Samira Staff' });
  server.cli(['admin', 'create', '--email', user.email]);
  return user;
}

/** The toasts' text, trimmed ('' when none is shown). */
async function toasts(page) {
  return (await toastText(page)).replace(/×/g, '').trim();
}

browserSuite('first-hour polish', () => {
  // First: the catalog is empty only before any course exists.
  test('11. an empty catalog with no filter says there is no course yet; with a search, that none matches', { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/courses');
      await waitForSettled(page);
      await assertText(page.locator('main .empty'), 'Aucune formation pour l');
      assert.doesNotMatch(await page.locator('main .empty').innerText(), /filtres/);
      await page.locator('#catalog-q').fill('cuisine');
      await assertText(page.locator('main .empty'), 'ne correspond encore à ces filtres');
      await page.locator('#catalog-q').fill('');
      await assertText(page.locator('main .empty'), 'Aucune formation pour l');
      assertNoAppErrors(problems);
    });
  });

  test('11. a visitor\'s page loads ask nothing that is refused (no 401), nor after signing out', { timeout: 90_000 }, async (t) => {
    const user = await createVerifiedUser(server, { tag: 'no401', lang: 'en' });
    await withPage(t, { lang: 'en' }, async ({ page, problems }) => {
      const refused = [];
      page.on('response', (r) => {
        if (r.status() === 401) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      for (const path of ['/', '/associations', '/courses', '/verify']) {
        await page.goto(path);
        await waitForSettled(page);
      }
      assert.deepEqual(refused, [], 'a visitor\'s page loads got 401 answers');

      // Signed in, the session survives a reload (the marker is there); signed out, nothing is refused.
      await logIn(page, user.email, user.password);
      assert.equal(await page.evaluate(() => localStorage.getItem('madani.session')), '1');
      await page.reload();
      await page.locator('#account-menu-button').waitFor({ state: 'visible' });
      await page.locator('#account-menu-button').click();
      await page.locator('#logout').click();
      await page.locator('#account-menu-button').waitFor({ state: 'hidden' });
      assert.equal(await page.evaluate(() => localStorage.getItem('madani.session')), null);
      refused.length = 0;
      await page.reload();
      await waitForSettled(page);
      assert.deepEqual(refused, [], 'a page load after signing out got 401 answers');
      assertNoAppErrors(problems);
    });
  });

  test('11. the password\'s eye does not cover the dots in Arabic at 360 px', { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/login');
      await page.locator('#password').fill('كلمة سر طويلة 123');
      const layout = await page.evaluate(() => {
        const input = document.querySelector('#password');
        const toggle = input.parentElement.querySelector('.password-field__toggle');
        const r = input.getBoundingClientRect();
        const s = getComputedStyle(input);
        const t = toggle.getBoundingClientRect();
        return {
          text: [r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft), r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight)],
          toggle: [t.left, t.right],
        };
      });
      const [textLeft, textRight] = layout.text;
      const [toggleLeft, toggleRight] = layout.toggle;
      assert.ok(toggleRight <= textLeft + 0.5 || toggleLeft >= textRight - 0.5, `the eye overlaps the text: ${JSON.stringify(layout)}`);
      assert.ok(toggleLeft < textLeft, 'in Arabic the eye is on the left, at the end of the line');
      await screenshot(page, 'ar-360-password-eye');
      assertNoAppErrors(problems);
    });
  });

  test('11. "check your inbox" sends the verification email again, without signing in', { timeout: 90_000 }, async (t) => {
    const { email, password } = newCredentials('resend');
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/register');
      await page.locator('#display_name').fill('Nour');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await submitOf(page, '#display_name').click();
      const first = await unlessFieldError(page, waitForEmailLink(server.outboxDir, email, '/verify-email'));
      const resend = page.locator('#resend-verification');
      await resend.waitFor({ state: 'visible' });
      await screenshot(page, 'ar-360-register-done');
      const before = await toastText(page);
      await resend.click();
      assert.match(await waitForNewToast(page, before), /رابط تأكيد جديد/);
      const second = await waitForEmailLink(server.outboxDir, email, '/verify-email', { notIn: [first] });
      assert.notEqual(second, first);
      assert.equal(listEmails(server.outboxDir).filter((e) => e.to.includes(email)).length, 2);
      // The short session it opened is closed: the reader is not signed in, and the account has
      // only the session a new login opens.
      assert.equal(await page.locator('#account-menu-button').count(), 0);
      const token = await accessToken(server, { email, password });
      const sessions = await fetch(`${server.base}/api/v1/me/sessions`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await sessions.json()).length, 1, 'no session left open by sending the email again');
      assertNoAppErrors(problems);
    });
  });

  test('11. the drafts box is for staff and trainers with drafts, not for learners', { timeout: 90_000 }, async (t) => {
    const staff = await staffUser('drafts-staff', 'fr');
    const learner = await createVerifiedUser(server, { tag: 'drafts-learner', lang: 'fr' });
    const trainer = await createVerifiedUser(server, { tag: 'drafts-trainer', lang: 'fr' });
    await createPublishedCourse(server, staff);
    await createDraftCourse(server, staff, { trainers: [trainer.id] });
    for (const [who, sees] of [[learner, false], [staff, true], [trainer, true]]) {
      await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
        await logIn(page, who.email, who.password);
        await page.goto('/courses');
        await waitForSettled(page);
        await page.locator('#catalog-results .card').first().waitFor();
        if (sees) await page.locator('#filter-mine').waitFor({ state: 'visible' });
        else {
          // Long enough for the question about drafts to come back.
          await page.waitForLoadState('networkidle');
          assert.equal(await page.locator('#filter-mine').count(), 0, 'a learner sees no drafts box');
        }
        assertNoAppErrors(problems);
      });
    }
  });

  test('11. toasts go by themselves, an error later and by its close button, and none follows to another page', { timeout: 90_000 }, async (t) => {
    const staff = await staffUser('toasts', 'en');
    await withPage(t, { lang: 'en' }, async ({ page, problems }) => {
      await logIn(page, staff.email, staff.password);
      await page.goto('/account');
      await waitForSettled(page);
      // A success goes after a few seconds.
      let before = await toastText(page);
      await submitOf(page, '#display_name').click();
      await waitForNewToast(page, before);
      await page.waitForFunction(() => !document.querySelector('.toasts').innerText.replace('×', '').trim(), null, { timeout: 9_000 });

      // One shown, then another page: it is gone at once.
      before = await toastText(page);
      await submitOf(page, '#display_name').click();
      await waitForNewToast(page, before);
      await page.waitForTimeout(1_500);
      await page.locator('nav a[href="/courses"]').click();
      await page.locator('#catalog-q').waitFor();
      await page.waitForFunction(() => !document.querySelector('.toasts').innerText.replace('×', '').trim(), null, { timeout: 1_500 });

      // An error stays longer than a success, until its close button. (A write that is not a form's
      // tells its failure in a toast: following an association, with the link cut.)
      const association = await createAssociation(server, staff, associationBody({ fr: 'Association Toast' }, '06/2024/8802'));
      await page.route('**/api/v1/associations/*/follow', (route) =>
        route.request().method() === 'PUT' ? route.abort() : route.continue(),
      );
      await page.goto(`/associations/${association.id}`);
      await waitForSettled(page);
      await page.locator('#follow-button').click();
      await waitForNewToast(page, '');
      await page.waitForTimeout(6_500);
      assert.notEqual(await toasts(page), '', 'an error is still shown after a success would have gone');
      await page.locator('.toast--error .toast__close').click();
      assert.equal(await toasts(page), '');
      assertNoAppErrors(problems);
    });
  });

  test('11. the association page uses the width at 1280 px; the role is inside its card on My associations', { timeout: 90_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'owner', lang: 'fr', displayName: 'Karim' });
    const created = await createAssociation(server, owner, associationBody({ fr: 'Les Amis du Livre', ar: 'أصدقاء الكتاب' }, '06/2024/8801'));
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${created.id}`);
      await waitForSettled(page);
      const width = await page.evaluate(() => document.querySelector('main article').getBoundingClientRect().width);
      assert.ok(width > 900, `the association page's column is ${width} px wide at 1280 px`);
      await screenshot(page, 'fr-1280-association-wide');

      await page.goto('/my/associations');
      await waitForSettled(page);
      const placed = await page.evaluate(() => {
        const card = document.querySelector('main article.card');
        const badge = [...document.querySelectorAll('main .badge')].find((b) => /Propriétaire/.test(b.innerText));
        if (!card || !badge) return null;
        const [c, b] = [card.getBoundingClientRect(), badge.getBoundingClientRect()];
        return { inCard: card.contains(badge), inside: b.left >= c.left && b.right <= c.right && b.top >= c.top && b.bottom <= c.bottom };
      });
      assert.deepEqual(placed, { inCard: true, inside: true }, 'the owner badge is inside its card');
      await page.setViewportSize(NARROW);
      await screenshot(page, 'fr-360-my-associations');
      assertNoAppErrors(problems);
    });
  });

  test('11. the directory\'s cards follow the heading levels (axe heading-order)', { timeout: 60_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'headings', lang: 'ar' });
    await createAssociation(server, owner, associationBody({ ar: 'جمعية النور', fr: 'En-Nour' }, '06/2024/8802'));
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/associations');
      await waitForSettled(page);
      await page.locator('#directory-results .card').first().waitFor();
      await runAxe(page); // loads axe-core into the page
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { runOnly: { type: 'rule', values: ['heading-order'] } });
        return result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
      });
      assert.deepEqual(violations, [], 'heading levels skipped');
      await screenshot(page, 'ar-360-directory');
      assertNoAppErrors(problems);
    });
  });

  test('11. the import page shows the file\'s columns, translated, and links to no file of the repository', { timeout: 60_000 }, async (t) => {
    const staff = await staffUser('import-dict', 'ar');
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, staff.email, staff.password);
      await page.goto('/staff/import');
      await waitForSettled(page);
      const table = page.locator('#import-columns-table');
      await table.waitFor();
      const headers = await table.locator('thead th').allInnerTexts();
      assert.deepEqual(headers.map((h) => h.trim()), ['العمود', 'إلزامي', 'المعنى', 'مثال']);
      const rows = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())),
      );
      const columns = rows.flatMap((r) => r[0].split(' '));
      // The importer's columns (api/src/associations/import/parse.rs, KNOWN).
      for (const c of [
        'registration_number', 'name_ar', 'name_fr', 'name_en', 'acronym', 'category', 'fields', 'wilaya_code',
        'commune_id', 'address', 'address_public', 'founded_on', 'size', 'description_ar', 'description_fr',
        'description_en', 'email', 'phone', 'website', 'contacts_public', 'id', 'status', 'created_at',
      ]) {
        assert.ok(columns.includes(c), `the column ${c} is described`);
      }
      const required = rows.filter((r) => r[1] === 'نعم').map((r) => r[0]);
      assert.deepEqual(required, ['registration_number', 'category', 'fields', 'wilaya_code', 'size']);
      await assertText(page.locator('#import-codes-size'), 'very_large');
      assert.equal(await page.locator('main').getByText('data-dictionary').count(), 0, 'no file of the repository named');
      await screenshot(page, 'ar-360-import-columns');
      assertNoAppErrors(problems);
    });
  });
});
