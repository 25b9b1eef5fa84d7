// Madani in the browser, forms (t.): the error summary on a phone in Arabic. After a failed submit
// the summary at the top of the form is in view and has the focus, its links (in Arabic, translated
// from the error codes, never the server's English) focus their fields, and a field's error goes as
// soon as the field is changed. The new-association form, then registering.
// Run: `node --test tests/e2e/forms.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { createVerifiedUser, newCredentials } from './lib/api.mjs';
import { ARTIFACTS, formatViolations, runAxe, screenshot } from './lib/browser.mjs';
import { assertNoAppErrors, isArabicPage, logIn, NARROW, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const ARABIC = /[\u0600-\u06FF]/;
// The English the server and the shared rules write in `message` (clients translate `code`).
const SERVER_ENGLISH = /must be|is required|is not a|give the|choose 1 to 5|too common|wilaya code/i;

/** Wait until the summary of `form` has the focus and its top is in the viewport. */
async function summaryTakesFocus(page, formSelector) {
  await page.waitForFunction(
    (sel) => document.activeElement === document.querySelector(`${sel} .error-summary`),
    formSelector,
    { timeout: 15_000 },
  );
  const box = await page.locator(`${formSelector} .error-summary`).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, height: window.innerHeight };
  });
  assert.ok(box.top >= 0 && box.top < box.height / 2, `the summary is at the top of the viewport (top ${box.top} of ${box.height})`);
}

/** The summary's links: `{ href, text }`, in order. */
function summaryLinks(page, formSelector) {
  return page
    .locator(`${formSelector} .error-summary a`)
    .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.innerText.trim() })));
}

/** Every link is Arabic text with no Latin letter; the page shows none of the server's English. */
async function allArabic(page, links) {
  for (const { href, text } of links) {
    assert.match(text, ARABIC, `the link to ${href} is in Arabic: ${text}`);
    assert.doesNotMatch(text, /[A-Za-z]/, `the link to ${href} has no English: ${text}`);
  }
  const body = await page.locator('body').innerText();
  assert.doesNotMatch(body, SERVER_ENGLISH, 'no English text from the server on the Arabic page');
}

/** Click the summary's link to `href`: its field gets the focus. */
async function followLink(page, formSelector, href) {
  await page.locator(`${formSelector} .error-summary a[href="${href}"]`).click();
  await page.waitForFunction((id) => document.activeElement?.id === id, href.slice(1), { timeout: 5_000 });
}

browserSuite('forms', () => {
  test('t. the new-association form on a phone in Arabic: the summary takes the focus, links to each field, and follows the corrections', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'form-owner', lang: 'ar', displayName: 'Form Owner' });
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto('/associations/new');
      await isArabicPage(page);
      const form = '#association-form';
      // The wilaya list comes from the server: wait for it before anything.
      await page.locator('#place-wilaya option[value="16"]').waitFor({ state: 'attached' });

      // Nothing filled in, submitted from the bottom of the form (3,000 px down on a phone).
      await page.locator(`${form} button[type="submit"]`).click();
      await summaryTakesFocus(page, form);
      await page.screenshot({ path: join(ARTIFACTS, 'ar-360-association-form-summary-viewport.png') });
      await screenshot(page, 'ar-360-association-form-summary');
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations('the form with its summary', violations));
      let links = await summaryLinks(page, form);
      assert.deepEqual(
        links.map((l) => l.href),
        ['#name-ar', '#registration_number', '#activity-education', '#place-wilaya'],
        'one link per field with an error, in the order of the form',
      );
      await allArabic(page, links);
      // The same sentences next to the fields, which are marked invalid.
      assert.equal((await page.locator('#place-wilaya-error').innerText()).trim(), 'اختر الولاية.');
      assert.equal((await page.locator('#name-error').innerText()).trim(), 'اكتب الاسم بلغة واحدة على الأقل.');
      assert.equal(await page.locator('#place-wilaya').getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator('#name-ar').getAttribute('aria-describedby'), /\bname-error\b/);

      // A link focuses its field; typing clears the field's error and its line of the summary.
      await followLink(page, form, '#name-ar');
      await page.locator('#name-ar').fill('جمعية الاختبار');
      await page.locator('#name-error').waitFor({ state: 'detached' });
      links = await summaryLinks(page, form);
      assert.deepEqual(links.map((l) => l.href), ['#registration_number', '#activity-education', '#place-wilaya']);

      await followLink(page, form, '#place-wilaya');
      await page.locator('#place-wilaya').selectOption('16');
      await page.locator('#place-wilaya-error').waitFor({ state: 'detached' });
      await followLink(page, form, '#activity-education');
      await page.locator('#activity-education').check();
      await followLink(page, form, '#registration_number');
      await page.locator('#registration_number').fill('16/2024/0919');
      await page.locator(`${form} .error-summary`).waitFor({ state: 'detached' });

      // The server refuses a wilaya code (one the list does not offer, sent as if it did): its
      // answer is told from its code, in Arabic.
      await page.route('**/api/v1/associations', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const body = JSON.parse(route.request().postData());
        await route.continue({ postData: JSON.stringify({ ...body, wilaya_code: '99' }) });
      });
      await page.locator(`${form} button[type="submit"]`).click();
      await summaryTakesFocus(page, form);
      links = await summaryLinks(page, form);
      assert.deepEqual(links.map((l) => l.href), ['#place-wilaya']);
      assert.equal(links[0].text, 'الولاية: هذه الولاية غير موجودة: اختر ولاية من القائمة.');
      await allArabic(page, links);
      await page.unroute('**/api/v1/associations');

      // Corrected, it is registered.
      await followLink(page, form, '#place-wilaya');
      await page.locator('#place-wilaya').selectOption('06');
      await page.locator(`${form} .error-summary`).waitFor({ state: 'detached' });
      await page.locator(`${form} button[type="submit"]`).click();
      await page.waitForURL((url) => /^\/associations\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('t. registering on a phone in Arabic: the summary lists what the form and the server refuse, in Arabic', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/register');
      await isArabicPage(page);
      const form = 'form:has(#display_name)';
      await page.locator(`${form} button[type="submit"]`).click();
      await summaryTakesFocus(page, form);
      let links = await summaryLinks(page, form);
      assert.deepEqual(links.map((l) => l.href), ['#display_name', '#email', '#password']);
      await allArabic(page, links);

      // The shared rules pass; the server finds the password too common.
      const { email } = newCredentials('form-register');
      await followLink(page, form, '#display_name');
      await page.locator('#display_name').fill('مستخدم الاختبار');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill('password123');
      await page.locator(`${form} .error-summary`).waitFor({ state: 'detached' });
      await page.locator(`${form} button[type="submit"]`).click();
      await summaryTakesFocus(page, form);
      links = await summaryLinks(page, form);
      assert.deepEqual(links, [{ href: '#password', text: 'كلمة المرور: كلمة المرور هذه شائعة جدًا. اختر كلمة يصعب توقّعها.' }]);
      await allArabic(page, links);
      await screenshot(page, 'ar-360-register-summary');

      await followLink(page, form, '#password');
      await page.locator('#password').fill('cedar lantern river e2e');
      await page.locator('#password-error').waitFor({ state: 'detached' });
      await page.locator(`${form} .error-summary`).waitFor({ state: 'detached' });
      assert.equal(await page.locator('#password').getAttribute('aria-invalid'), null);
      assertNoAppErrors(problems);
    });
  });
});
