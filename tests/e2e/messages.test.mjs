// Madani in the browser, messaging (issue #15): two members, one in Arabic on a 360 px phone and one
// in French at 1280 px, exchange messages live (each sees the other's appear without a reload; Enter
// sends, Shift+Enter starts a new line); the header's unread badge rises and clears, and the list's
// count with it; the phone shows the list, then the conversation with a way back, the laptop both
// side by side; a message changed and one deleted show so on the other side; an association's
// "Write to this association" starts a conversation with its inbox; starting one with a member who
// refuses messages, or one who is no connection, says why in French; where no WebSocket opens, new
// messages come by long polls; a member opening another's conversation gets the not-found page; a
// picture and a PDF sent without text (a refused file explained first) show, live, as a thumbnail
// and a button that downloads the same bytes on the Arabic phone. In a group, the starter sees "Seen
// by" with a reader's name appear live under his latest message; its People dialog lets him remove a
// member (confirmed; marked as removed, and one who leaves as having left) and says in French why
// a member who refuses messages cannot be added; another member, on the Arabic phone, adds the removed one back and leaves the group; a member's profile
// offers "Send a message". The pages are axe-clean at both widths (the People dialog at 360 px in
// Arabic).
// Run: `node --test tests/e2e/messages.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import {
  accessToken,
  associationBody,
  authed,
  connect,
  createAssociation,
  createVerifiedUser,
  verifyAssociation,
} from './lib/api.mjs';
import { formatViolations, HERE, nextFrames, runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { tinyPdf, tinyPng } from './lib/media.mjs';
import { assertNoAppErrors, assertText, logIn, NARROW, waitForPath, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const LOCALES = Object.fromEntries(
  ['ar', 'fr'].map((lang) => [lang, JSON.parse(readFileSync(join(HERE, '../../web/locales', `${lang}.json`), 'utf8'))]),
);
const CONVERSATION = /\/messages\/[0-9a-f-]{36}$/;

/** The count on the header's messages link, 0 when it shows none. */
async function badge(page) {
  const count = page.locator('#messages-link .bell__count');
  return (await count.count()) ? Number(await count.innerText()) : 0;
}

/** Wait for the header's messages badge to show `n` (0: none). */
async function waitForBadge(page, n) {
  await page
    .waitForFunction(
      (want) => (document.querySelector('#messages-link .bell__count')?.textContent ?? '0') === String(want),
      n,
      { timeout: 15_000 },
    )
    .catch(async () => assert.fail(`the messages badge shows ${await badge(page)}, not ${n}`));
}

/** Type `text` in the composer and send it with Enter. */
async function send(page, text) {
  const box = page.locator('#composer-body');
  await box.fill(text);
  await box.press('Enter');
  await page.locator('#thread-messages li', { hasText: text.split('\n')[0] }).waitFor({ timeout: 15_000 });
  assert.equal(await box.inputValue(), '', 'the composer is emptied once the message is sent');
}

/** axe at the page's current size; fails with the violations. */
async function axeClean(page, label) {
  await nextFrames(page);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(label, violations));
}

browserSuite('messages', () => {
  let karim;
  let amina;
  let nora;
  let stranger;
  let farid;
  let association;
  let conversation;

  before(
    async () => {
      karim = await createVerifiedUser(server, { tag: 'msg-karim', lang: 'fr', displayName: 'Karim Haddad' });
      amina = await createVerifiedUser(server, { tag: 'msg-amina', lang: 'ar', displayName: 'أمينة بن علي' });
      nora = await createVerifiedUser(server, { tag: 'msg-nora', lang: 'fr', displayName: 'Nora Silence' });
      stranger = await createVerifiedUser(server, { tag: 'msg-stranger', lang: 'fr', displayName: 'Sami Inconnu' });
      await connect(server, karim, amina);
      await connect(server, karim, nora);
      // The group's third member: Karim's connection and Amina's.
      farid = await createVerifiedUser(server, { tag: 'msg-farid', lang: 'fr', displayName: 'Farid Mansouri' });
      await connect(server, karim, farid);
      await connect(server, amina, farid);
      // Nora takes no messages.
      await authed(server, await accessToken(server, nora), 'PUT', '/api/v1/me/messaging-settings', {
        accepts_messages: false,
        read_receipts: true,
      });
      // Amina's association, verified by staff, for its inbox.
      const staff = await createVerifiedUser(server, { tag: 'msg-staff', lang: 'fr', displayName: 'Samira Staff' });
      server.cli(['admin', 'create', '--email', staff.email]);
      association = await createAssociation(server, amina, associationBody({ ar: 'جمعية الواحة', fr: 'Association Oasis' }, '06/2024/9151'));
      await verifyAssociation(server, staff, association.id);
    },
    { timeout: 120_000 },
  );

  test('two members exchange messages live, in Arabic at 360 px and French at 1280 px; the badges rise and clear', { timeout: 240_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page: fr, problems: frProblems }) => {
      await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page: ar, problems: arProblems }) => {
        await logIn(fr, karim.email, karim.password);
        await logIn(ar, amina.email, amina.password);

        // Karim starts the conversation from the header's link and "New conversation".
        await fr.locator('#messages-link').click();
        await waitForPath(fr, '/messages');
        await fr.locator('#new-conversation').click();
        await waitForPath(fr, '/messages/new');
        await fr.locator(`#new-with option[value="${amina.id}"]`).waitFor({ state: 'attached' });
        await fr.locator('#new-with').selectOption(amina.id);
        await fr.locator('#new-body').fill('Bonjour Amina, la réunion est jeudi à 10 h.');
        await fr.locator('#new-conversation-form button[type="submit"]').click();
        await fr.waitForURL(CONVERSATION, { timeout: 15_000 });
        conversation = new URL(fr.url()).pathname.split('/')[2];
        await fr.locator('#thread-messages li', { hasText: 'la réunion est jeudi' }).waitFor();
        // Side by side at 1280 px: the list beside the open conversation, which it marks.
        await assertText(fr.locator('#conversation-list a[aria-current="page"]'), 'أمينة بن علي');
        assert.ok(await fr.locator('#conversation-list').isVisible() && (await fr.locator('#thread-messages').isVisible()));
        const [list, thread] = [await fr.locator('.messages__list').boundingBox(), await fr.locator('.thread').boundingBox()];
        assert.ok(list.x + list.width <= thread.x + 1, `the list is left of the conversation in French: ${JSON.stringify({ list, thread })}`);
        await waitForSettled(fr);

        // Amina's badge rises (counted on navigation), named with its count in Arabic.
        await ar.goto('/associations');
        await waitForBadge(ar, 1);
        const name = await ar.locator('#messages-link').getAttribute('title');
        assert.ok(name.includes(LOCALES.ar['nav.messages']) && name.includes('1'), `the link says how many are unread: ${name}`);
        // On the phone: the list alone, the conversation with Karim's name, first words and count.
        await ar.locator('#messages-link').click();
        await waitForPath(ar, '/messages');
        const item = ar.locator('#conversation-list a', { hasText: 'Karim Haddad' });
        await item.waitFor();
        await assertText(item.locator('.conversation__preview'), 'Bonjour Amina');
        await assertText(item.locator('.conversation__unread'), '1');
        assert.equal(await ar.locator('.messages__thread').isVisible(), false, 'at 360 px no conversation is shown beside the list');
        await waitForSettled(ar);
        await screenshot(ar, 'ar-360-messages-list');
        await axeClean(ar, 'ar 360 /messages');

        // She opens it: the conversation alone, with a way back; read, so the badges clear.
        await item.click();
        await ar.waitForURL(CONVERSATION);
        await ar.locator('#thread-messages li', { hasText: 'la réunion est jeudi' }).waitFor();
        assert.equal(await ar.locator('#conversation-list').isVisible(), false, 'at 360 px the list gives way to the conversation');
        assert.ok(await ar.locator('.thread a[href="/messages"]').isVisible(), 'a way back to the list');
        await waitForBadge(ar, 0);
        const box = await ar.locator('#composer-body').boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= 360, `the composer fits the phone: ${JSON.stringify(box)}`);

        // She answers with Enter; Karim sees it appear without a reload.
        await send(ar, 'شكرًا كريم، سأحضر.');
        await fr.locator('#thread-messages li', { hasText: 'سأحضر' }).waitFor({ timeout: 15_000 });
        await assertText(fr.locator('#thread-messages li', { hasText: 'سأحضر' }).locator('.message__author'), 'أمينة بن علي');
        // Shift+Enter starts a new line; Enter sends both lines as one message, which she sees live.
        const composer = fr.locator('#composer-body');
        await composer.fill('Parfait.');
        await composer.press('Shift+Enter');
        await composer.pressSequentially('Je prépare la salle.');
        assert.equal(await composer.inputValue(), 'Parfait.\nJe prépare la salle.');
        await composer.press('Enter');
        const both = ar.locator('#thread-messages li', { hasText: 'Je prépare la salle.' });
        await both.waitFor({ timeout: 15_000 });
        assert.match(await both.locator('.message__body').innerText(), /Parfait\.\s+Je prépare la salle\./);
        await screenshot(ar, 'ar-360-messages-thread');
        await axeClean(ar, 'ar 360 /messages/:id');
        await screenshot(fr, 'fr-1280-messages-thread');
        await axeClean(fr, 'fr 1280 /messages/:id');

        // Back on the list, Amina sees a new message arrive: it moves to the top and counts, and the
        // header's badge rises, live; opening it clears both.
        await ar.locator('.thread a[href="/messages"]').click();
        await waitForPath(ar, '/messages');
        await send(fr, 'Une dernière chose : apportez le registre.');
        await assertText(ar.locator('#conversation-list li:first-child .conversation__preview'), 'apportez le registre');
        await assertText(ar.locator('#conversation-list li:first-child .conversation__unread'), '1');
        await waitForBadge(ar, 1);
        await ar.locator('#conversation-list li:first-child a').click();
        await ar.locator('#thread-messages li', { hasText: 'apportez le registre' }).waitFor();
        await waitForBadge(ar, 0);

        // Karim changes his last message, then deletes the one before: Amina sees both, live.
        // (Found by its number: while it is edited, its text is the box's value.)
        const last = fr.locator(`#${await fr.locator('#thread-messages li', { hasText: 'apportez le registre' }).getAttribute('id')}`);
        await last.locator('.message__edit').click();
        await last.locator('textarea').fill('Une dernière chose : apportez le registre et le tampon.');
        await last.locator('button[type="submit"]').click();
        await ar.locator('#thread-messages li', { hasText: 'et le tampon' }).locator('.message__edited').waitFor({ timeout: 15_000 });
        await fr.locator('#thread-messages li', { hasText: 'Je prépare la salle.' }).locator('.message__delete').click();
        await fr.locator('dialog[aria-labelledby="delete-message-title"] .btn--danger').click();
        await ar.locator('#thread-messages li', { hasText: 'Je prépare la salle.' }).waitFor({ state: 'detached', timeout: 15_000 });
        await assertText(ar.locator('#thread-messages .message--deleted'), LOCALES.ar['msg.deleted']);
        // Her own message can be changed (within 15 minutes); his cannot, from her side.
        assert.equal(await ar.locator('#thread-messages li', { hasText: 'سأحضر' }).locator('.message__edit').count(), 1);
        assert.equal(await ar.locator('#thread-messages li', { hasText: 'et le tampon' }).locator('.message__edit').count(), 0);

        assertNoAppErrors(arProblems);
      });
      assertNoAppErrors(frProblems);
    });
  });

  test('a picture and a PDF sent without text show on the Arabic phone, live: a thumbnail, and a button that downloads the same bytes', { timeout: 180_000 }, async (t) => {
    assert.ok(conversation, 'the first test made a conversation');
    const png = tinyPng(16, 12);
    const pdf = tinyPdf();
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page: fr, problems: frProblems }) => {
      await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page: ar, problems: arProblems }) => {
        await logIn(fr, karim.email, karim.password);
        await logIn(ar, amina.email, amina.password);
        await fr.goto(`/messages/${conversation}`);
        await ar.goto(`/messages/${conversation}`);
        await fr.locator('#thread-messages li').first().waitFor();
        await ar.locator('#thread-messages li').first().waitFor();

        // A file that is neither a picture nor a PDF: its chip says why, in French, from the code.
        const input = fr.locator('#composer-files');
        await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('rien que du texte') });
        const refused = fr.locator('.file-chip--refused', { hasText: 'notes.txt' });
        await assertText(refused.locator('.file-chip__status'), LOCALES.fr['msg.file.not_allowed']);
        await refused.locator('.file-chip__remove').click();
        await refused.waitFor({ state: 'detached' });

        // The picture and the PDF, each sent as soon as chosen, then the message, without text.
        await input.setInputFiles([
          { name: 'salle.png', mimeType: 'image/png', buffer: png },
          { name: 'ordre-du-jour.pdf', mimeType: 'application/pdf', buffer: pdf },
        ]);
        await fr.waitForFunction(
          () => document.querySelectorAll('.file-chip').length === 2 && !document.querySelector('#composer-send').disabled,
          null,
          { timeout: 15_000 },
        );
        await assertText(fr.locator('.file-chip', { hasText: 'ordre-du-jour.pdf' }).locator('.file-chip__status'), 'ko');
        await axeClean(fr, 'fr 1280 the composer with two files');
        await fr.locator('#composer-send').click();
        await fr.locator('#thread-messages > li .file-doc', { hasText: 'ordre-du-jour.pdf' }).waitFor({ timeout: 15_000 });
        assert.equal(await fr.locator('.file-chip').count(), 0, 'the chips go once the message is sent');

        // Amina sees it come: the picture as a thumbnail named after its file, read through her session.
        const sent = ar.locator('#thread-messages > li', { has: ar.locator('.file-doc') });
        await sent.waitFor({ timeout: 15_000 });
        const thumb = sent.locator('img.file-thumb__img[alt="salle.png"]');
        await thumb.waitFor({ timeout: 15_000 });
        await ar.waitForFunction(() => {
          const img = document.querySelector('img.file-thumb__img');
          return img?.complete && img.naturalWidth === 16;
        });
        assert.match(await thumb.getAttribute('src'), /^blob:/, 'the picture is shown from the bytes the session read');
        const doc = sent.locator('.file-doc');
        await assertText(doc, 'ordre-du-jour.pdf');
        for (const el of [sent, doc]) {
          const box = await el.boundingBox();
          assert.ok(box.x >= 0 && box.x + box.width <= 360, `it fits the phone: ${JSON.stringify(box)}`);
        }
        // The PDF's button, from the keyboard, downloads the very bytes sent.
        await doc.focus();
        const [download] = await Promise.all([ar.waitForEvent('download', { timeout: 15_000 }), doc.press('Enter')]);
        assert.equal(download.suggestedFilename(), 'ordre-du-jour.pdf');
        assert.deepEqual(await readFile(await download.path()), pdf, 'the same bytes');
        await screenshot(ar, 'ar-360-messages-files');
        await axeClean(ar, 'ar 360 a message with a picture and a PDF');
        assertNoAppErrors(arProblems);
      });
      assertNoAppErrors(frProblems);
    });
  });

  test('"Write to this association" starts a conversation with its inbox, which its officer answers', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, karim.email, karim.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#write-association').click();
      await page.waitForURL((u) => u.pathname === '/messages/new' && u.searchParams.get('association') === association.id);
      await assertText(page.locator('#new-inbox'), 'Association Oasis');
      await page.locator('#new-body').fill('Bonjour, comment adhérer à votre association ?');
      await page.locator('#new-conversation-form button[type="submit"]').click();
      await page.waitForURL(CONVERSATION, { timeout: 15_000 });
      await assertText(page.locator('#thread-title'), LOCALES.fr['msg.inbox_of'].replace('{name}', 'Association Oasis'));
      assertNoAppErrors(problems);
    });
    // The officer reads it among her conversations, and answers signed as the association.
    const token = await accessToken(server, amina);
    const mine = await authed(server, token, 'GET', '/api/v1/conversations');
    const inbox = mine.items.find((c) => c.kind === 'inbox');
    assert.ok(inbox, 'the officer has the inbox conversation');
    await authed(server, token, 'POST', `/api/v1/conversations/${inbox.id}/messages`, { body: 'Bienvenue, passez nous voir samedi.' });
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, karim.email, karim.password);
      await page.goto(`/messages/${inbox.id}`);
      const answer = page.locator('#thread-messages li', { hasText: 'passez nous voir' });
      await answer.waitFor();
      await assertText(answer.locator('.message__author'), 'Association Oasis');
      assertNoAppErrors(problems);
    });
  });

  test('starting a conversation with a member who refuses messages, or with no connection, says why in French', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, karim.email, karim.password);
      await page.goto('/messages/new');
      await page.locator(`#new-with option[value="${nora.id}"]`).waitFor({ state: 'attached' });
      await page.locator('#new-with').selectOption(nora.id);
      await page.locator('#new-body').fill('Bonjour Nora !');
      await page.locator('#new-conversation-form button[type="submit"]').click();
      const summary = page.locator('.error-summary');
      await assertText(summary, LOCALES.fr['error.messages_refused'].replaceAll('\u00a0', ' ').split(' :')[0]);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'the summary takes the focus');
      assert.equal(new URL(page.url()).pathname, '/messages/new', 'no conversation was made');

      // Someone who is neither a connection nor a fellow member (from a link naming them).
      await page.goto(`/messages/new?with=${stranger.id}`);
      await page.locator(`#new-with option[value="${stranger.id}"]`).waitFor({ state: 'attached' });
      assert.equal(await page.locator('#new-with').inputValue(), stranger.id, 'the member the link names is chosen');
      await page.locator('#new-body').fill('Bonjour Sami.');
      await page.locator('#new-conversation-form button[type="submit"]').click();
      await assertText(summary, LOCALES.fr['error.connection_required'].split('\u00a0')[0]);
      await screenshot(page, 'fr-360-new-conversation-refused');
      await axeClean(page, 'fr 360 /messages/new');
      assertNoAppErrors(problems);
    });
  });

  test('where no WebSocket opens, new messages still come, by long polls', { timeout: 120_000 }, async (t) => {
    assert.ok(conversation, 'the first test made a conversation');
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ context, page, problems }) => {
      // A network that refuses WebSockets, as some proxies do.
      await context.addInitScript(() => {
        window.WebSocket = function WebSocket() {
          throw new DOMException('refused', 'SecurityError');
        };
      });
      const polls = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/events') polls.push(new URL(r.url()).searchParams.get('wait'));
      });
      await logIn(page, karim.email, karim.password);
      await page.goto(`/messages/${conversation}`);
      await page.locator('#thread-messages li').first().waitFor();
      await authed(server, await accessToken(server, amina), 'POST', `/api/v1/conversations/${conversation}/messages`, {
        body: 'Je passe par le relais : tout va bien.',
      });
      await page.locator('#thread-messages li', { hasText: 'tout va bien' }).waitFor({ timeout: 20_000 });
      assert.ok(polls.includes('25'), `the events were read by long polls: ${JSON.stringify(polls)}`);
      assertNoAppErrors(problems);
    });
  });

  test('a member opening another\'s conversation gets the not-found page', { timeout: 60_000 }, async (t) => {
    assert.ok(conversation, 'the first test made a conversation');
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, nora.email, nora.password);
      await page.goto(`/messages/${conversation}`);
      await assertText(page.locator('h1'), LOCALES.fr['notfound.title']);
      assert.equal(await page.locator('#thread-messages li').count(), 0, 'none of its messages shows');
      assertNoAppErrors(problems);
    });
  });

  test('a group: "Seen by" comes live; its starter removes a member, another adds them back and leaves; a profile offers "Send a message"', { timeout: 240_000 }, async (t) => {
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page: fr, problems: frProblems }) => {
      await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page: ar, problems: arProblems }) => {
        await logIn(fr, karim.email, karim.password);
        await logIn(ar, amina.email, amina.password);

        // Karim starts a group with Amina and Farid.
        await fr.goto('/messages/new');
        await fr.locator('#new-kind-group').check();
        await fr.locator('#new-title').fill('Bureau de la Oasis');
        await fr.locator(`#new-person-${amina.id}`).check();
        await fr.locator(`#new-person-${farid.id}`).check();
        await fr.locator('#new-body').fill("L'assemblée générale est samedi.");
        await fr.locator('#new-conversation-form button[type="submit"]').click();
        await fr.waitForURL(CONVERSATION, { timeout: 15_000 });
        const group = new URL(fr.url()).pathname.split('/')[2];
        const mine = fr.locator('#thread-messages li', { hasText: "L'assemblée générale est samedi." });
        await mine.waitFor();
        // Under his message, a live region that says nothing while nobody has read it.
        const seen = mine.locator('#thread-seen');
        await seen.waitFor({ state: 'attached' });
        assert.equal(await seen.getAttribute('aria-live'), 'polite');
        assert.equal((await seen.innerText()).trim(), '', 'nobody has read it yet');
        await fr.evaluate(() => {
          window.madaniSameDocument = true;
        });

        // Amina opens it on her phone: Karim sees "Seen by" with her name appear, without a reload.
        await ar.goto(`/messages/${group}`);
        await ar.locator('#thread-messages li', { hasText: 'assemblée générale' }).waitFor();
        await assertText(seen, LOCALES.fr['msg.seen_by'].replace('{names}', 'أمينة بن علي'));
        assert.ok(!(await seen.innerText()).includes('Farid'), 'Farid has not read it');
        assert.equal(await fr.evaluate(() => window.madaniSameDocument), true, 'no reload');

        // Karim, who started the group, removes Farid from the People dialog, after confirming.
        await fr.locator('#group-people').click();
        const dialog = fr.locator('#group-people-dialog');
        await dialog.waitFor({ state: 'visible' });
        await assertText(dialog.locator('#group-people-count'), '3 personnes');
        const faridRow = dialog.locator(`li[data-user="${farid.id}"]`);
        assert.equal(await dialog.locator(`li[data-user="${karim.id}"] .group-person__remove`).count(), 0, 'he does not remove himself');
        await faridRow.locator('.group-person__remove').click();
        const confirmRemove = fr.locator('dialog[aria-labelledby="remove-person-title"]');
        await assertText(confirmRemove, LOCALES.fr['msg.members.remove_title'].replaceAll('\u00a0', ' ').split(' ?')[0]);
        await confirmRemove.locator('.btn--danger').click();
        await fr.locator(`#group-people-list li.group-person--left[data-user="${farid.id}"]`).waitFor({ timeout: 15_000 });
        await assertText(faridRow, LOCALES.fr['msg.members.removed']);
        assert.equal(await faridRow.locator('.group-person__remove').count(), 0, 'who left is not removable');
        assert.ok(await dialog.isVisible(), 'the dialog stays open while the conversation is loaded again');
        await assertText(dialog.locator('#group-people-count'), '2 personnes');
        // Nora takes no messages: adding her is refused, and the form says why in French.
        await dialog.locator('#group-add').click();
        await dialog.locator(`#add-person-${nora.id}`).check();
        await dialog.locator('#add-people-form button[type="submit"]').click();
        await assertText(dialog.locator('.error-summary'), LOCALES.fr['error.messages_refused'].replaceAll('\u00a0', ' ').split(' :')[0]);
        assert.equal(await dialog.locator(`li[data-user="${nora.id}"]`).count(), 0, 'Nora is not in the group');

        // Amina, on the Arabic phone: she sees Farid gone, may not remove anyone, adds him back.
        await ar.locator('#group-people').click();
        const arDialog = ar.locator('#group-people-dialog');
        await arDialog.waitFor({ state: 'visible' });
        await ar.locator(`#group-people-list li.group-person--left[data-user="${farid.id}"]`).waitFor({ timeout: 15_000 });
        await assertText(arDialog.locator(`li[data-user="${farid.id}"]`), LOCALES.ar['msg.members.removed']);
        assert.equal(await arDialog.locator('.group-person__remove').count(), 0, 'only the starter removes people');
        await assertText(arDialog.locator('#group-people-title'), LOCALES.ar['msg.members.title']);
        await arDialog.locator('#group-add').click();
        const faridBox = arDialog.locator(`#add-person-${farid.id}`);
        await faridBox.waitFor();
        assert.equal(await arDialog.locator(`#add-person-${karim.id}`).count(), 0, 'who is in the group is not offered');
        const box = await arDialog.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= 360, `the dialog fits the phone: ${JSON.stringify(box)}`);
        await screenshot(ar, 'ar-360-group-people');
        await axeClean(ar, 'ar 360 the group People dialog');
        await faridBox.check();
        await arDialog.locator('#add-people-form button[type="submit"]').click();
        await ar.locator(`#group-people-list li[data-user="${farid.id}"]:not(.group-person--left)`).waitFor({ timeout: 15_000 });
        // Karim's open dialog follows, live.
        await fr.locator(`#group-people-list li[data-user="${farid.id}"]:not(.group-person--left)`).waitFor({ timeout: 15_000 });
        await assertText(dialog.locator('#group-people-count'), '3 personnes');

        // Amina leaves the group, after confirming, and is back on her conversations.
        await arDialog.locator('#group-leave').click();
        await ar.locator('dialog[aria-labelledby="leave-group-title"] .btn--danger').click();
        await waitForPath(ar, '/messages');
        await fr.locator(`#group-people-list li.group-person--left[data-user="${amina.id}"]`).waitFor({ timeout: 15_000 });
        await assertText(dialog.locator(`li[data-user="${amina.id}"]`), LOCALES.fr['msg.members.gone']);
        assertNoAppErrors(arProblems);
      });

      // A member's profile offers to write to them.
      await fr.goto(`/members/${amina.id}`);
      const write = fr.locator('#write-member');
      await write.waitFor();
      assert.equal(await write.getAttribute('href'), `/messages/new?with=${amina.id}`);
      await write.click();
      await fr.waitForURL((u) => u.pathname === '/messages/new' && u.searchParams.get('with') === amina.id);
      await fr.locator(`#new-with option[value="${amina.id}"]`).waitFor({ state: 'attached' });
      assert.equal(await fr.locator('#new-with').inputValue(), amina.id, 'the member is chosen');
      assertNoAppErrors(frProblems);
    });
  });
});
