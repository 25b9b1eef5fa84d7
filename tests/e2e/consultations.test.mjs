// Madani in the browser, consultations (u.): observatory staff build a questionnaire with a display
// condition (its preview applying it) and publish it open; an officer answers it in Arabic on a
// 360 px phone, one question per screen, loses the connection mid-way (the draft says it is not
// saved and keeps what was typed), gets it back (the draft is saved again by itself) and submits;
// staff close the consultation and publish its results, shown as a chart with the table of the same
// figures. The demo accounts (`madani seed-demo`) play the parts.
// Run: `node --test tests/e2e/consultations.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createConsultations, createVerifiedUser } from './lib/api.mjs';
import { formatViolations, runAxe, screenshot } from './lib/browser.mjs';
import { assertNoAppErrors, isArabicPage, logIn, NARROW, waitForNewToast, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const STAFF = { email: 'observatoire@madani.test', password: 'demo-observatoire-madani' };
const OFFICER = { email: 'amina@madani.test', password: 'demo-amina-madani' };
// The answer's draft: blocked to play a lost connection.
const ANSWER_ROUTE = '**/api/v1/consultations/*/answer';

/** A `datetime-local` value in the browser's time zone, `hours` from now. */
function localInput(page, hours) {
  return page.evaluate((h) => {
    const d = new Date(Date.now() + h * 3600_000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, hours);
}

/** Wait until the draft's state line says `text`. */
async function saveStateIs(page, text, timeout = 15_000) {
  await page.waitForFunction(
    (want) => document.querySelector('#save-state')?.innerText.trim() === want,
    text,
    { timeout },
  );
}

browserSuite('consultations', () => {
  let consultation;

  test('u. staff build a questionnaire with a display condition and publish it open', { timeout: 180_000 }, async (t) => {
    server.cli(['seed-demo']);
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto('/consultations');
      await page.locator('#new-consultation').click();
      await page.locator('#consultation-title-input-fr').fill('Consultation e2e sur les subventions');
      await page.locator('#consultation-summary-input-fr').fill('Trois questions, dont une seulement pour les associations subventionnées.');
      await page.locator('#consultation-opens').fill(await localInput(page, -1));
      await page.locator('#consultation-closes').fill(await localInput(page, 24 * 7));
      await page.locator('#consultation-form button[type="submit"]').click();
      await page.waitForURL(/\/consultations\/[^/]+\/edit$/, { timeout: 15_000 });
      consultation = new URL(page.url()).pathname.split('/')[2];

      // A part, then three questions: a required single choice, a number shown only for "Oui",
      // a long text.
      await page.locator('#b-add-section').click();
      await page.locator('#b-add-0').click();
      await page.locator('#b-q1-title').fill('Recevez-vous une subvention publique ?');
      await page.locator('#b-q1-option-0').fill('Oui');
      await page.locator('#b-q1-option-1').fill('Non');
      await page.locator('#b-q1-required').check();
      await page.locator('#builder-kind').selectOption('number');
      await page.locator('#b-add-0').click();
      await page.locator('#b-q2-title').fill('Quel montant (DZD) ?');
      await page.locator('#b-q2-min').fill('0');
      await page.locator('#b-q2-min').blur();
      await page.locator('#b-q2-cond-q').selectOption('q1');
      assert.equal(await page.locator('#b-q2-cond-op').inputValue(), 'equals');
      assert.equal(await page.locator('#b-q2-cond-option').inputValue(), 'o1');
      await page.locator('#builder-kind').selectOption('long_text');
      await page.locator('#b-add-0').click();
      await page.locator('#b-q3-title').fill('Vos propositions');

      // The preview applies the condition.
      await page.locator('#b-preview').click();
      await page.locator('#p-q1-q').waitFor();
      assert.equal(await page.locator('#p-q2-q').isVisible(), false, 'the amount is hidden before "Oui"');
      await page.locator('#p-q1-0').check();
      await page.locator('#p-q2-q').waitFor({ state: 'visible' });
      await page.locator('#p-q1-1').check();
      await page.locator('#p-q2-q').waitFor({ state: 'hidden' });
      await screenshot(page, 'fr-1280-consultation-builder');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the builder with its preview', violations));

      let before = await page.evaluate(() => document.querySelector('.toasts')?.innerText ?? '');
      await page.locator('#b-save').click();
      assert.match(await waitForNewToast(page, before), /questionnaire est enregistré/);

      await page.goto(`/consultations/${consultation}`);
      before = await page.evaluate(() => document.querySelector('.toasts')?.innerText ?? '');
      await page.locator('#publish-consultation').click();
      assert.match(await waitForNewToast(page, before), /publiée/);
      await page.locator('#consultation-phase [data-phase="open"]').waitFor({ timeout: 15_000 });
      await page.locator('#answer-consultation').waitFor();
      assertNoAppErrors(problems);
    });
  });

  test('u. an officer answers on a phone in Arabic, offline for a moment, and submits', { timeout: 180_000 }, async (t) => {
    assert.ok(consultation, 'the consultation of the previous test');
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, OFFICER.email, OFFICER.password);
      await page.goto('/consultations');
      await isArabicPage(page);
      await page.locator(`#consultations-results a[href="/consultations/${consultation}"]`).click();
      await page.locator('#answer-consultation').click();
      await page.waitForURL(`**/consultations/${consultation}/answer`);
      // Amina is an officer of two associations: she answers for the first.
      const picker = page.locator('#answer-association');
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });

      // One question per screen: two are shown until "Oui" shows the amount.
      await page.locator('#answer-progress').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#answer-progress').innerText(), 'السؤال 1 من 2');
      await page.locator('label[for="a-q1-0"]').click();
      await page.waitForFunction(() => document.querySelector('#answer-progress')?.innerText === 'السؤال 1 من 3');
      await saveStateIs(page, 'محفوظ');
      await screenshot(page, 'ar-360-consultation-answer');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the questionnaire on a phone', violations));

      // The connection goes: the amount typed is kept, and the page says it is not saved.
      await page.route(ANSWER_ROUTE, (route) => route.abort('internetdisconnected'));
      await page.locator('#answer-next').click();
      await page.locator('#a-q2-input').fill('250000');
      await page.locator('#a-q2-input').blur();
      await saveStateIs(page, 'لم يُحفظ — لا اتصال، ستُعاد المحاولة');
      assert.equal(await page.locator('#a-q2-input').inputValue(), '250000');
      await screenshot(page, 'ar-360-consultation-offline');

      // It comes back: the draft is sent again by itself.
      await page.unroute(ANSWER_ROUTE);
      await saveStateIs(page, 'محفوظ', 20_000);
      await page.locator('#answer-next').click();
      await page.locator('#a-q3-input').fill('تبسيط الملفات ونشر المعايير.');
      await page.locator('#submit-answer').click();
      await page.locator('#answer-confirmation').waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await page.locator('#answer-confirmation').innerText(), /شكرًا/);
      assertNoAppErrors(problems.filter((p) => !p.includes('internetdisconnected')));
    });
  });

  test('u. staff close it and publish the results: a chart and its table', { timeout: 120_000 }, async (t) => {
    assert.ok(consultation, 'the consultation of the first test');
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/consultations/${consultation}`);
      await page.locator('#close-consultation').click();
      await page.locator('dialog[open] .dialog__actions button.btn--danger').click();
      await page.locator('#consultation-phase [data-phase="closed"]').waitFor({ timeout: 15_000 });
      await page.locator('#publish-results').click();
      await page.locator('dialog[open] .dialog__actions button.btn--primary').click();
      await page.locator('#consultation-phase [data-phase="results_published"]').waitFor({ timeout: 15_000 });

      await page.locator('#see-results').click();
      await page.waitForURL(`**/consultations/${consultation}/results`);
      await page.locator('#r-q1 .bar-chart').waitFor();
      const rows = await page.locator('#r-q1-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.innerText.trim())),
      );
      assert.deepEqual(rows, [['Oui', '1', '100\u00a0%'], ['Non', '0', '0\u00a0%']], 'the table of the first question');
      assert.equal(await page.locator('#r-q1 .bar-chart__row').count(), 2, 'a bar per option');
      await page.locator('#r-q3 .results__text', { hasText: 'تبسيط الملفات' }).waitFor();
      await page.locator('#results-csv').waitFor();
      await screenshot(page, 'fr-1280-consultation-results');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the results', violations));
      assertNoAppErrors(problems);
    });
  });

  test('u. every kind of question: the summary names the missing answer, a ranking keeps the focus, a matrix and a scale', { timeout: 120_000 }, async (t) => {
    const admin = await createVerifiedUser(server, { tag: 'consult-kinds', lang: 'fr', displayName: 'Kinds' });
    server.cli(['admin', 'create', '--email', admin.email]);
    const { open } = await createConsultations(server, admin, { tag: 'kinds' });
    const member = await createVerifiedUser(server, { tag: 'consult-member', lang: 'fr', displayName: 'Member' });
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto(`/consultations/${open}/answer`);
      // A part per screen on a wide one: the first part, then the second, where it is submitted.
      await page.locator('#a-q1-q').waitFor();
      assert.equal(await page.locator('#answer-progress').innerText(), 'Partie 1 sur 2');
      await page.locator('#answer-next').click();
      await page.locator('#a-q5-q').waitFor({ state: 'visible' });

      // The ranking: "Formation" moved down keeps the focus on its button and says where it is.
      await page.locator('#a-q5-down-o1').click();
      await page.waitForFunction(() => document.activeElement?.id === 'a-q5-down-o1', null, { timeout: 5_000 });
      await page.locator('#a-q5-q [aria-live="polite"]', { hasText: 'Formation : position 2 sur 3' }).waitFor();
      assert.deepEqual(
        await page.locator('#a-q5-rank .ranking__label').allInnerTexts(),
        ['Financement', 'Formation', 'Partenariats'],
      );
      // Down again, to the end: the focus goes to its "up" button, the "down" one being off.
      await page.locator('#a-q5-down-o1').click();
      await page.waitForFunction(() => document.activeElement?.id === 'a-q5-up-o1', null, { timeout: 5_000 });
      // The matrix: a radio group per row, named by its row and its column.
      await page.locator('#a-q6-m0-0').check();
      await page.locator('#a-q6-m1-1').check();
      assert.equal(await page.locator('#a-q6-m1-1').getAttribute('aria-labelledby'), 'a-q6-r1h a-q6-c1');

      // Submitted without the required first answer: the summary links to it, on one page.
      await page.locator('#submit-answer').click();
      await page.locator('#answer-form .error-summary a[href="#a-q1-0"]').waitFor({ timeout: 15_000 });
      await screenshot(page, 'fr-1280-consultation-summary');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the questionnaire with its summary', violations));
      await page.locator('#answer-form .error-summary a[href="#a-q1-0"]').click();
      await page.waitForFunction(() => document.activeElement?.id === 'a-q1-0', null, { timeout: 5_000 });
      await page.locator('label[for="a-q1-1"]').click();
      await page.locator('label[for="a-q4-3"]').click();
      await page.locator('#submit-answer').click();
      await page.locator('#answer-confirmation').waitFor({ state: 'visible', timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });
});
