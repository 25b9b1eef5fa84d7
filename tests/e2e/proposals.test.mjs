// Madani in the browser, proposals (v.): on the demo's open consultation a member proposes on behalf
// of their association; another member, in Arabic on a 360 px phone, supports it and comments (the
// thread mirrored); the author replies (the reply follows the comment, indented); the observatory
// sends it to a ministry for an answer and answers it publicly, the state joining its history. A
// member reports the comment (it then says "Reported"); the observatory hides it from the
// moderation queue with a reason, and a member who does not moderate sees the placeholder, not the
// text, while the moderators still read it, marked hidden. The observatory's staff define a state of
// their own on the institution's page ("Inscrite au budget 2027", refining "accepted"), answer with
// it, and the public page shows it after the base state; it cannot be removed once used. On last
// year's published results they hide a free-text answer with a reason: marked for them, gone for a
// visitor. The demo accounts play the parts.
// Run: `node --test tests/e2e/proposals.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { api } from './lib/api.mjs';
import { formatViolations, runAxe, screenshot } from './lib/browser.mjs';
import { assertNoAppErrors, assertText, isArabicPage, logIn, NARROW, waitForNewToast, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const STAFF = { email: 'observatoire@madani.test', password: 'demo-observatoire-madani' };
const KARIM = { email: 'karim@madani.test', password: 'demo-karim-madani' };
const AMINA = { email: 'amina@madani.test', password: 'demo-amina-madani' };
const SARAH = { email: 'sarah@madani.test', password: 'demo-sarah-madani' };
const COMMENT = 'نعم، مع شباك في كل دائرة.';
const TITLE = 'Un calendrier des appels à projets publié en janvier';
const STATE_KEY = 'budget_2027';
const STATE_FR = 'Inscrite au budget 2027';

/** The toasts' text now, to wait for a new one. */
function toastsNow(page) {
  return page.evaluate(() => document.querySelector('.toasts')?.innerText ?? '');
}

/** `YYYY-MM-DD`, `days` from today. */
function day(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

browserSuite('proposals', () => {
  let consultation;
  let proposal;
  let comment;
  let reply;
  let observatory;

  test('v. a member proposes, another supports and comments in Arabic on a phone, the author replies', { timeout: 240_000 }, async (t) => {
    server.cli(['seed-demo']);
    const list = await api(server, 'GET', '/api/v1/consultations?phase=open');
    consultation = list.json.items.find((c) => c.title.fr.startsWith('Consultation sur le soutien aux associations 2027'))?.id;
    assert.ok(consultation, 'the demo has its open consultation');

    // Karim proposes, for one of his associations, from the consultation's page.
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/consultations/${consultation}`);
      await page.locator('#see-proposals').click();
      await page.waitForURL(`**/consultations/${consultation}/proposals`);
      // The demo's proposals, most supported first.
      await page.locator('#proposals-results .proposal-card').first().waitFor({ timeout: 15_000 });
      await page.locator('#propose > summary').click();
      await page.locator('#proposal-title').fill(TITLE);
      await page.locator('#proposal-body').fill('Publier chaque année, en janvier, le calendrier de tous les appels à projets.');
      const association = page.locator('#proposal-association');
      await association.locator('option').nth(1).waitFor({ state: 'attached', timeout: 15_000 });
      await association.selectOption({ index: 1 });
      const associationName = (await association.locator('option').nth(1).innerText()).trim();
      await page.locator('#proposal-wilaya option[value="16"]').waitFor({ state: 'attached', timeout: 15_000 });
      await page.locator('#proposal-wilaya').selectOption('16');
      const before = await toastsNow(page);
      await page.locator('#propose-form button[type="submit"]').click();
      await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/, { timeout: 15_000 });
      assert.match(await waitForNewToast(page, before), /proposition est publiée/);
      proposal = new URL(page.url()).pathname.split('/')[2];
      await assertText(page.locator('#proposal-title'), TITLE);
      await assertText(page.locator('#proposal-author'), `pour ${associationName}`);
      await page.locator('#proposal-state [data-state="not_answered"]').waitFor();
      await page.locator('#proposal-edit').waitFor({ state: 'visible' });
      assertNoAppErrors(problems);
    });

    // Amina, in Arabic on a phone: from the list, supports it and comments.
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, AMINA.email, AMINA.password);
      await page.goto(`/consultations/${consultation}/proposals?sort=newest`);
      await isArabicPage(page);
      await page.locator(`#proposals-results a[href="/proposals/${proposal}"]`).click();
      await page.waitForURL(`**/proposals/${proposal}`);
      await assertText(page.locator('#proposal-supports'), 'لا داعمين');
      await page.locator('#proposal-support').click();
      await assertText(page.locator('#proposal-supports'), 'داعم واحد');
      assert.equal(await page.locator('#proposal-support').getAttribute('aria-pressed'), 'true');

      let before = await toastsNow(page);
      await page.locator('#comment-new-body').fill(COMMENT);
      await page.locator('#comment-new-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      const item = page.locator('#comments-list li.comment', { hasText: COMMENT });
      await item.waitFor({ timeout: 15_000 });
      comment = (await item.getAttribute('id')).replace('comment-', '');
      await assertText(page.locator('#comments-title'), 'تعليق واحد');

      // Mirrored: the thread's line on the right, and nothing wider than the phone.
      const layout = await item.evaluate((li) => ({
        right: getComputedStyle(li).borderRightWidth,
        left: getComputedStyle(li).borderLeftWidth,
        wide: document.documentElement.scrollWidth,
      }));
      assert.equal(layout.right, '3px', 'the thread line is on the start side (right) in Arabic');
      assert.equal(layout.left, '0px');
      assert.ok(layout.wide <= NARROW.width, `the page fits the phone (${layout.wide} px wide)`);
      await screenshot(page, 'ar-360-proposal');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('a proposal with its comments, in Arabic on a phone', violations));

      // Pressed again, it withdraws the support.
      await page.locator('#proposal-support').click();
      await assertText(page.locator('#proposal-supports'), 'لا داعمين');
      await page.locator('#proposal-support').click();
      await assertText(page.locator('#proposal-supports'), 'داعم واحد');
      assertNoAppErrors(problems);
    });

    // Karim replies: the reply follows the comment it answers, one level in.
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/proposals/${proposal}`);
      await page.locator(`#comment-${comment}-reply`).click();
      await page.locator(`#comment-${comment}-reply-body`).fill('Merci : une antenne par daïra, oui.');
      await page.locator(`#comment-${comment}-reply-form button[type="submit"]`).click();
      const replied = page.locator('#comments-list li.comment[data-depth="2"]');
      await replied.waitFor({ timeout: 15_000 });
      reply = (await replied.getAttribute('id')).replace('comment-', '');
      const order = await page.locator('#comments-list li.comment').evaluateAll((lis) => lis.map((li) => li.id));
      assert.deepEqual(order, [`comment-${comment}`, `comment-${reply}`], 'the reply follows the comment');
      await assertText(page.locator('#comments-title'), '2 commentaires');
      // A reply may be answered in its turn (the third level, the last).
      assert.equal(await page.locator(`#comment-${reply}-reply`).count(), 1, 'a reply may be answered');
      assertNoAppErrors(problems);
    });
  });

  test('v. the observatory routes it to a ministry and answers publicly with a state of its own: the state joins its history', { timeout: 180_000 }, async (t) => {
    assert.ok(proposal, 'the proposal of the previous test');
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);

      // From the consultation's organisers to the observatory's page: a state of its own.
      await page.goto(`/consultations/${consultation}`);
      await page.locator('#consultation-organisers a', { hasText: 'ONSC' }).click();
      await page.waitForURL(/\/institutions\/[0-9a-f-]{36}$/);
      observatory = new URL(page.url()).pathname.split('/')[2];
      await assertText(page.locator('#institution-title'), 'Observatoire national de la société civile');
      await assertText(page.locator('#institution-kind'), 'Observatoire');
      await page.locator('#staff-list li').first().waitFor({ timeout: 15_000 });
      await assertText(page.locator('#staff-list'), 'observatoire@madani.test');
      await page.locator('#state-define > summary').click();
      // A key that is not one: the form says so, in French.
      await page.locator('#pstate-new-key').fill('Budget 2027');
      await page.locator('#pstate-new-form button[type="submit"]').click();
      await page.locator('#pstate-new-form .error-summary').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#pstate-new-key-error'), 'lettres minuscules');
      await page.locator('#pstate-new-key').fill(STATE_KEY);
      await page.locator('#pstate-new-state').selectOption('accepted');
      await page.locator('#pstate-new-label-fr').fill(STATE_FR);
      await page.locator('#pstate-new-label-tab-ar').click();
      await page.locator('#pstate-new-label-ar').fill('مدرجة في ميزانية 2027');
      await page.locator('#pstate-new-label-tab-en').click();
      await page.locator('#pstate-new-label-en').fill('In the 2027 budget');
      let before = await toastsNow(page);
      await page.locator('#pstate-new-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /état est défini/);
      await assertText(page.locator(`#pstate-${STATE_KEY}`), STATE_FR);
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations("the institution's page", violations));
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/proposals/${proposal}`);
      await page.locator('#proposal-answer-form').waitFor({ timeout: 15_000 });

      // Sent to the ministry, due in a week.
      await page.locator('#route-institution option', { hasText: 'MSNF' }).waitFor({ state: 'attached', timeout: 15_000 });
      await page.locator('#route-institution').selectOption({ label: 'Ministère de la Solidarité nationale et de la Famille (MSNF)' });
      await page.locator('#route-due').fill(day(7));
      let before = await toastsNow(page);
      await page.locator('#proposal-route-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /transmise/);
      await assertText(page.locator('#proposal-routing'), 'Transmise à Ministère de la Solidarité nationale et de la Famille');

      // The answer, published, with the observatory's own state (offered once "accepted" is chosen).
      await page.locator('#answer-state').selectOption('accepted');
      await page.locator(`#answer-custom-state option[value="${STATE_KEY}"]`).waitFor({ state: 'attached', timeout: 15_000 });
      await page.locator('#answer-custom-state').selectOption(STATE_KEY);
      await page.locator('#answer-text-fr').fill('Le calendrier sera publié chaque mois de janvier, dès 2027.');
      await page.locator('#answer-publish').check();
      before = await toastsNow(page);
      await page.locator('#proposal-answer-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /réponse est publiée/);
      await page.locator('#proposal-state [data-state="accepted"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#proposal-answer'), 'Le calendrier sera publié chaque mois de janvier');
      await page.locator('#proposal-history li[data-state="accepted"]').waitFor();
      await assertText(page.locator(`#proposal-state [data-custom-state="${STATE_KEY}"]`), `Acceptée · ${STATE_FR}`);
      await assertText(page.locator('#proposal-delay'), 'réponse en');
      assertNoAppErrors(problems);
    });

    // Used now, the state cannot be removed: the conflict, in French.
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/institutions/${observatory}`);
      await page.locator(`#pstate-${STATE_KEY}-remove`).click();
      const before = await toastsNow(page);
      await page.locator('dialog[open] .dialog__actions .btn--danger').click();
      assert.match(await waitForNewToast(page, before), /affiche cet état/);
      await assertText(page.locator(`#pstate-${STATE_KEY}`), STATE_FR);
      assertNoAppErrors(problems);
    });

    // Anyone reads it, with its history, after a reload.
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await page.goto(`/proposals/${proposal}`);
      await page.locator('#proposal-history li[data-state="accepted"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#proposal-history'), 'Acceptée');
      await assertText(page.locator('#proposal-history'), STATE_FR);
      await page.locator('#proposal-state [data-state="accepted"]').waitFor();
      await assertText(page.locator('#proposal-state'), `Acceptée · ${STATE_FR}`);
      await assertText(page.locator('#proposal-answer'), STATE_FR);
      assert.equal(await page.locator('#proposal-answer-draft').count(), 0, 'published, not a draft');
      assert.equal(await page.locator('#proposal-answer-form').count(), 0, 'no answer form for a visitor');
      await page.locator('#proposal-support-sign-in').waitFor();
      assertNoAppErrors(problems);
    });
  });

  test('v. a member reports the comment; the observatory hides it; others see the placeholder', { timeout: 180_000 }, async (t) => {
    assert.ok(comment && reply, 'the comments of the first test');
    await withPage(t, { lang: 'en', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, SARAH.email, SARAH.password);
      await page.goto(`/proposals/${proposal}`);
      await page.locator(`#report-${comment}-open`).click();
      await page.locator(`#report-${comment}-reason`).selectOption('offensive');
      await page.locator(`#report-${comment}-details`).fill('Mocks another association.');
      const before = await toastsNow(page);
      await page.locator(`#report-${comment}-form button[type="submit"]`).click();
      assert.match(await waitForNewToast(page, before), /moderators will look/);
      await assertText(page.locator(`#comment-${comment} [data-reported]`), 'Reported');
      // Still "Reported" after a reload (the server remembers).
      await page.reload();
      await assertText(page.locator(`#comment-${comment} [data-reported]`), 'Reported');
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/consultations/${consultation}`);
      await page.locator('#moderate-consultation').click();
      await page.waitForURL(`**/consultations/${consultation}/moderation`);
      const item = page.locator(`#m-${comment}`);
      await item.waitFor({ timeout: 15_000 });
      await assertText(item, COMMENT);
      await assertText(item, '1 signalement');
      await item.locator('summary').click();
      await assertText(item.locator('.moderation-reports'), 'Propos injurieux');
      await assertText(item.locator('.moderation-reports'), 'Mocks another association.');

      // Hiding needs a reason: none, then one.
      await page.locator(`#m-${comment}-hide`).click();
      await page.locator(`#m-${comment}-hide-form button[type="submit"]`).click();
      await page.locator(`#m-${comment}-hide-form .error-summary`).waitFor({ timeout: 15_000 });
      await page.locator(`#m-${comment}-hide-reason`).fill('Propos moqueurs envers une autre association.');
      const before = await toastsNow(page);
      await page.locator(`#m-${comment}-hide-form button[type="submit"]`).click();
      assert.match(await waitForNewToast(page, before), /masqué/);
      await assertText(item, 'Propos moqueurs envers une autre association.');
      await item.locator(`#m-${comment}-restore`).waitFor();
      await screenshot(page, 'fr-1280-moderation');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the moderation queue', violations));

      // Moderators still read it, marked hidden.
      await page.goto(`/proposals/${proposal}`);
      const hidden = page.locator(`#comment-${comment}`);
      await assertText(hidden, COMMENT);
      await assertText(hidden.locator('.badge'), 'Masqué');
      assertNoAppErrors(problems);
    });

    // Karim, who does not moderate: the placeholder in its place, his reply still after it.
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/proposals/${proposal}`);
      const hidden = page.locator(`#comment-${comment}`);
      await assertText(hidden, 'Ce commentaire a été masqué par les modérateurs');
      assert.ok(!(await hidden.innerText()).includes(COMMENT), 'the hidden text is not shown');
      const order = await page.locator('#comments-list li.comment').evaluateAll((lis) => lis.map((li) => li.id));
      assert.deepEqual(order, [`comment-${comment}`, `comment-${reply}`]);
      await assertText(page.locator(`#comment-${reply}`), 'une antenne par daïra');
      assertNoAppErrors(problems);
    });
  });

  test("v. the observatory hides a free-text answer of last year's results; a visitor no longer reads it", { timeout: 120_000 }, async (t) => {
    const list = await api(server, 'GET', '/api/v1/consultations?phase=results_published');
    const past = list.json.items.find((c) => c.title.fr.startsWith('Consultation sur le soutien aux associations 2026'))?.id;
    assert.ok(past, 'the demo has last year\'s consultation, its results published');
    let hiddenId;
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/consultations/${past}/results`);
      const first = page.locator('.results__text-answer').first();
      await first.waitFor({ timeout: 15_000 });
      hiddenId = await first.getAttribute('id');
      const item = page.locator(`#${hiddenId}`);
      // Hiding needs a reason: none, then one.
      await page.locator(`#${hiddenId}-toggle`).click();
      await page.locator(`#${hiddenId}-hide-form button[type="submit"]`).click();
      await page.locator(`#${hiddenId}-hide-form .error-summary`).waitFor({ timeout: 15_000 });
      await page.locator(`#${hiddenId}-hide-reason`).fill('Cite une personne nommément.');
      const before = await toastsNow(page);
      await page.locator(`#${hiddenId}-hide-form button[type="submit"]`).click();
      assert.match(await waitForNewToast(page, before), /masqué/);
      await assertText(item, 'Masqué');
      await assertText(item, 'Cite une personne nommément.');
      assert.equal(await item.getAttribute('data-hidden'), 'true');
      await assertText(page.locator(`#${hiddenId}-toggle`), 'Rétablir');
      // Moderators still see it after a reload, marked.
      await page.reload();
      await assertText(page.locator(`#${hiddenId}`), 'Masqué');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the results with a hidden free-text answer', violations));
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await page.goto(`/consultations/${past}/results`);
      await page.locator('.results__text-answer').first().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(`#${hiddenId}`).count(), 0, 'the hidden answer is not listed for a visitor');
      assert.equal(await page.locator('.results__text-answer button').count(), 0, 'no moderation for a visitor');
      assert.equal(await page.locator('.results__text-answer[data-hidden]').count(), 0);
      assertNoAppErrors(problems);
    });
  });
});
