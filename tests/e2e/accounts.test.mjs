// Madani in the browser, accounts (a.–c.): register, verify, log in, Arabic, change the password;
// cold deep links, /register, the not-found page, ?next=; the first load and a page area that fails to
// download; forgot password.
// Run: `node --test tests/e2e/` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createVerifiedUser, loginStatus, newCredentials } from './lib/api.mjs';
import { waitForSettled } from './lib/browser.mjs';
import { waitForEmailLink } from './lib/outbox.mjs';
import {
  assertNoAppErrors,
  assertText,
  isArabicPage,
  logIn,
  logInOnPage,
  submitOf,
  toastText,
  unlessFieldError,
  waitForNewToast,
  waitForPath,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

browserSuite('accounts', () => {
  test('a. register, verify, log in, stay signed in, switch to Arabic, change password, log out, log in again', { timeout: 120_000 }, async (t) => {
    await withPage(t, { lang: 'en' }, async ({ page, problems }) => {
      const { email, password } = newCredentials('flow');
      const newPassword = `${password} renewed`;

      // Register through the form.
      await page.goto('/register');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await page.locator('#display_name').fill('Nadia E2E');
      await page.locator('#preferred_language').selectOption('en');
      await submitOf(page, '#display_name').click();
      const verifyLink = await unlessFieldError(page, waitForEmailLink(server.outboxDir, email, '/verify-email'));

      // Follow the emailed link.
      await page.goto(verifyLink);
      await page.locator('#verify-result[data-status="ok"], #verify-result [data-status="ok"]').first().waitFor();

      // Log in, reload: still signed in.
      await logIn(page, email, password);
      await page.reload();
      await page.locator('#account-menu-button').waitFor({ state: 'visible' });
      await page.goto('/account');
      await assertText(page.locator('#account-email'), email);
      assert.equal(new URL(page.url()).pathname, '/account', 'a signed-in /account load must not redirect');

      // Switch to Arabic; it survives a reload.
      await page.locator('#lang-switcher').selectOption('ar');
      await isArabicPage(page);
      assert.equal(await page.evaluate(() => localStorage.getItem('madani.lang')), 'ar', 'localStorage madani.lang');
      await page.reload();
      await isArabicPage(page);
      assert.equal(await page.locator('#lang-switcher').inputValue(), 'ar', '#lang-switcher after a reload');

      // Change the password.
      await page.goto('/account/security');
      await page.waitForLoadState('networkidle');
      await page.locator('#current_password').fill(password);
      await page.locator('#new_password').fill(newPassword);
      const toastsBefore = await toastText(page);
      await submitOf(page, '#new_password').click();
      await unlessFieldError(page, waitForNewToast(page, toastsBefore));
      assert.equal(await loginStatus(server, email, password), 401, 'the old password must no longer work');
      await page.locator('#account-menu-button').waitFor({ state: 'visible' });

      // Log out.
      await page.locator('#account-menu-button').click();
      await page.locator('#logout').click();
      await page.locator('a[href="/login"]').first().waitFor({ state: 'visible' });
      await page.locator('#account-menu-button').waitFor({ state: 'hidden' });

      // Signed out, /account sends to the login page, which brings back to /account.
      await page.goto('/account');
      await waitForPath(page, '/login', '/account');
      assert.match(page.url(), /\/login\?next=(%2F|\/)account$/);
      await logInOnPage(page, email, newPassword);
      await waitForPath(page, '/account');
      await assertText(page.locator('#account-email'), email);
      await isArabicPage(page);

      assertNoAppErrors(problems);
    });
  });

  // b. No stored language, no cookies: what a visitor following a shared link gets.
  test('b. cold deep link to /account/security while signed out → /login?next=… → back there after login', { timeout: 60_000 }, async (t) => {
    const user = await createVerifiedUser(server, { tag: 'deep' });
    await withPage(t, { lang: null }, async ({ page, problems }) => {
      await page.goto('/account/security');
      await waitForPath(page, '/login', '/account/security');
      await page.locator('#email').waitFor({ state: 'visible' });
      await logInOnPage(page, user.email, user.password);
      await waitForPath(page, '/account/security');
      await page.locator('#current_password').waitFor({ state: 'visible' });
      assertNoAppErrors(problems);
    });
  });

  test('b. cold /register renders the register form', { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: null }, async ({ page, problems }) => {
      const res = await page.goto('/register');
      assert.equal(res.status(), 200);
      for (const id of ['#email', '#password', '#display_name', '#preferred_language']) {
        await page.locator(id).waitFor({ state: 'visible' });
      }
      await submitOf(page, '#display_name').waitFor({ state: 'visible' });
      assert.equal(new URL(page.url()).pathname, '/register');
      assertNoAppErrors(problems);
    });
  });

  test('b. cold unknown path /nope/deeper renders the not-found page with a link home', { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: null }, async ({ page, problems }) => {
      await page.goto('/');
      await page.locator('h1').first().waitFor();
      const homeHeading = (await page.locator('h1').first().innerText()).trim();

      const res = await page.goto('/nope/deeper');
      assert.equal(res.status(), 200, 'unknown paths are served the app (SPA), which shows not-found');
      await page.locator('h1').first().waitFor();
      const heading = (await page.locator('h1').first().innerText()).trim();
      assert.notEqual(heading, homeHeading, 'the not-found page must not show the home page');
      const home = page.locator('main a[href="/"]').first();
      await home.waitFor({ state: 'visible' }).catch(() => assert.fail('no link home (a[href="/"]) in <main>'));
      assert.equal(new URL(page.url()).pathname, '/nope/deeper', 'not-found keeps the URL');
      await home.click();
      await waitForPath(page, '/');
      assertNoAppErrors(problems);
    });
  });

  test('b. ?next= never leads off the site', { timeout: 60_000 }, async (t) => {
    const user = await createVerifiedUser(server, { tag: 'next' });
    await withPage(t, { lang: 'en' }, async ({ page, context }) => {
      const offsite = [];
      await context.route(
        (url) => url.origin !== server.base,
        (route) => {
          offsite.push(route.request().url());
          return route.abort();
        },
      );
      await page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
      await logInOnPage(page, user.email, user.password).catch((e) => {
        assert.deepEqual(offsite, [], 'logging in sent the browser off the site');
        throw e;
      });
      await page.waitForLoadState('networkidle');
      assert.equal(new URL(page.url()).origin, server.base);
      assert.deepEqual(offsite, [], 'logging in sent the browser off the site');
      // Signed in already: a protocol-relative `next` must not be followed either.
      await page.goto('/login?next=%2F%2Fevil.example%2F');
      await page.waitForLoadState('networkidle');
      assert.deepEqual(offsite, [], '/login?next=//evil.example/ sent the browser off the site');
      assert.equal(new URL(page.url()).origin, server.base);
    });
  });

  test('b. the first visit fetches only the shell; a page area comes when opened, and a failed download says so and recovers', { timeout: 90_000 }, async (t) => {
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      const wasm = [];
      page.on('request', (r) => {
        if (/\.(wasm|bin)$/.test(r.url())) wasm.push(new URL(r.url()).pathname);
      });
      await page.goto('/');
      await waitForSettled(page);
      assert.deepEqual(wasm.filter((p) => !/^\/madani-web-[0-9a-f]+\.wasm$/.test(p)), [], 'the home page needs no page module');

      // The courses area cannot be downloaded (a broken link): the page says so, the app goes on.
      const blocked = /\/pack_learning-[0-9a-f]+\.bin$/;
      await page.route(blocked, (route) => route.abort('internetdisconnected'));
      await page.locator('nav a[href="/courses"]').click();
      const alert = page.locator('main [role="alert"]');
      await alert.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await alert.innerText(), /connexion/);
      assert.equal(new URL(page.url()).pathname, '/courses');
      await page.locator('nav a[href="/associations"]').click();
      await page.locator('#directory-q').waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(wasm.some((p) => /^\/pack_associations-/.test(p)), 'the directory fetched its area');
      assert.ok(wasm.every((p) => !/\/(chunk|split)_/.test(p)), `areas come in packs, not module by module: ${wasm.join(' ')}`);

      await page.goBack();
      await alert.waitFor({ state: 'visible', timeout: 30_000 });

      // The link is back: "Try again" reloads, and the catalog opens.
      await page.unroute(blocked);
      await page.locator('main [role="alert"] button').click();
      await page.locator('#catalog-q').waitFor({ state: 'visible', timeout: 30_000 });
      await waitForSettled(page);
      assert.equal(await page.locator('main [role="alert"]').count(), 0, 'the catalog shows once its module loads');
      assertNoAppErrors(problems);
    });
  });

  test('c. forgot password → emailed link → new password → log in with it', { timeout: 90_000 }, async (t) => {
    const user = await createVerifiedUser(server, { tag: 'reset', lang: 'fr' });
    const newPassword = `${user.password} again`;
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await page.goto('/forgot-password');
      await page.locator('#email').fill(user.email);
      await submitOf(page, '#email').click();
      const link = await unlessFieldError(page, waitForEmailLink(server.outboxDir, user.email, '/reset-password'));

      await page.goto(link);
      await page.waitForLoadState('networkidle');
      await page.locator('#new_password').fill(newPassword);
      const toastsBefore = await toastText(page);
      await submitOf(page, '#new_password').click();
      // Done when the app says so (a toast) or moves on to the login page.
      await unlessFieldError(
        page,
        Promise.any([waitForNewToast(page, toastsBefore), waitForPath(page, '/login')]).catch(() => {
          throw new Error('no toast and no move to /login after setting the new password');
        }),
      );
      assert.equal(await loginStatus(server, user.email, user.password), 401, 'the old password must no longer work');

      await logIn(page, user.email, newPassword);
      await page.goto('/account');
      await assertText(page.locator('#account-email'), user.email);
      assertNoAppErrors(problems);
    });
  });
});
