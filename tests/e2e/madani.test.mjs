// Madani in a real browser: the `madani` server (with the built web app) driven by headless Chromium.
// Run: `node --test tests/e2e/` (see README.md here for the environment variables).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addLesson,
  associationBody,
  completeCourse,
  createAssociation,
  createDraftCourse,
  createPublishedCourse,
  createQuizCourse,
  createVerifiedUser,
  disableUser,
  getCourse,
  joinAssociation,
  loginStatus,
  myCertificates,
  newCredentials,
  takeQuiz,
  uploadCover,
  uploadLessonVideo,
} from './lib/api.mjs';
import {
  ARTIFACTS,
  bounded,
  CHROMIUM,
  formatViolations,
  launchBrowser,
  newContext,
  nextFrames,
  runAxe,
  screenshot,
  waitForSettled,
  watchPage,
} from './lib/browser.mjs';
import { tinyPng, webmHeader } from './lib/media.mjs';
import { waitForEmailLink } from './lib/outbox.mjs';
import { MADANI_BIN, MADANI_WEB_DIR, startServer } from './lib/server.mjs';

const DB_KIND = /^postgres(ql)?:\/\//.test(process.env.E2E_DATABASE_URL || '') ? 'postgres' : 'sqlite';
const ARABIC = /[\u0600-\u06FF]/;
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 800 };
const ACCOUNT_PAGES = new Set([
  'account',
  'account-security',
  'account-data',
  'new-association',
  'my-associations',
  'verification',
  'import',
  'audit-log',
  'member-profile-edit',
  'my-network',
  'edit-association',
  'notifications',
  'new-course',
  'edit-course',
  'edit-course-lesson',
  'edit-course-quiz',
  'edit-course-stats',
  'edit-course-video',
  'course-enrol',
  'lesson',
  'my-learning',
  'my-certificates',
  'certificate',
]);

/** Views of a page reached by a click: the trainers' editor with a form or a tab open. */
const OPEN = {
  async lessonForm(page) {
    await page.locator('.edit-lesson').first().click();
    await page.locator('#lesson-edit-form').waitFor({ timeout: 15_000 });
  },
  async quizBuilder(page) {
    await page.locator('.edit-quiz').first().click();
    await page.locator('#quiz-editor-form').waitFor({ timeout: 15_000 });
    await page.locator('#quiz-preview-toggle').click();
    await page.locator('#quiz-preview fieldset').first().waitFor({ timeout: 15_000 });
  },
  async stats(page) {
    await page.locator('#tab-stats').click();
    await page.locator('#course-stats .stats-quiz').first().waitFor({ timeout: 15_000 });
  },
  /** The last lesson's form: the demo course's video lesson, with its uploaded file. */
  async videoForm(page) {
    await page.locator('li.editor-lesson').last().locator('.edit-lesson').click();
    await page.locator('#lesson-video-remove').waitFor({ timeout: 15_000 });
  },
  /** The officers' panel on a course page, open, listing the association's members. */
  async enrolPanel(page) {
    await page.locator('#enrol-members-open').click();
    await page.locator('#enrol-member-list li').first().waitFor({ timeout: 15_000 });
  },
};

/** Every page checked with axe and photographed: [name, path, then what to open on it]. */
const PAGES = [
  ['home', '/'],
  ['login', '/login'],
  ['register', '/register'],
  ['forgot-password', '/forgot-password'],
  ['reset-password', '/reset-password?token=x'],
  ['verify-email', '/verify-email?token=x'],
  ['not-found', '/nope/deeper'],
  ['account', '/account'],
  ['account-security', '/account/security'],
  ['account-data', '/account/data'],
  ['directory', '/associations'],
  ['association', '/associations/:demo'],
  ['new-association', '/associations/new'],
  ['edit-association', '/associations/:demo/edit'],
  ['my-associations', '/my/associations'],
  ['notifications', '/my/notifications'],
  ['verification', '/staff/verification'],
  ['import', '/staff/import'],
  ['audit-log', '/staff/audit'],
  ['member', '/members/:me'],
  ['member-profile-edit', '/account/profile'],
  ['my-network', '/my/network'],
  ['courses', '/courses'],
  ['course', '/courses/:course'],
  ['course-enrol', '/courses/:course', OPEN.enrolPanel],
  ['lesson', '/courses/:course/lessons/:lesson'],
  ['new-course', '/courses/new'],
  ['edit-course', '/courses/:course/edit'],
  ['edit-course-lesson', '/courses/:course/edit', OPEN.lessonForm],
  ['edit-course-video', '/courses/:course/edit', OPEN.videoForm],
  ['edit-course-quiz', '/courses/:quizcourse/edit', OPEN.quizBuilder],
  ['edit-course-stats', '/courses/:quizcourse/edit', OPEN.stats],
  ['my-learning', '/my/learning'],
  ['my-certificates', '/my/certificates'],
  ['certificate', '/certificates/:certificate'],
  ['verify', '/verify'],
  ['verify-code', '/verify/:code'],
];

let server;
let browser;
const started = Date.now();
const summary = { axe: [], screenshots: [] };

// ---------------------------------------------------------------------------------------------------
// Helpers

/** A new browser context and page for one test; on failure, the error tells where the page was. */
async function withPage(t, options, fn) {
  const context = await newContext(browser, server.base, options);
  const page = await context.newPage();
  const problems = watchPage(page);
  try {
    await fn({ context, page, problems });
  } catch (e) {
    throw await explainFailure(t, page, problems, e);
  } finally {
    await context.close();
  }
}

