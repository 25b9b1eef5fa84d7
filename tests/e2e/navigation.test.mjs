// Madani in the browser, navigation (issue #11, item 4): on a phone a menu button opens a panel with
// every item the reader may use (staff's "Verification" included), closed by Escape (the focus back on
// the button) and by choosing an item, mirrored in Arabic; the header stays one row at 360 px in
// French; the account's tabs are all in sight at 360 and 1280 px.
// Run: `node --test tests/e2e/navigation.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createVerifiedUser } from './lib/api.mjs';
import { screenshot, waitForSettled } from './lib/browser.mjs';
import { assertNoAppErrors, logIn, NARROW, waitForPath, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

/** What the main navigation holds for a signed-in member of staff. */
const STAFF_ITEMS = ['/', '/associations', '/courses', '/consultations', '/projects', '/calendar', '/circles', '/my/associations', '/my/network', '/staff/verification'];

/** Staff, made as an operator would. */
async function staffUser(tag, lang) {
  const user = await createVerifiedUser(server, { tag, lang, displayName: 'Samira Staff' });
  server.cli(['admin', 'create', '--email', user.email]);
  return user;
}

/**
 * The header's row: the boxes of its visible parts (the closed panel is not one), its height, and
 * whether they all cross one horizontal line (they sit on a single row).
 */
function headerRow(page) {
  return page.evaluate(() => {
    const inner = document.querySelector('.site-header__inner');
    const parts = [...inner.children]
      .filter((el) => el.getClientRects().length > 0 && !el.matches('.site-menu'))
      .map((el) => el.getBoundingClientRect());
    const style = getComputedStyle(inner);
    const content = inner.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return {
      count: parts.length,
      oneRow: Math.max(...parts.map((r) => r.top)) < Math.min(...parts.map((r) => r.bottom)),
      content,
      tallest: Math.max(...parts.map((r) => r.height)),
      right: Math.max(...parts.map((r) => r.right)),
      left: Math.min(...parts.map((r) => r.left)),
    };
  });
}

/** The links of the open panel's navigation: href, shown, and inside the viewport's width. */
function panelLinks(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#site-menu nav a')].map((a) => {
      const r = a.getBoundingClientRect();
      return {
        href: a.getAttribute('href'),
        shown: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility === 'visible',
        inside: r.left >= 0 && r.right <= window.innerWidth,
      };
    }),
  );
}

/** Open the panel with the menu button and check it, its links and the focus in it. */
async function openPanel(page, { label }) {
  const toggle = page.locator('#nav-toggle');
  await toggle.waitFor({ state: 'visible' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.getAttribute('aria-controls'), 'site-menu');
  assert.match((await toggle.innerText()).trim(), label, 'the menu button is labelled in the page language');
  assert.equal(await page.locator('#site-menu').isVisible(), false, 'the panel starts closed');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.locator('#site-menu a[href="/staff/verification"]').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement?.closest('#site-menu nav') != null, null, { timeout: 5_000 });
}

