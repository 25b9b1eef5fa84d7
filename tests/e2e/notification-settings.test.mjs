// Madani in the browser, notifications that reach people as they choose (issue #15): each topic in
// the app or not and by email at once, in a digest or never, kept after a reload; and an email's
// unsubscribe link, opened without signing in, that says what stops and stops it in one click
// (a forged one is refused).
// Run: `node --test tests/e2e/notification-settings.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accessToken, api, createVerifiedUser } from './lib/api.mjs';
import { formatViolations, runAxe, screenshot, waitForSettled } from './lib/browser.mjs';
import { listEmails } from './lib/outbox.mjs';
import { assertNoAppErrors, assertText, logIn, NARROW, WIDE, waitForNewToast, toastText, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

async function settingsOf(user) {
  const res = await fetch(`${server.base}/api/v1/me/notification-settings`, {
    headers: { authorization: `Bearer ${await accessToken(server, user)}` },
  });
  assert.equal(res.status, 200);
  return res.json();
}

async function askToConnect(from, to) {
  const res = await fetch(`${server.base}/api/v1/connections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken(server, from)}` },
    body: JSON.stringify({ user_id: to.id }),
  });
  assert.equal(res.status, 201, await res.text());
}

/** The unsubscribe page's address in the newest email to `to` that has one. */
async function unsubscribeLink(to) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    for (const email of listEmails(server.outboxDir)) {
      if (!email.to.includes(to)) continue;
      const m = email.body.match(/https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]{44,}/);
      if (m) return { page: new URL(m[0]), header: email.headers['list-unsubscribe'] };
    }
    assert.ok(Date.now() < deadline, `no email to ${to} with an unsubscribe link`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

browserSuite('notification settings', () => {
  test('a member chooses, topic by topic, how notifications reach them (Arabic, 360 px)', { timeout: 90_000 }, async (t) => {
    const member = await createVerifiedUser(server, { tag: 'prefs', lang: 'ar', displayName: 'أمينة' });
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/my/notifications');
      await waitForSettled(page);
      const email = page.locator('#topic-network-email');
      await email.waitFor();
      assert.equal(await email.inputValue(), 'immediately');
      // The essential topic cannot be changed.
      assert.ok(await page.locator('#topic-association-email').isDisabled());
      assert.ok(await page.locator('#topic-association-app').isDisabled());

      let before = await toastText(page);
      await email.selectOption('daily');
      await waitForNewToast(page, before);
      before = await toastText(page);
      await page.locator('#topic-projects-app').uncheck();
      await waitForNewToast(page, before);
      before = await toastText(page);
      await page.locator('#notification-time-zone').selectOption('Africa/Casablanca');
      await waitForNewToast(page, before);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the settings fit 360 px (${width})`);
      await screenshot(page, 'ar-360-notification-settings');

      await page.reload();
      await page.locator('#topic-network-email').waitFor();
      await waitForSettled(page);
      assert.equal(await page.locator('#topic-network-email').inputValue(), 'daily');
      assert.equal(await page.locator('#topic-projects-app').isChecked(), false);
      assert.equal(await page.locator('#notification-time-zone').inputValue(), 'Africa/Casablanca');
      const saved = await settingsOf(member);
      const network = saved.topics.find((x) => x.topic === 'network');
      assert.equal(network.email, 'daily');
      assert.equal(saved.topics.find((x) => x.topic === 'projects').in_app, false);
      assertNoAppErrors(problems);
    });
  });

  test("an email's unsubscribe link works without signing in, and a forged one does not", { timeout: 90_000 }, async (t) => {
    const me = await createVerifiedUser(server, { tag: 'unsub', lang: 'fr', displayName: 'Nadia' });
    const bob = await createVerifiedUser(server, { tag: 'unsub-bob', lang: 'fr', displayName: 'Bob' });
    await askToConnect(bob, me);
    const { page: link, header } = await unsubscribeLink(me.email);
    assert.match(header ?? '', /^<https?:\/\/\S+\/api\/v1\/unsubscribe\/\S+>$/, 'the List-Unsubscribe header');

    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      // A forged link: the page says it is not valid, and nothing changes.
      const token = link.pathname.split('/').pop();
      const [payload, signature] = [token.slice(0, -43), token.slice(-43)];
      const forged = `${payload}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      await page.goto(`/unsubscribe/${forged}`);
      await assertText(page.locator('main'), "n'est pas valide");
      assert.equal(await page.locator('#unsubscribe-button').count(), 0);

      await page.goto(link.pathname);
      await assertText(page.locator('#unsubscribe'), 'Demandes de mise en relation');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations('fr /unsubscribe', violations));
      await page.locator('#unsubscribe-button').click();
      await page.locator('#unsubscribe-done').waitFor();
      await screenshot(page, 'fr-1280-unsubscribed');
      assertNoAppErrors(problems);
    });
    const saved = await settingsOf(me);
    assert.equal(saved.topics.find((x) => x.topic === 'network').email, 'never');
    assert.equal(saved.email_enabled, true, 'only that topic stopped');
    // The API's one-click address answers a mail client's POST, again harmlessly.
    const oneClick = header.slice(1, -1).replace(/^https?:\/\/[^/]+/, '');
    const res = await api(server, 'POST', oneClick, undefined);
    assert.equal(res.status, 200);
  });
});