/** The original error plus the page's URL, heading, field errors, toasts, console and the server log. */
async function explainFailure(t, page, problems, e, { quiet = false } = {}) {
  const lines = [e.message, '', `--- page: ${page.url()}`];
  try {
    const state = await bounded(page.evaluate(() => {
      const text = (el) => el.innerText.replace(/\s+/g, ' ').trim();
      return {
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        h1: [...document.querySelectorAll('h1')].map(text),
        fieldErrors: [...document.querySelectorAll('[id$="-error"]')].map((el) => `#${el.id}: ${text(el)}`).filter((s) => !s.endsWith(': ')),
        invalid: [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => `#${el.id}`),
        toasts: [...document.querySelectorAll('[role="status"]')].map(text).filter(Boolean),
      };
    }), 5_000, 'reading the page state');
    lines.push(`    <html lang="${state.lang}" dir="${state.dir}">  h1: ${JSON.stringify(state.h1)}`);
    if (state.fieldErrors.length) lines.push(`    field errors: ${state.fieldErrors.join(' | ')}`);
    if (state.invalid.length) lines.push(`    aria-invalid: ${state.invalid.join(' ')}`);
    if (state.toasts.length) lines.push(`    toasts: ${state.toasts.join(' | ')}`);
    const shot = await screenshot(page, `failure-${slug(t.name)}`);
    lines.push(`    screenshot: ${relative(process.cwd(), shot)}`);
  } catch {
    lines.push('    (page state unavailable)');
  }
  if (!quiet) {
    if (problems.length) lines.push('--- browser console', ...problems.slice(-15).map((p) => `    ${p}`));
    lines.push('--- server log (last 15 lines)', ...server.log().split('\n').slice(-15).map((l) => `    ${l}`));
  }
  const err = new Error(lines.join('\n'));
  err.stack = `${err.message}\n${(e.stack || '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).join('\n')}`;
  return err;
}

function slug(s) {
  return s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase();
}

/** Uncaught exceptions (a WASM panic) and Content-Security-Policy refusals are bugs of the app. */
function assertNoAppErrors(problems) {
  const bad = problems.filter((p) => p.startsWith('page error:') || /Content Security Policy/i.test(p));
  assert.deepEqual(bad, [], 'the browser reported uncaught errors or CSP violations');
}

/** The submit button of the form holding `inputSelector`. */
function submitOf(page, inputSelector) {
  return page.locator('form', { has: page.locator(inputSelector) }).locator('button[type="submit"]');
}

/** The text of the toasts: the `.toasts` region(s), else every `[role="status"]` element. */
function currentToasts() {
  const regions = document.querySelectorAll('.toasts');
  const els = regions.length ? regions : document.querySelectorAll('[role="status"]');
  return [...els].map((el) => el.innerText.trim()).join('\n');
}

function toastText(page) {
  return page.evaluate(currentToasts);
}

/** Wait for the toasts to show text they did not show before; it must be inside a `[role="status"]`. */
async function waitForNewToast(page, before) {
  await page.waitForFunction(
    (prev) => {
      // (the same as currentToasts: a predicate cannot call functions of this file)
      const regions = document.querySelectorAll('.toasts');
      const els = regions.length ? regions : document.querySelectorAll('[role="status"]');
      const now = [...els].map((el) => el.innerText.trim()).join('\n');
      return now !== '' && now !== prev;
    },
    before,
    { timeout: 15_000 },
  );
  const announced = await page.evaluate(() =>
    [...document.querySelectorAll('[role="status"]')].some((el) => el.innerText.trim() !== ''),
  );
  assert.ok(announced, 'the toast must be inside a [role="status"] live region');
  return toastText(page);
}

/** Wait until the form shows a field error or `promise` resolves; a field error fails the test. */
async function unlessFieldError(page, promise) {
  const fieldError = page
    .locator('[aria-invalid="true"]')
    .first()
    .waitFor({ state: 'attached', timeout: 60_000 })
    .then(async () => {
      const errors = await page.evaluate(() =>
        [...document.querySelectorAll('[id$="-error"]')].map((el) => `#${el.id}: ${el.innerText.trim()}`),
      );
      throw new Error(`the form showed field errors: ${errors.join(' | ') || '(no #<id>-error text)'}`);
    });
  fieldError.catch(() => {}); // settled or not, it must never be an unhandled rejection
  return Promise.race([promise, fieldError]);
}

/** Wait to be at `pathname` (with `?next=` equal to `next`, when given); say where the page is otherwise. */
async function waitForPath(page, pathname, next) {
  try {
    await page.waitForURL(
      (url) => url.pathname === pathname && (next === undefined || url.searchParams.get('next') === next),
      { timeout: 15_000 },
    );
  } catch {
    const want = next === undefined ? pathname : `${pathname}?next=${encodeURIComponent(next)}`;
    assert.fail(`expected to be at ${want}, but the page is at ${page.url()}`);
  }
}

/** Fill the login form (the page must be /login) and wait to be signed in. */
async function logInOnPage(page, email, password) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await submitOf(page, '#password').click();
  await unlessFieldError(page, page.locator('#account-menu-button').waitFor({ state: 'visible' }));
}

async function logIn(page, email, password) {
  await page.goto('/login');
  await logInOnPage(page, email, password);
}

function isArabicPage(page) {
  return page.waitForFunction(
    (re) => {
      const h1 = document.querySelector('h1');
      return (
        document.documentElement.lang === 'ar' &&
        document.documentElement.dir === 'rtl' &&
        h1 !== null &&
        new RegExp(re).test(h1.innerText)
      );
    },
    ARABIC.source,
    { timeout: 15_000 },
  );
}

// ---------------------------------------------------------------------------------------------------

