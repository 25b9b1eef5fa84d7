// Madani in the browser, circles (issue #15): a member finds the demo's circles from the main menu,
// searches them by the start of a word, filters them by field and to their own; opens the open
// circle "Jeunesse et engagement", whose demo question shows its marked answer, and starts a question
// there; another member, in Arabic on a 360 px phone, finds it by the thread search and replies with
// a PDF (the pages mirrored, nothing wider than the phone, axe-clean); the author sees the PDF listed
// under the reply, downloads the same bytes, and marks the reply as the answer ("Résolu" on the
// thread and in the circle's list). On the circle "Droits des femmes" (on request)
// a member asks to join: "Demande en attente", after a reload too, its threads closed to him; the
// observatory, its moderator, approves the request from the circle's page, and he reads and starts
// threads. A visitor reads the open circle's threads and is offered to sign in to join. A member's
// open thread and circle show another member's reply, its change and a new thread as they come,
// without a reload. In Arabic on a 360 px phone, a member mentions another in a reply by typing `@`
// and the first letters of his name and picking him with the keyboard (axe-clean with the list
// open); the reply names him and he is notified. The demo accounts play the parts.
// Run: `node --test tests/e2e/circles.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';

import { accessToken, api, authed } from './lib/api.mjs';
import { formatViolations, nextFrames, runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { tinyPdf } from './lib/media.mjs';
import { assertNoAppErrors, assertText, isArabicPage, logIn, NARROW, waitForNewToast, waitForPath, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const STAFF = { email: 'observatoire@madani.test', password: 'demo-observatoire-madani' };
const KARIM = { email: 'karim@madani.test', password: 'demo-karim-madani' };
const AMINA = { email: 'amina@madani.test', password: 'demo-amina-madani' };
const QUESTION = 'Où trouver une salle pour nos ateliers du samedi ?';
const REPLY = 'دار الشباب في حيّنا تعير قاعاتها مجانًا يوم السبت.';
const THREAD = /\/threads\/[0-9a-f-]{36}$/;
const PLAN = tinyPdf('Plan de la salle');

/** The toasts' text now, to wait for a new one. */
function toastsNow(page) {
  return page.evaluate(() => document.querySelector('.toasts')?.innerText ?? '');
}

/** axe at the page's current size; fails with the violations. */
async function axeClean(page, label) {
  await nextFrames(page);
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(label, violations));
}

/** Mirrored and no wider than the phone: `<html dir="rtl">`, and `selector`'s start border on the right. */
async function assertMirrored(page, selector) {
  const layout = await page.locator(selector).first().evaluate((el) => ({
    dir: document.documentElement.dir,
    right: getComputedStyle(el).borderRightWidth,
    left: getComputedStyle(el).borderLeftWidth,
    wide: document.documentElement.scrollWidth,
  }));
  assert.equal(layout.dir, 'rtl');
  assert.equal(layout.right, '4px', `the start border is on the right in Arabic: ${JSON.stringify(layout)}`);
  assert.notEqual(layout.left, '4px');
  assert.ok(layout.wide <= NARROW.width, `the page fits the phone (${layout.wide} px wide)`);
}

browserSuite('circles', () => {
  let youth;
  let women;
  let presidents;
  let thread;

  before(async () => {
    server.cli(['seed-demo']);
    // The open and on-request circles are anyone's to see; the invite-only one its people's.
    const list = await api(server, 'GET', '/api/v1/circles?limit=100');
    const named = (fr) => list.json.items.find((c) => c.name.fr === fr)?.id;
    youth = named('Jeunesse et engagement');
    women = named('Droits des femmes');
    assert.ok(youth && women, 'the demo has its open and on-request circles');
    assert.equal(named('Coordination des présidents'), undefined, 'an invite-only circle is hidden from a visitor');
  });

  test('circles: a member browses and searches the directory, opens the open circle and starts a question', { timeout: 180_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.locator('.nav a[href="/circles"]').click();
      await waitForPath(page, '/circles');
      await assertText(page.locator('h1'), 'Cercles');
      const card = page.locator(`#circles-results [data-circle="${youth}"]`);
      await assertText(card, 'Jeunesse et engagement');
      await assertText(card.locator('[data-policy="open"]'), 'Ouvert');
      await assertText(card.locator('[data-standing="member"]'), 'Vous êtes membre');
      await assertText(card.locator('.circle-card__counts'), '4 membres · 2 sujets');
      // The invitation Karim has not answered shows the invite-only circle to him, and says so.
      const invited = page.locator('#circles-results article', { hasText: 'Coordination des présidents' });
      await assertText(invited.locator('[data-standing="invited"]'), 'Vous êtes invité·e');
      presidents = await invited.getAttribute('data-circle');

      // The start of a word, accents aside, finds the circle; the others go.
      await page.locator('#circles-q').fill('jeun');
      await page.locator(`#circles-results [data-circle="${women}"]`).waitFor({ state: 'detached' });
      assert.equal(await page.locator('#circles-results article').count(), 1, 'only the youth circle matches "jeun"');
      await page.locator('#circles-q').fill('');
      await page.locator('#circles-field').selectOption('women');
      await page.locator(`#circles-results [data-circle="${youth}"]`).waitFor({ state: 'detached' });
      await assertText(page.locator(`#circles-results [data-circle="${women}"] [data-policy="request"]`), 'Sur demande');
      await page.locator('#circles-field').selectOption('');
      // His own: the circle he belongs to and the one he is invited to, not the others.
      await page.locator('#circles-mine').check();
      await page.locator(`#circles-results [data-circle="${women}"]`).waitFor({ state: 'detached' });
      await page.locator(`#circles-results [data-circle="${presidents}"]`).waitFor();
      await card.waitFor();
      await page.locator('#circles-mine').uncheck();
      await waitForSettled(page);
      await axeClean(page, 'fr 1280 /circles');

      // The open circle: its threads, the demo's question answered.
      await card.locator('h2 a').click();
      await waitForPath(page, `/circles/${youth}`);
      await assertText(page.locator('#circle-title'), 'Jeunesse et engagement');
      await assertText(page.locator('#circle-description'), 'méthodes');
      const demo = page.locator('#threads-list li', { hasText: 'Comment financer un atelier de lecture' });
      await demo.waitFor();
      assert.equal(await demo.getAttribute('data-answered'), 'true', 'the demo question is marked answered');
      await demo.locator('a').click();
      await page.waitForURL(THREAD);
      await assertText(page.locator('#thread-answered'), 'Résolu');
      await assertText(page.locator('#posts li.post--answer'), 'Le fonds de wilaya pour la jeunesse');
      await assertText(page.locator('#posts li.post--answer .post__answer'), 'Solution');
      await page.locator('#thread-circle').click();
      await waitForPath(page, `/circles/${youth}`);

      // He starts a question, and lands on it.
      await page.locator('#thread-start').click();
      await page.locator('#thread-title').fill(QUESTION);
      await page.locator('#thread-kind').selectOption('question');
      await page.locator('#thread-body').fill('Une salle pour **vingt jeunes**, à Béjaïa, le samedi matin.');
      const before = await toastsNow(page);
      await page.locator('#thread-form button[type="submit"]').click();
      await page.waitForURL(THREAD, { timeout: 15_000 });
      assert.match(await waitForNewToast(page, before), /Sujet lancé/);
      thread = new URL(page.url()).pathname.split('/')[2];
      await assertText(page.locator('#thread-title'), QUESTION);
      await assertText(page.locator('#thread-badges [data-kind="question"]'), 'Question');
      await assertText(page.locator('#posts li.post--opening .post__body strong'), 'vingt jeunes');
      assert.equal(await page.locator('#thread-answered').count(), 0, 'not answered yet');
      await waitForSettled(page);
      await axeClean(page, 'fr 1280 a new thread');
      assertNoAppErrors(problems);
    });
  });

  test('circles: another member replies with a PDF in Arabic on a 360 px phone (mirrored, axe-clean); the author downloads it and marks the answer', { timeout: 180_000 }, async (t) => {
    assert.ok(thread, 'the previous test started the thread');
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, AMINA.email, AMINA.password);
      await page.goto('/circles');
      await isArabicPage(page);
      await page.locator(`#circles-results [data-circle="${youth}"]`).waitFor();
      await waitForSettled(page);
      await screenshot(page, 'ar-360-circles');
      await axeClean(page, 'ar 360 /circles');
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= NARROW.width, 'the directory fits the phone');

      await page.locator(`#circles-results [data-circle="${youth}"] h2 a`).click();
      await waitForPath(page, `/circles/${youth}`);
      // The thread search: the start of a word of the title.
      await page.locator('#threads-q').fill('sall');
      const item = page.locator('#threads-list li', { hasText: QUESTION });
      await item.waitFor();
      await page.locator('#threads-list li', { hasText: 'Comment financer' }).waitFor({ state: 'detached' });
      await waitForSettled(page);
      await screenshot(page, 'ar-360-circle');
      await axeClean(page, 'ar 360 a circle');

      await item.locator('a').click();
      await waitForPath(page, `/threads/${thread}`);
      await page.locator('#reply-body').fill(REPLY);
      // A PDF with it, sent as soon as chosen: a chip with its name, then the reply lists it.
      await page.locator('#reply-files').setInputFiles({ name: 'plan-salle.pdf', mimeType: 'application/pdf', buffer: PLAN });
      await page.locator('#reply-form .file-chip', { hasText: 'plan-salle.pdf' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('#reply-send').disabled, null, { timeout: 15_000 });
      const before = await toastsNow(page);
      await page.locator('#reply-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      const mine = page.locator('#posts li.post', { hasText: REPLY });
      await mine.waitFor();
      await assertText(mine.locator('.file-doc'), 'plan-salle.pdf');
      assert.equal(await page.locator('#reply-body').inputValue(), '', 'the reply box is emptied');
      assert.equal(await page.locator('#reply-form .file-chip').count(), 0, 'and its files go');
      await assertText(page.locator('#thread-replies'), 'ردّ واحد');
      // Not hers to mark: the question is Karim's.
      assert.equal(await mine.locator('button[id$="-answer"]').count(), 0);
      await assertMirrored(page, '#posts li.post');
      await waitForSettled(page);
      await screenshot(page, 'ar-360-thread');
      await axeClean(page, 'ar 360 a thread');
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/threads/${thread}`);
      const reply = page.locator('#posts li.post', { hasText: REPLY });
      await reply.waitFor();
      // The reply's PDF, listed by its name, downloads the bytes Amina sent.
      const plan = reply.locator('.file-doc', { hasText: 'plan-salle.pdf' });
      await plan.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), plan.click()]);
      assert.equal(download.suggestedFilename(), 'plan-salle.pdf');
      assert.deepEqual(await readFile(await download.path()), PLAN, 'the same bytes');
      const before = await toastsNow(page);
      await reply.locator('button[id$="-answer"]').click();
      assert.match(await waitForNewToast(page, before), /retenue comme solution/);
      await assertText(page.locator('#thread-answered'), 'Résolu');
      await page.locator('#posts li.post--answer', { hasText: REPLY }).waitFor();
      await assertText(reply.locator('.post__answer'), 'Solution');
      // In the circle's list too.
      await page.locator('#thread-circle').click();
      await waitForPath(page, `/circles/${youth}`);
      const item = page.locator('#threads-list li', { hasText: QUESTION });
      await item.waitFor();
      assert.equal(await item.getAttribute('data-answered'), 'true');
      await assertText(item.locator('.thread-item__answered'), 'Résolu');
      assertNoAppErrors(problems);
    });
  });

  test('circles: asking to join a circle on request shows "request waiting"; its moderator approves it', { timeout: 180_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/circles/${women}`);
      await assertText(page.locator('#circle-title'), 'Droits des femmes');
      await assertText(page.locator('#circle-badges [data-policy="request"]'), 'Sur demande');
      await page.locator('#circle-closed').waitFor();
      assert.equal(await page.locator('#circle-threads').count(), 0, 'its threads are for its members');
      const before = await toastsNow(page);
      await page.locator('#circle-join').click();
      assert.match(await waitForNewToast(page, before), /demande est envoyée/);
      await assertText(page.locator('#circle-badges [data-standing="requested"]'), 'Demande en attente');
      await page.locator('#circle-waiting').waitFor();
      await page.reload();
      await assertText(page.locator('#circle-badges [data-standing="requested"]'), 'Demande en attente');
      await page.locator('#circle-withdraw').waitFor();
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, STAFF.email, STAFF.password);
      await page.goto(`/circles/${women}`);
      await assertText(page.locator('#circle-badges [data-standing="moderator"]'), 'Vous le modérez');
      // Sarah's request (the demo's) and Karim's wait.
      await page.locator('#pending-list li', { hasText: 'Sarah Meziane' }).waitFor();
      const karim = page.locator('#pending-list li', { hasText: 'Karim Haddad' });
      await karim.waitFor();
      await waitForSettled(page);
      await axeClean(page, 'fr 1280 a circle, as its moderator');
      const before = await toastsNow(page);
      await karim.locator('button[id$="-approve"]').click();
      assert.match(await waitForNewToast(page, before), /Demande acceptée/);
      await karim.waitFor({ state: 'detached' });
      // A member now, in the circle's list of members.
      await page.locator('#members-list li', { hasText: 'Karim Haddad' }).waitFor();
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/circles/${women}`);
      await assertText(page.locator('#circle-badges [data-standing="member"]'), 'Vous êtes membre');
      await page.locator('#circle-threads').waitFor();
      await page.locator('#thread-start').waitFor();
      await page.locator('#circle-leave').waitFor();
      assertNoAppErrors(problems);
    });

    // A visitor reads the open circle's threads and is offered to sign in to join.
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto(`/circles/${youth}`);
      await assertText(page.locator('#circle-sign-in'), 'Connectez-vous pour le rejoindre');
      await page.locator('#threads-list li', { hasText: QUESTION }).waitFor();
      assert.equal(await page.locator('#thread-start').count(), 0, 'a visitor starts no thread');
      assertNoAppErrors(problems);
    });
  });

  test('circles: a thread and its circle show the others\' writes as they come, without a reload', { timeout: 120_000 }, async (t) => {
    assert.ok(thread, 'an earlier test started the thread');
    const token = await accessToken(server, AMINA);
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, KARIM.email, KARIM.password);
      await page.goto(`/threads/${thread}`);
      await page.locator('#posts li.post--opening').waitFor();
      const replies = await page.locator('#thread-replies').innerText();
      // Amina replies elsewhere (through the API): the open page shows it, and counts it.
      const live = 'Une salle se libère aussi à la maison de la culture.';
      await authed(server, token, 'POST', `/api/v1/threads/${thread}/posts`, { body: live });
      await page.locator('#posts li.post', { hasText: live }).waitFor({ timeout: 10_000 });
      await page.waitForFunction((before) => document.querySelector('#thread-replies')?.innerText !== before, replies);
      // Her change of that reply too.
      const posts = await api(server, 'GET', `/api/v1/threads/${thread}/posts?limit=100`);
      const mine = posts.json.items.find((p) => p.body === live);
      const changed = 'Une salle se libère aussi au centre culturel.';
      await authed(server, token, 'PATCH', `/api/v1/posts/${mine.id}`, { body: changed });
      await page.locator('#posts li.post', { hasText: changed }).waitFor({ timeout: 10_000 });

      // The circle's list shows a thread she starts.
      await page.locator('#thread-circle').click();
      await waitForPath(page, `/circles/${youth}`);
      await page.locator('#threads-list li', { hasText: QUESTION }).waitFor();
      const title = 'Un agenda commun pour nos ateliers';
      await authed(server, token, 'POST', `/api/v1/circles/${youth}/threads`, { title, body: 'Partageons nos dates.' });
      await page.locator('#threads-list li', { hasText: title }).waitFor({ timeout: 10_000 });
      assertNoAppErrors(problems);
    });
  });

  test('circles: a member mentions another with @ in a reply, in Arabic on a 360 px phone (keyboard, axe-clean); he is notified', { timeout: 120_000 }, async (t) => {
    assert.ok(thread, 'an earlier test started the thread');
    const thanks = 'شكرًا ';
    let karimId;
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, AMINA.email, AMINA.password);
      await page.goto(`/threads/${thread}`);
      // The thread's title is French; the page around it Arabic.
      await page.waitForFunction(() => document.documentElement.lang === 'ar' && document.documentElement.dir === 'rtl');
      await assertText(page.locator('label[for="reply-body"]'), 'ردّك');
      const box = page.locator('#reply-body');
      await box.waitFor();
      // The combobox is closed until `@` and a letter are typed.
      assert.equal(await box.getAttribute('role'), 'combobox');
      assert.equal(await box.getAttribute('aria-autocomplete'), 'list');
      assert.equal(await box.getAttribute('aria-controls'), 'reply-body-mentions');
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      await box.click();
      await box.pressSequentially(`${thanks}@kar`);
      const list = page.locator('#reply-body-mentions');
      const karim = list.locator('[role="option"]', { hasText: 'Karim Haddad' });
      await karim.waitFor();
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      // Only the names with a word starting "kar": not hers, not the others'.
      assert.equal(await list.locator('[role="option"]').count(), 1);
      assert.equal(await box.getAttribute('aria-activedescendant'), await karim.getAttribute('id'));
      await assertText(page.locator('#reply-form [role="status"]'), 'اقتراح واحد');
      karimId = await karim.getAttribute('data-user');
      // Under the text area, within the phone, big enough to touch; mirrored with the page.
      const [area, shown, option] = await Promise.all([box.boundingBox(), list.boundingBox(), karim.boundingBox()]);
      assert.ok(shown.y >= area.y + area.height - 1, `the list is under the text area: ${JSON.stringify({ area, shown })}`);
      assert.ok(shown.x >= 0 && shown.x + shown.width <= NARROW.width, `the list fits the phone: ${JSON.stringify(shown)}`);
      assert.ok(option.height >= 24, `an option is at least 24 px high (${option.height})`);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= NARROW.width, 'the page fits the phone');
      await screenshot(page, 'ar-360-mention');
      await axeClean(page, 'ar 360 a reply with its mention list open');

      // The keyboard picks: ArrowDown, then Enter, which neither sends the reply nor breaks the line.
      const posts = await page.locator('#posts li.post').count();
      await box.press('ArrowDown');
      assert.equal(await karim.getAttribute('aria-selected'), 'true');
      await box.press('Enter');
      await list.waitFor({ state: 'hidden' });
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      assert.equal(await box.inputValue(), `${thanks}@Karim Haddad `);
      assert.equal(await page.locator('#posts li.post').count(), posts, 'Enter did not send the reply');
      await box.pressSequentially('على القائمة.');
      const text = `${thanks}@Karim Haddad على القائمة.`;
      assert.equal(await box.inputValue(), text);
      const before = await toastsNow(page);
      await page.locator('#reply-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      const sent = page.locator('#posts li.post', { hasText: 'على القائمة' });
      await sent.waitFor();
      assert.equal(await box.inputValue(), '', 'the reply box is emptied');
      // The reply marks the member it names.
      assert.equal(await sent.locator('.post__body .mention').textContent(), '@Karim Haddad');
      await axeClean(page, 'ar 360 a reply that names a member');
      assertNoAppErrors(problems);
    });

    // The reply names him, and he is told.
    const listed = await api(server, 'GET', `/api/v1/threads/${thread}/posts?limit=100`);
    const reply = listed.json.items.find((p) => p.body?.includes('على القائمة'));
    assert.ok(reply, 'the reply is posted');
    assert.deepEqual(reply.mentions, [{ user_id: karimId, name: 'Karim Haddad' }]);
    const token = await accessToken(server, KARIM);
    const notes = await authed(server, token, 'GET', '/api/v1/me/notifications');
    const told = notes.find((n) => n.kind === 'circle.mentioned' && n.thread_id === thread);
    assert.ok(told, `Karim is notified of the mention: ${JSON.stringify(notes.map((n) => n.kind))}`);
    assert.equal(told.actor_name, 'أمينة بن علي');
  });
});