browserSuite('navigation', () => {
  test('4. staff at 360 px in Arabic: a menu button opens every item, Verification included; Escape and a choice close it; mirrored', { timeout: 90_000 }, async (t) => {
    const staff = await staffUser('nav-ar', 'ar');
    await withPage(t, { lang: 'ar', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, staff.email, staff.password);
      await page.goto('/associations');
      await waitForSettled(page);
      const row = await headerRow(page);
      assert.ok(row.oneRow, `the header is one row at 360 px: ${JSON.stringify(row)}`);
      assert.ok(row.right <= 360 && row.left >= 0, `the header fits in 360 px: ${JSON.stringify(row)}`);

      await openPanel(page, { label: /القائمة/ });
      const links = await panelLinks(page);
      assert.deepEqual(links.map((l) => l.href), STAFF_ITEMS);
      for (const l of links) assert.ok(l.shown && l.inside, `${l.href} is shown inside the screen: ${JSON.stringify(l)}`);
      await page.locator('#lang-switcher').waitFor({ state: 'visible' });
      await screenshot(page, 'ar-360-nav-open');

      // Mirrored: the button is at the start of the row, on the right in Arabic.
      const [toggleBox, brandBox] = [await page.locator('#nav-toggle').boundingBox(), await page.locator('.brand').boundingBox()];
      assert.ok(toggleBox.x > brandBox.x, 'in Arabic the menu button is right of the brand');

      // Escape closes it and gives the focus back to the button.
      await page.keyboard.press('Escape');
      await page.locator('#site-menu').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('#nav-toggle').getAttribute('aria-expanded'), 'false');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'nav-toggle', 'the focus is back on the menu button');

      // Choosing an item goes there and closes the panel.
      await openPanel(page, { label: /القائمة/ });
      await page.locator('#site-menu a[href="/staff/verification"]').click();
      await waitForPath(page, '/staff/verification');
      await page.locator('#site-menu').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('#nav-toggle').getAttribute('aria-expanded'), 'false');
      await waitForSettled(page);
      await screenshot(page, 'ar-360-nav-verification');
      assertNoAppErrors(problems);
    });
  });

  test('4. at 360 px in French the header is one row, signed out and signed in as staff; the panel shows Verification', { timeout: 90_000 }, async (t) => {
    const staff = await staffUser('nav-fr', 'fr');
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await page.goto('/');
      await waitForSettled(page);
      let row = await headerRow(page);
      assert.ok(row.oneRow, `signed out, the French header is one row: ${JSON.stringify(row)}`);
      assert.ok(row.content <= row.tallest + 1, `its height is one row's: ${JSON.stringify(row)}`);
      assert.ok(row.right <= 360 && row.left >= 0, `it fits in 360 px: ${JSON.stringify(row)}`);
      await screenshot(page, 'fr-360-header-signed-out');

      await logIn(page, staff.email, staff.password);
      await page.goto('/courses');
      await waitForSettled(page);
      row = await headerRow(page);
      assert.ok(row.oneRow, `signed in, the French header is one row: ${JSON.stringify(row)}`);
      assert.ok(row.content <= row.tallest + 1, `its height is one row's: ${JSON.stringify(row)}`);
      assert.ok(row.right <= 360 && row.left >= 0, `it fits in 360 px: ${JSON.stringify(row)}`);

      await openPanel(page, { label: /Menu/ });
      const links = await panelLinks(page);
      assert.deepEqual(links.map((l) => l.href), STAFF_ITEMS);
      for (const l of links) assert.ok(l.shown && l.inside, `${l.href} is shown inside the screen: ${JSON.stringify(l)}`);
      assert.match(await page.locator('#site-menu a[href="/staff/verification"]').innerText(), /Vérification/);
      // Mirrored: on the left in French.
      const [toggleBox, brandBox] = [await page.locator('#nav-toggle').boundingBox(), await page.locator('.brand').boundingBox()];
      assert.ok(toggleBox.x < brandBox.x, 'in French the menu button is left of the brand');
      await screenshot(page, 'fr-360-nav-open');
      // A link to the page already shown closes the panel too.
      await page.locator('#site-menu a[href="/courses"]').click();
      await page.locator('#site-menu').waitFor({ state: 'hidden' });
      assertNoAppErrors(problems);
    });
  });

  test('4. at 1280 px the navigation is in the row, with no menu button, every item in sight', { timeout: 60_000 }, async (t) => {
    const staff = await staffUser('nav-wide', 'fr');
    await withPage(t, { lang: 'fr', viewport: WIDE }, async ({ page, problems }) => {
      await logIn(page, staff.email, staff.password);
      await page.goto('/');
      await waitForSettled(page);
      assert.equal(await page.locator('#nav-toggle').isVisible(), false, 'no menu button on a wide screen');
      const links = await panelLinks(page);
      assert.deepEqual(links.map((l) => l.href), STAFF_ITEMS);
      for (const l of links) assert.ok(l.shown && l.inside, `${l.href} is shown: ${JSON.stringify(l)}`);
      const row = await headerRow(page);
      assert.ok(row.oneRow, `the header is one row at 1280 px: ${JSON.stringify(row)}`);
      assertNoAppErrors(problems);
    });
  });

  for (const lang of ['ar', 'fr']) {
    test(`4. the account's tabs are all in sight at 360 and 1280 px (${lang})`, { timeout: 60_000 }, async (t) => {
      const user = await createVerifiedUser(server, { tag: `tabs-${lang}`, lang, displayName: 'Yacine' });
      await withPage(t, { lang, viewport: WIDE }, async ({ page, problems }) => {
        await logIn(page, user.email, user.password);
        await page.goto('/account/security');
        await waitForSettled(page);
        for (const viewport of [WIDE, NARROW]) {
          await page.setViewportSize(viewport);
          const tabs = await page.evaluate(() => {
            const nav = document.querySelector('main nav.tabs');
            const box = nav.getBoundingClientRect();
            const tops = [...nav.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top));
            return {
              rows: new Set(tops).size,
              overflow: nav.scrollWidth > nav.clientWidth + 1,
              links: [...nav.querySelectorAll('a')].map((a) => {
                const r = a.getBoundingClientRect();
                return {
                  href: a.getAttribute('href'),
                  inside: r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.right <= window.innerWidth,
                };
              }),
            };
          });
          assert.equal(tabs.overflow, false, `no tab hidden past the edge at ${viewport.width} px`);
          assert.deepEqual(
            tabs.links.map((l) => l.href),
            ['/account', '/account/profile', '/account/security', '/account/data', '/account/messages'],
          );
          for (const l of tabs.links) assert.ok(l.inside, `${l.href} is in sight at ${viewport.width} px`);
          if (viewport === WIDE) assert.equal(tabs.rows, 1, 'on a laptop the tabs are one row');
          await screenshot(page, `${lang}-${viewport.width}-account-tabs`);
        }
        assertNoAppErrors(problems);
      });
    });
  }
});