describe(`Madani in the browser (${DB_KIND})`, { concurrency: false }, () => {
  before(
    async () => {
      assert.ok(
        existsSync(join(MADANI_WEB_DIR, 'index.html')),
        `no built web app at ${MADANI_WEB_DIR}/index.html (build web/ first, or set MADANI_WEB_DIR)`,
      );
      assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium`);
      server = await startServer();
      browser = await launchBrowser();
      console.log(`server ${server.base} (${server.database}), web app ${MADANI_WEB_DIR}, Chromium ${browser.version()}`);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    printSummary();
  });

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
        if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
      });
      await page.goto('/');
      await waitForSettled(page);
      assert.deepEqual(wasm.filter((p) => !/^\/madani-web-[0-9a-f]+\.wasm$/.test(p)), [], 'the home page needs no page module');

      // The courses area cannot be downloaded (a broken link): the page says so, the app goes on.
      const blocked = /\/split_learning-[0-9a-f]+\.wasm$/;
      await page.route(blocked, (route) => route.abort('internetdisconnected'));
      await page.locator('nav a[href="/courses"]').click();
      const alert = page.locator('main [role="alert"]');
      await alert.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await alert.innerText(), /connexion/);
      assert.equal(new URL(page.url()).pathname, '/courses');
      await page.locator('nav a[href="/associations"]').click();
      await page.locator('#directory-q').waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(wasm.some((p) => /^\/split_associations-/.test(p)), 'the directory fetched its area');

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

  test('f. find an association by its Arabic name without diacritics, ask to join, the owner approves', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'owner', lang: 'ar', displayName: 'Owner Amel' });
    const joiner = await createVerifiedUser(server, { tag: 'joiner', lang: 'ar', displayName: 'Yacine Joiner' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جَمْعِيَّةُ النُّورِ لِلثَّقَافَةِ', fr: 'Association En-Nour' }, '06/2024/0777'),
    );
    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, joiner.email, joiner.password);
      await page.goto('/associations');
      await page.locator('#directory-q').fill('جمعية النور');
      // The name is shown with its diacritics; the search typed without them must find it alone.
      const result = page.locator(`#directory-results a[href="/associations/${association.id}"]`);
      await result.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await page.locator('#directory-results article').count(), 1, 'only the matching association is listed');
      await result.click();
      await waitForPath(page, `/associations/${association.id}`);
      await page.locator('#association-name').waitFor();
      const before = await toastText(page);
      await page.locator('#join-button').click();
      await waitForNewToast(page, before);
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      const request = page.locator('#join-requests li', { hasText: 'Yacine Joiner' });
      await request.waitFor({ timeout: 15_000 });
      await request.locator('button.approve').click();
      const member = page.locator('#member-list li', { hasText: 'Yacine Joiner' });
      await member.waitFor({ timeout: 15_000 });
      // The owner makes the new member an administrator.
      const before = await toastText(page);
      await member.locator('select').selectOption('admin');
      await waitForNewToast(page, before);
      await page.waitForFunction(
        () => [...document.querySelectorAll('#member-list li')].some((li) => li.textContent.includes('Yacine Joiner') && li.querySelector('select')?.value === 'admin'),
        null,
        { timeout: 15_000 },
      );
      assertNoAppErrors(problems);
    });
  });

  test('g. an owner invites by email; the invited member accepts from My associations', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'inviter', lang: 'fr', displayName: 'Owner Nadia' });
    const guest = await createVerifiedUser(server, { tag: 'guest', lang: 'ar', displayName: 'Guest Walid' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جمعية الواحة', fr: 'Association El Waha' }, '30/2024/0101'),
    );
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#invite-email').fill(guest.email);
      const before = await toastText(page);
      await page.locator('#invite-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      await page.locator('#invitation-list li', { hasText: guest.email }).waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, guest.email, guest.password);
      await page.goto('/my/associations');
      const invitation = page.locator('#my-invitations li', { hasText: 'جمعية الواحة' });
      await invitation.waitFor({ timeout: 15_000 });
      await invitation.locator('button.accept').click();
      // Accepted: the association is now among mine, and the invitation is gone.
      await page.locator(`a[href="/associations/${association.id}"]`).first().waitFor({ timeout: 15_000 });
      await page.locator('#my-invitations').waitFor({ state: 'detached', timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('h. staff import a CSV: the dry run shows the bad row, the fixed file is imported', { timeout: 120_000 }, async (t) => {
    const staffUser = await createVerifiedUser(server, { tag: 'importer', lang: 'fr', displayName: 'Staff Import' });
    server.cli(['admin', 'create', '--email', staffUser.email]);
    const header = 'registration_number,name_ar,name_fr,category,fields,wilaya_code,size\r\n';
    const bad = `${header}31/2024/9001,جمعية الساحل,Association du Littoral,wilaya,environment,31,small\r\n31/2024/9002,,Club Oran,galactic,sport,31,small\r\n`;
    const good = bad.replace('galactic', 'communal');
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, staffUser.email, staffUser.password);
      await page.goto('/staff/import');
      await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.locator('#import-form button[type="submit"]').click();
      // The report names row 3 (the header is row 1) and the category column.
      const row = page.locator('#import-errors tbody tr', { hasText: 'category' });
      await row.waitFor({ timeout: 30_000 });
      assert.equal((await row.locator('td').first().innerText()).trim(), '3');
      await page.locator('#import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.locator('#import-dry-run').uncheck();
      await page.locator('#import-form button[type="submit"]').click();
      await page.locator('#import-status.alert--success').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('#import-status').innerText(), /2/);
      assertNoAppErrors(problems);
    });
    const found = await fetch(`${server.base}/api/v1/associations?q=littoral`).then((r) => r.json());
    assert.equal(found.total, 1, 'the imported association is in the directory');
  });

  test('i. send a connection request from a member profile; the member accepts it in My network', { timeout: 120_000 }, async (t) => {
    const amina = await createVerifiedUser(server, { tag: 'net-a', lang: 'fr', displayName: 'Amina Réseau' });
    const bilal = await createVerifiedUser(server, { tag: 'net-b', lang: 'fr', displayName: 'Bilal Réseau' });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, amina.email, amina.password);
      await page.goto(`/members/${bilal.id}`);
      await page.locator('#connect-message').fill('Rencontrés au forum de Béjaïa');
      const before = await toastText(page);
      await page.locator('#connect-button').click();
      await waitForNewToast(page, before);
      await page.locator('#withdraw-request').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, bilal.email, bilal.password);
      await page.goto('/my/network');
      const request = page.locator('section[aria-labelledby="incoming-title"] li', { hasText: 'Amina Réseau' });
      await request.waitFor({ timeout: 15_000 });
      await assertText(request.locator('.network-item__note'), 'Rencontrés au forum de Béjaïa');
      await request.locator('button.btn--primary').click();
      await page.locator('section[aria-labelledby="connections-title"] li', { hasText: 'Amina Réseau' }).waitFor({ timeout: 15_000 });
      await page.goto(`/members/${amina.id}`);
      await page.locator('#connection-status').waitFor({ timeout: 15_000 });
      await page.locator('#remove-connection').waitFor();
      assertNoAppErrors(problems);
    });
  });

  test('j. the owner edits the profile: Markdown description shown formatted, a contact removed', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'editor', lang: 'fr', displayName: 'Owner Edit' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جمعية التحرير', fr: 'Association Tahrir' }, '09/2024/0301'),
    );
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#edit-association').click();
      await waitForPath(page, `/associations/${association.id}/edit`);
      await page.locator('#acronym').fill('AT');
      await page.locator('#description-fr').fill('Nous **formons** les jeunes.\n\n- lecture\n- <script>x</script>');
      await page.locator('#contact_email').fill('');
      const before = await toastText(page);
      await page.locator('#association-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      await waitForPath(page, `/associations/${association.id}`);
      await assertText(page.locator('.assoc-description strong'), 'formons');
      assert.equal(await page.locator('.assoc-description script').count(), 0, 'no script element from the description');
      assertNoAppErrors(problems);
    });
    const after = await fetch(`${server.base}/api/v1/associations/${association.id}`).then((r) => r.json());
    assert.equal(after.acronym, 'AT');
  });

  test('k. a learner enrols, completes a lesson, sees the progress', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'trainer', lang: 'fr', displayName: 'Trainer Samia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createPublishedCourse(server, trainer, {
      title: { ar: 'التواصل الجمعوي', fr: 'Communication associative' },
      lessonTitle: { ar: 'رسالة الجمعية', fr: 'Le message de l’association' },
    });
    const learner = await createVerifiedUser(server, { tag: 'learner', lang: 'fr', displayName: 'Learner Karim' });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      // The catalog finds it; signed out, "enrol" goes through the login page and back.
      await page.goto('/courses');
      await page.locator('#catalog-q').fill('communication');
      const card = page.locator(`#catalog-results a[href="/courses/${course.id}"]`);
      await card.waitFor({ state: 'visible', timeout: 15_000 });
      await card.click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#enrol-button').click();
      await waitForPath(page, '/login', `/courses/${course.id}`);
      await logInOnPage(page, learner.email, learner.password);
      await waitForPath(page, `/courses/${course.id}`);

      // Enrol: the progress shows, at 0 %.
      const before = await toastText(page);
      await page.locator('#enrol-button').click();
      await waitForNewToast(page, before);
      await page.locator('#course-progress').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#course-progress').getAttribute('value'), '0');

      // Continue to the lesson, read it, mark it complete.
      await page.locator('#continue-course').click();
      await waitForPath(page, `/courses/${course.id}/lessons/${lesson.id}`);
      await assertText(page.locator('#lesson-title'), 'Le message de l’association');
      await assertText(page.locator('.lesson-body strong'), 'problème');
      const beforeComplete = await toastText(page);
      await page.locator('#complete-lesson').click();
      await waitForNewToast(page, beforeComplete);
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('#lesson-progress')?.getAttribute('value') === '100', null, { timeout: 15_000 });

      // My learning shows the course at 100 %.
      await page.goto('/my/learning');
      const bar = page.locator(`#progress-${course.id}`);
      await bar.waitFor({ timeout: 15_000 });
      assert.equal(await bar.getAttribute('value'), '100');
      await assertText(page.locator(`label[for="progress-${course.id}"]`), '100');
      assertNoAppErrors(problems);
    });
  });

  test('l. a learner completes a course, finds the certificate, and anyone verifies it by its code', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'cert-trainer', lang: 'fr', displayName: 'Trainer Nadia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createPublishedCourse(server, trainer, {
      title: { ar: 'تقييم المشاريع', fr: 'Évaluer un projet' },
    });
    const learner = await createVerifiedUser(server, { tag: 'cert-learner', lang: 'fr', displayName: 'Yasmine Benali' });
    let code;
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}`);
      const beforeEnrol = await toastText(page);
      await page.locator('#enrol-button').click();
      await waitForNewToast(page, beforeEnrol);
      await page.locator('#continue-course').click();
      await waitForPath(page, `/courses/${course.id}/lessons/${lesson.id}`);
      const beforeComplete = await toastText(page);
      await page.locator('#complete-lesson').click();
      await waitForNewToast(page, beforeComplete);
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });

      // My certificates, from the account menu.
      await page.locator('#account-menu-button').click();
      await page.locator('#account-menu a[href="/my/certificates"]').click();
      await waitForPath(page, '/my/certificates');
      const card = page.locator('#my-certificates li').filter({ hasText: 'Évaluer un projet' });
      await card.waitFor({ timeout: 15_000 });
      code = await card.getAttribute('data-code');
      assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await assertText(card, 'Valide');
      await card.locator('h2 a').click();
      await page.waitForURL((url) => url.pathname.startsWith('/certificates/'), { timeout: 15_000 });
      await assertText(page.locator('#certificate-holder'), 'Yasmine Benali');
      await assertText(page.locator('#certificate-course'), 'Évaluer un projet');
      await assertText(page.locator('#certificate-code'), code);
      const qr = page.locator('.certificate__qr img');
      assert.equal(await qr.getAttribute('src'), `/api/v1/verify/${code}/qr.svg`);
      assert.ok((await qr.getAttribute('alt'))?.includes(code), 'the QR code has a text alternative');
      await page.waitForFunction(() => {
        const img = document.querySelector('.certificate__qr img');
        return img && img.complete && img.naturalWidth > 0;
      }, null, { timeout: 15_000 });
      assert.ok((await page.locator('#verification-link').inputValue()).includes(code));
      // The credential downloads as a file named after the code.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.locator('#download-credential').click()]);
      assert.equal(download.suggestedFilename(), `certificate-${code}.jwt`);
      await screenshot(page, 'fr-1280-certificate-flow');
      assertNoAppErrors(problems);
    });

    // Signed out, in a fresh browser: the code verifies, with the holder's name.
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await page.goto('/');
      await page.locator('#footer-verify').click();
      await waitForPath(page, '/verify');
      await page.locator('#verify-code').fill(code.toLowerCase());
      await page.locator('#verify-submit').click();
      await waitForPath(page, `/verify/${code}`);
      await page.locator('#verification[data-status="valid"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#verification-title'), 'Certificat valide');
      await assertText(page.locator('#verification-holder'), 'Yasmine Benali');
      // An unknown code says so.
      await page.goto('/verify/AAAAA-AAAAA');
      await page.locator('#verify-not-found').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('m. a learner takes a timed quiz in the browser, passes it, and the lesson is completed', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'quiz-trainer', lang: 'fr', displayName: 'Trainer Lamia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createQuizCourse(server, trainer);
    const learner = await createVerifiedUser(server, { tag: 'quiz-learner', lang: 'fr', displayName: 'Learner Amine' });
    await completeCourse(server, learner, course, []);
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
      await assertText(page.locator('#quiz-attempts'), '0 sur 3');
      assert.equal(await page.locator('#complete-lesson').count(), 0, 'a quiz is not marked complete by hand');
      await page.locator('#start-quiz').click();
      await page.locator('#quiz-form').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-timer'), 'Temps restant');
      // Labelled inputs: pick by their text.
      await page.getByLabel('L’assemblée générale').check();
      await page.getByLabel('Vrai').check();
      await screenshot(page, 'fr-360-quiz-taking');
      await page.locator('#hand-in').click();
      await page.locator('#quiz-result[data-passed="true"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-score'), '100');
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-status'), 'Réussi');
      await page.waitForFunction(() => document.querySelector('#lesson-progress')?.getAttribute('value') === '100', null, { timeout: 15_000 });
      await screenshot(page, 'fr-360-quiz-result');
      assertNoAppErrors(problems);
    });
    // Passing the only lesson completed the course: a certificate was issued.
    const certificates = await myCertificates(server, learner);
    assert.ok(certificates.some((c) => c.course_id === course.id), 'a certificate for the quiz course');
  });

  test('n. a trainer named by staff builds a quiz with a preview, edits and reorders the outline, publishes; a learner passes; the figures and the CSV show it', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'staff', lang: 'fr', displayName: 'Staff Rania' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const trainer = await createVerifiedUser(server, { tag: 'builder', lang: 'fr', displayName: 'Trainer Walid' });
    const { course, lesson } = await createDraftCourse(server, staff, { trainers: [trainer.id] });
    const learner = await createVerifiedUser(server, { tag: 'builder-learner', lang: 'fr', displayName: 'Souad Learner' });
    let quizLesson;

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await page.locator('#lesson-form').waitFor({ timeout: 15_000 });

      // A quiz lesson: once added, the quiz builder opens on it.
      await page.locator('#lesson-title-fr').fill('Quiz : le cadre logique');
      await page.locator('#lesson-kind').selectOption('quiz');
      let before = await toastText(page);
      await submitOf(page, '#lesson-kind').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await page.locator('#quiz-editor-form').waitFor({ timeout: 15_000 });
      const questions = page.locator('#quiz-questions > li');
      // Question 1: one choice (the kind a new question starts with).
      const q1 = questions.nth(0);
      assert.equal(await q1.locator('select[id$="-kind"]').inputValue(), 'single');
      await q1.locator('textarea[id$="-prompt"]').fill('Que décrit le cadre logique ?');
      const choices = q1.locator('.quiz-editor__choice');
      await choices.nth(0).locator('input.input').fill('Les objectifs et les résultats attendus');
      await choices.nth(0).locator('input[type="checkbox"]').check();
      await choices.nth(1).locator('input.input').fill('Le budget seul');
      // Question 2: a short answer, two forms accepted.
      await page.locator('#add-question').click();
      const q2 = questions.nth(1);
      await q2.locator('select[id$="-kind"]').selectOption('short');
      await q2.locator('textarea[id$="-prompt"]').fill('Quel outil relie les activités aux résultats ?');
      await q2.locator('textarea[id$="-accepted"]').fill('cadre logique\nmatrice du cadre logique');
      // The preview shows the questions as learners will see them, answers hidden.
      await page.locator('#quiz-preview-toggle').click();
      const preview = page.locator('#quiz-preview');
      await preview.locator('fieldset[data-kind="short"]').waitFor({ timeout: 15_000 });
      await assertText(preview.locator('fieldset[data-kind="single"]'), 'Que décrit le cadre logique ?');
      assert.equal(await preview.getByLabel('Le budget seul').count(), 1);
      assert.equal(await preview.locator('fieldset[data-kind="short"] input[type="text"]').count(), 1);
      assert.equal(await preview.getByText('matrice du cadre logique').count(), 0, 'no accepted answer in the preview');
      await screenshot(page, 'fr-1280-quiz-builder');
      before = await toastText(page);
      await page.locator('#save-quiz').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await page.locator('#quiz-editor-close').click();

      // Edit the text lesson, in place and filled in: a new title, no longer required.
      const textItem = page.locator(`li[data-lesson="${lesson.id}"]`);
      await textItem.locator('.edit-lesson').click();
      await page.locator('#lesson-edit-form').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#edit-lesson-title-fr').inputValue(), 'Le cadre logique');
      assert.match(await page.locator('#edit-lesson-body-fr').inputValue(), /\*\*objectifs\*\*/);
      assert.equal(await page.locator('#edit-lesson-minutes').inputValue(), '10');
      await page.locator('#edit-lesson-title-fr').fill('Le cadre logique, pas à pas');
      await page.locator('#edit-lesson-required').uncheck();
      before = await toastText(page);
      await submitOf(page, '#edit-lesson-minutes').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await assertText(textItem, 'Le cadre logique, pas à pas');
      await assertText(textItem, 'Facultative');
      await page.waitForFunction((id) => document.activeElement?.id === `lesson-edit-${id}`, lesson.id, { timeout: 15_000 });

      // Move the quiz above it: the order is saved, the focus stays on the moved lesson.
      const quizItem = page.locator('li.editor-lesson').filter({ hasText: 'Quiz : le cadre logique' });
      quizLesson = await quizItem.getAttribute('data-lesson');
      assert.ok(await page.locator(`[id="lesson-down-${quizLesson}"]`).isDisabled(), 'the last lesson cannot move down');
      before = await toastText(page);
      await page.locator(`[id="lesson-up-${quizLesson}"]`).click();
      assert.match(await waitForNewToast(page, before), /1 sur 2/);
      await page.waitForFunction((id) => document.querySelector('li.editor-lesson')?.dataset.lesson === id, quizLesson, { timeout: 15_000 });
      await page.waitForFunction((id) => document.activeElement?.id === `lesson-down-${id}`, quizLesson, { timeout: 15_000 });
      assert.ok(await page.locator(`[id="lesson-up-${quizLesson}"]`).isDisabled());

      // A second module, moved first and renamed.
      await page.locator('#module-title-fr').fill('Pour aller plus loin');
      before = await toastText(page);
      await submitOf(page, '#module-title-fr').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      const second = page.locator('section.editor-module').nth(1);
      await assertText(second, 'Pour aller plus loin');
      const moduleId = await second.getAttribute('data-module');
      before = await toastText(page);
      await page.locator(`[id="module-up-${moduleId}"]`).click();
      await waitForNewToast(page, before);
      await page.waitForFunction((id) => document.querySelector('section.editor-module')?.dataset.module === id, moduleId, { timeout: 15_000 });
      await page.locator(`[id="module-rename-${moduleId}"]`).click();
      assert.equal(await page.locator('#rename-module-title-fr').inputValue(), 'Pour aller plus loin');
      await page.locator('#rename-module-title-fr').fill('Pour approfondir');
      before = await toastText(page);
      await submitOf(page, '#rename-module-title-fr').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await assertText(page.locator('section.editor-module').first().locator('h3'), 'Pour approfondir');
      await screenshot(page, 'fr-1280-editor-outline');

      // Publish; no learners yet: the figures say so. The tabs follow the arrow keys.
      before = await toastText(page);
      await page.locator('#publish-course').click();
      await waitForNewToast(page, before);
      await assertText(page.locator('#course-status'), 'Publiée');
      await page.locator('#tab-learners').focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.activeElement?.id === 'tab-stats', null, { timeout: 15_000 });
      assert.equal(await page.locator('#tab-stats').getAttribute('aria-selected'), 'true');
      await page.locator('#course-stats-empty').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });

    // What the server holds: the quiz first in its module, the module first, the text lesson renamed.
    const saved = await getCourse(server, trainer, course.id);
    assert.equal(saved.status, 'published');
    assert.equal(saved.modules[0].title.fr, 'Pour approfondir');
    assert.deepEqual(saved.modules[1].lessons.map((l) => l.id), [quizLesson, lesson.id]);
    assert.equal(saved.modules[1].lessons[1].title.fr, 'Le cadre logique, pas à pas');
    assert.equal(saved.modules[1].lessons[1].required, false);

    // A learner takes the quiz on a phone and passes it.
    await completeCourse(server, learner, course, []);
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}/lessons/${quizLesson}`);
      await page.locator('#start-quiz').click();
      await page.locator('#quiz-form').waitFor({ timeout: 15_000 });
      await page.getByLabel('Les objectifs et les résultats attendus').check();
      await page.locator('#quiz-form fieldset[data-kind="short"] input[type="text"]').fill('Cadre logique');
      await page.locator('#hand-in').click();
      await page.locator('#quiz-result[data-passed="true"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-score'), '100');
      assertNoAppErrors(problems);
    });

    // The trainer sees the learner, downloads the list, and reads the figures.
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await assertText(page.locator('#learners'), 'Souad Learner');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15_000 }),
        page.locator('#export-learners').click(),
      ]);
      assert.equal(download.suggestedFilename(), `learners-${course.id}.csv`);
      const csv = await readFile(await download.path(), 'utf8');
      assert.match(csv, /^\uFEFFname,enrolled_at,/);
      assert.match(csv, /\r\nSouad Learner,[^\r\n]*,100,/);

      await page.locator('#tab-stats').click();
      await page.locator('#course-stats').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#stats-learners'), '1');
      await assertText(page.locator('#stats-completed'), '1');
      await assertText(page.locator('#stats-completion'), '100 %');
      const figures = page.locator(`.stats-quiz[data-lesson="${quizLesson}"]`);
      await assertText(figures, 'Tentatives notées : 1');
      await assertText(figures, 'Réussi : 1');
      const rows = figures.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      await assertText(rows.nth(0).locator('th'), 'Que décrit le cadre logique ?');
      await assertText(rows.nth(0).locator('td'), '100 %');
      await assertText(rows.nth(0).locator('td'), '1 sur 1');
      await assertText(rows.nth(1).locator('td'), '1 sur 1');
      await screenshot(page, 'fr-1280-course-stats-flow');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      await screenshot(page, 'fr-360-course-stats-flow');
      assertNoAppErrors(problems);
    });
  });

  test('o. an officer enrols members from the course page; a disabled one is named, the enrolled member is notified and finds the course', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'enrol-staff', lang: 'fr', displayName: 'Staff Yasmina' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const { course } = await createPublishedCourse(server, staff, {
      title: { ar: 'قيادة الجمعيات', fr: 'Animer une association' },
    });
    const officer = await createVerifiedUser(server, { tag: 'enrol-officer', lang: 'fr', displayName: 'Officer Lina' });
    const member = await createVerifiedUser(server, { tag: 'enrol-member', lang: 'ar', displayName: 'Member Omar' });
    const gone = await createVerifiedUser(server, { tag: 'enrol-gone', lang: 'fr', displayName: 'Member Sofiane' });
    const association = await createAssociation(
      server,
      officer,
      associationBody({ ar: 'جمعية الأمل', fr: 'Association El Amel' }, '16/2024/0555'),
    );
    await joinAssociation(server, officer, member, association);
    await joinAssociation(server, officer, gone, association);
    // An account disabled after joining: still listed, but the server refuses to enrol it.
    await disableUser(server, staff, gone);

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/courses/${course.id}`);
      await page.locator('#enrol-members-open').click();
      await page.waitForFunction(() => document.activeElement?.id === 'enrol-association', null, { timeout: 15_000 });
      const omar = page.locator('#enrol-member-list li', { hasText: 'Member Omar' });
      const sofiane = page.locator('#enrol-member-list li', { hasText: 'Member Sofiane' });
      await omar.waitFor({ timeout: 15_000 });

      // Nobody ticked: the form says so, nothing is sent.
      await page.locator('#enrol-members-form button[type="submit"]').click();
      await assertText(page.locator('#enrol-members-error'), 'au moins un membre');

      // Both ticked: all or none — Sofiane's account is disabled, so no one is enrolled, and the
      // answer names him, next to his box too.
      await omar.getByRole('checkbox').check();
      await sofiane.getByRole('checkbox').check();
      await page.locator('#enrol-members-form button[type="submit"]').click();
      await assertText(page.locator('#enrol-members-invalid'), 'Member Sofiane ne peut pas être inscrit·e');
      assert.equal(await sofiane.getByRole('checkbox').getAttribute('aria-invalid'), 'true');
      await assertText(sofiane.locator('.field__error'), 'désactivé');
      await assertText(page.locator('#course-learners'), '0 apprenant');

      // Omar alone: enrolled, the count follows.
      await sofiane.getByRole('checkbox').uncheck();
      let before = await toastText(page);
      await page.locator('#enrol-members-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /1 membre inscrit/);
      await assertText(page.locator('#enrol-members-outcome'), '1 membre inscrit');
      await assertText(omar.locator('.badge'), 'Inscrit·e');
      await assertText(page.locator('#course-learners'), '1 apprenant');
      await screenshot(page, 'fr-1280-course-enrol-flow');

      // Again: he is reported as enrolled already, not an error.
      await omar.getByRole('checkbox').check();
      before = await toastText(page);
      await page.locator('#enrol-members-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /1 membre était déjà inscrit/);
      await assertText(omar.locator('.badge'), 'Déjà inscrit·e');
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/my/notifications');
      const notice = page.locator('#notifications li', { hasText: 'سجّلتك جمعيتك في تكوين' });
      await notice.waitFor({ timeout: 15_000 });
      await notice.locator(`a[href="/courses/${course.id}"]`).click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#my-progress').waitFor({ timeout: 15_000 });
      await page.goto('/my/learning');
      await assertText(page.locator('#my-courses'), 'قيادة الجمعيات');
      assertNoAppErrors(problems);
    });
  });

  test('p. a trainer gives a course a cover (refused first, then a PNG) shown in the catalog, and a video lesson its file', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'cover-staff', lang: 'fr', displayName: 'Staff Malik' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const trainer = await createVerifiedUser(server, { tag: 'cover-trainer', lang: 'fr', displayName: 'Trainer Houda' });
    const { course } = await createDraftCourse(server, staff, {
      title: { ar: 'التصوير التشاركي', fr: 'La photographie participative' },
      trainers: [trainer.id],
    });
    let videoLesson;

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      const input = page.locator('#cover-file');
      await input.waitFor({ timeout: 15_000 });

      // Not a picture: refused, and the reason is under the input.
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
      await assertText(page.locator('#cover-file-error'), 'Choisissez une image PNG, JPEG ou WebP.');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');

      // A real one: it shows as the preview.
      let before = await toastText(page);
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: tinyPng() });
      await waitForNewToast(page, before);
      await page.waitForFunction(() => {
        const img = document.querySelector('#cover-file-preview');
        return img && img.complete && img.naturalWidth === 8;
      }, null, { timeout: 15_000 });
      assert.equal(await page.locator('#cover-file-error').count(), 0, 'the error is gone');

      // A video lesson without an address: its form opens on the file section.
      await page.locator('#lesson-title-fr').fill('Regarder une photo ensemble');
      await page.locator('#lesson-kind').selectOption('video');
      before = await toastText(page);
      await submitOf(page, '#lesson-kind').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      const videoInput = page.locator('#lesson-video-file');
      await videoInput.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#lesson-video-current'), 'Aucun fichier');
      await videoInput.setInputFiles({ name: 'notes.webm', mimeType: 'video/webm', buffer: Buffer.from('these are notes, not a video') });
      await assertText(page.locator('#lesson-video-file-error'), 'Choisissez une vidéo MP4 ou WebM.');
      before = await toastText(page);
      await videoInput.setInputFiles({ name: 'atelier.webm', mimeType: 'video/webm', buffer: webmHeader(64 * 1024) });
      await waitForNewToast(page, before);
      await assertText(page.locator('#lesson-video-current'), 'WEBM');
      await page.locator('#lesson-video-remove').waitFor();
      await screenshot(page, 'fr-1280-editor-video-flow');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      await screenshot(page, 'fr-360-editor-video-flow');
      await page.setViewportSize(WIDE);
      videoLesson = await page.locator('li.editor-lesson', { hasText: 'Regarder une photo ensemble' }).getAttribute('data-lesson');

      before = await toastText(page);
      await page.locator('#publish-course').click();
      await waitForNewToast(page, before);

      // The catalog shows the cover, decorative, sized before it loads, loaded lazily.
      await page.goto('/courses');
      await page.locator('#catalog-q').fill('photographie participative');
      const card = page.locator('#catalog-results article', { hasText: 'La photographie participative' });
      await card.waitFor({ timeout: 15_000 });
      const cover = card.locator('img.course-cover');
      assert.equal(await cover.getAttribute('alt'), '');
      assert.equal(await cover.getAttribute('loading'), 'lazy');
      assert.deepEqual([await cover.getAttribute('width'), await cover.getAttribute('height')], ['640', '320']);
      await page.waitForFunction(() => {
        const img = document.querySelector('#catalog-results img.course-cover');
        return img && img.complete && img.naturalWidth === 8;
      }, null, { timeout: 15_000 });
      await card.locator('h2 a').click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#course-cover').waitFor();

      // The lesson plays from its signed address; this file is no real video, so the player fails,
      // asks for the lesson once more (a fresh address), fails again and says so.
      const lessonCalls = [];
      page.on('request', (r) => {
        if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/v1/courses/${course.id}/lessons/${videoLesson}`) lessonCalls.push(r.url());
      });
      await page.goto(`/courses/${course.id}/lessons/${videoLesson}`);
      const video = page.locator('video#lesson-video');
      await video.waitFor({ timeout: 15_000 });
      assert.match(await video.getAttribute('src'), new RegExp(`^/api/v1/media/lesson-videos/${videoLesson}\\?exp=\\d+&sig=`));
      assert.equal(await video.getAttribute('preload'), 'metadata');
      await page.locator('#lesson-video-failed').waitFor({ timeout: 15_000 });
      assert.equal(lessonCalls.length, 2, 'the lesson is fetched once more for a fresh address, and only once');
      assertNoAppErrors(problems);
    });
  });

  for (const lang of ['ar', 'fr']) {
    describe(`d. accessibility (axe, WCAG 2.2 AA) and e. screenshots — ${lang}`, { concurrency: false }, () => {
      let context;
      let page;
      let problems;
      let user;
      let demoAssociation;
      let demoCourse;
      let demoQuizCourse;
      let demoCertificate;

      before(
        async () => {
          user = await createVerifiedUser(server, { tag: `a11y-${lang}`, lang, displayName: 'Test' });
          // Staff, so the verification queue can be checked too (promoted as an operator would).
          server.cli(['admin', 'create', '--email', user.email]);
          const created = await createAssociation(
            server,
            user,
            associationBody({ ar: 'جمعية المنار للثقافة', fr: 'Association El Manar pour la culture' }, `06/2024/${lang === 'ar' ? '7001' : '7002'}`),
          );
          demoAssociation = created.id;
          // A published course the admin teaches, for the course, lesson and editor pages.
          demoCourse = await createPublishedCourse(server, user);
          // A second lesson, so that the editor shows its arrows to reorder them.
          await addLesson(server, user, demoCourse.course, demoCourse.module, {
            title: { ar: 'أدوات المتابعة', fr: 'Les outils de suivi' },
            kind: 'link',
            required: false,
            url: 'https://example.org/suivi',
          });
          // A cover, and a video lesson with its file (last in the outline), for the editor and the
          // course pages as they look with them.
          await uploadCover(server, user, demoCourse.course, tinyPng(16, 8));
          const video = await addLesson(server, user, demoCourse.course, demoCourse.module, {
            title: { ar: 'فيديو: زيارة ميدانية', fr: 'Vidéo : une visite de terrain' },
            kind: 'video',
            required: false,
          });
          await uploadLessonVideo(server, user, demoCourse.course, video, webmHeader());
          // A course completed, for the certificate and verification pages.
          const finished = await createPublishedCourse(server, user, {
            title: { ar: 'حوكمة الجمعيات', fr: 'Gouvernance associative' },
          });
          await completeCourse(server, user, finished.course, [finished.lesson.id]);
          demoCertificate = (await myCertificates(server, user)).find((c) => c.course_id === finished.course.id);
          if (!demoCertificate) throw new Error('no certificate after completing the course');
          // A quiz the admin teaches, taken by two learners (one passes, one misses a question), for
          // the quiz builder and the figures.
          demoQuizCourse = await createQuizCourse(server, user);
          for (const [tag, wrong] of [['good', []], ['close', [0]]]) {
            const learner = await createVerifiedUser(server, { tag: `a11y-${lang}-${tag}`, lang, displayName: `Learner ${tag}` });
            await completeCourse(server, learner, demoQuizCourse.course, []);
            await takeQuiz(server, learner, demoQuizCourse, { wrong });
          }
          // One signed-out context for the public pages, then the same one signed in for /account*.
          context = await newContext(browser, server.base, { lang, viewport: WIDE });
          page = await context.newPage();
          problems = watchPage(page);
        },
        { timeout: 120_000 },
      );
      after(async () => {
        await context?.close();
      });

      for (const [name, template, open] of PAGES) {
        test(`${lang} ${name} (${template})`, { timeout: 90_000 }, async (t) => {
          const path = template
            .replace(':quizcourse', demoQuizCourse.course.id)
            .replace(':demo', demoAssociation)
            .replace(':me', user.id)
            .replace(':course', demoCourse.course.id)
            .replace(':lesson', demoCourse.lesson.id)
            .replace(':certificate', demoCertificate.id)
            .replace(':code', demoCertificate.code);
          try {
            try {
              await checkPage(name, path, open);
            } catch (e) {
              if (!isStall(e)) throw e;
              // Headless Chromium now and then stops producing frames for a page (screenshots and
              // requestAnimationFrame then wait forever). That is the browser, not the app: say so,
              // and check the page once more in a fresh tab of the same signed-in context.
              t.diagnostic(`browser stalled (${e.message.split('\n')[0]}); checking ${path} again in a new tab`);
              await page.close().catch(() => {});
              page = await context.newPage();
              problems = watchPage(page);
              await checkPage(name, path, open);
            }
          } catch (e) {
            throw await explainFailure(t, page, problems, e, { quiet: e.axe === true });
          } finally {
            problems.length = 0;
          }
        });
      }

      async function checkPage(name, path, open) {
        if (ACCOUNT_PAGES.has(name) && !(await page.locator('#account-menu-button').isVisible())) {
          await logIn(page, user.email, user.password);
        }
        await page.setViewportSize(WIDE);
        await page.goto(path);
        if (ACCOUNT_PAGES.has(name)) await waitForPath(page, path);
        await waitForSettled(page);
        const html = await bounded(
          page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
          10_000,
          'reading <html lang dir>',
        );
        assert.deepEqual(html, [lang, lang === 'ar' ? 'rtl' : 'ltr'], '<html lang dir>');
        if (open) {
          await open(page);
          await waitForSettled(page);
        }

        const violations = [];
        for (const viewport of [WIDE, NARROW]) {
          await page.setViewportSize(viewport);
          await nextFrames(page);
          await waitForSettled(page);
          const file = await screenshot(page, `${lang}-${viewport.width}-${name}`);
          summary.screenshots.push(file);
          for (const v of await runAxe(page)) violations.push({ ...v, width: viewport.width });
        }
        const unique = dedupe(violations);
        summary.axe.push({ page: `${lang} ${name}`, count: unique.length, ids: unique.map((v) => v.id) });
        if (unique.length) {
          const err = new Error(formatViolations(`${lang} ${path}`, unique));
          err.axe = true;
          throw err;
        }
        assert.deepEqual(
          problems.filter((p) => p.startsWith('page error:')),
          [],
          'the browser reported uncaught errors',
        );
      }
    });
  }
});

/** A wait that ran out in the browser (Playwright's own timeouts, or `bounded`), not a failed check. */
function isStall(e) {
  return e?.name === 'TimeoutError' || /no answer from the page/.test(e?.message ?? '');
}

/** Wait for `locator` to show `expected`; fail saying what it shows instead. */
async function assertText(locator, expected) {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    const shown = await locator
      .first()
      .innerText({ timeout: 1_000 })
      .catch(() => '(no such element)');
    assert.fail(`expected ${locator} to show ${JSON.stringify(expected)}; it shows ${JSON.stringify(shown)}`);
  }
}

/** The same rule failing at both widths on the same nodes is one violation, marked with its widths. */
function dedupe(violations) {
  const byKey = new Map();
  for (const v of violations) {
    const key = `${v.id} ${v.nodes.map((n) => n.target).join(',')}`;
    if (byKey.has(key)) byKey.get(key).widths.push(v.width);
    else byKey.set(key, { ...v, widths: [v.width] });
  }
  return [...byKey.values()].map((v) => ({ ...v, help: `${v.help} [at ${v.widths.join('px, ')}px]` }));
}

function printSummary() {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const bad = summary.axe.filter((a) => a.count > 0);
  const out = [
    '',
    `── Madani e2e summary (${DB_KIND}) ──`,
    `server binary  ${MADANI_BIN}`,
    `web app        ${MADANI_WEB_DIR}`,
    `duration       ${secs} s`,
    `axe            ${summary.axe.length} page(s) checked, ${bad.length} with violations`,
    ...bad.map((a) => `                 ${a.page}: ${a.count} (${[...new Set(a.ids)].join(', ')})`),
    `screenshots    ${summary.screenshots.length} in ${relative(process.cwd(), ARTIFACTS) || '.'}/`,
    '',
  ];
  console.log(out.join('\n'));
}
