// What the tests do on a page: open one in a fresh context (and explain a failure with what the page
// showed), wait for a path, a toast or a text, fill the login form, tell an Arabic page.

import assert from 'node:assert/strict';
import { relative } from 'node:path';

import { bounded, newContext, screenshot, watchPage } from './browser.mjs';
import { browser, server } from './suite.mjs';

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 360, height: 800 };
const ARABIC = /[\u0600-\u06FF]/;

/** A new browser context and page for one test; on failure, the error tells where the page was. */
export async function withPage(t, options, fn) {
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
export async function explainFailure(t, page, problems, e, { quiet = false } = {}) {
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
export function assertNoAppErrors(problems) {
  const bad = problems.filter((p) => p.startsWith('page error:') || /Content Security Policy/i.test(p));
  assert.deepEqual(bad, [], 'the browser reported uncaught errors or CSP violations');
}

/** The submit button of the form holding `inputSelector`. */
export function submitOf(page, inputSelector) {
  return page.locator('form', { has: page.locator(inputSelector) }).locator('button[type="submit"]');
}

/** The text of the toasts: the `.toasts` region(s), else every `[role="status"]` element. */
function currentToasts() {
  const regions = document.querySelectorAll('.toasts');
  const els = regions.length ? regions : document.querySelectorAll('[role="status"]');
  return [...els].map((el) => el.innerText.trim()).join('\n');
}

export function toastText(page) {
  return page.evaluate(currentToasts);
}

/** Wait for the toasts to show text they did not show before; it must be inside a `[role="status"]`. */
export async function waitForNewToast(page, before) {
  await page.waitForFunction(
    (prev) => {
      // (the same as currentToasts: a predicate runs in the page, it cannot call functions of this module)
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
export async function unlessFieldError(page, promise) {
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
export async function waitForPath(page, pathname, next) {
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
export async function logInOnPage(page, email, password) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await submitOf(page, '#password').click();
  await unlessFieldError(page, page.locator('#account-menu-button').waitFor({ state: 'visible' }));
}

export async function logIn(page, email, password) {
  await page.goto('/login');
  await logInOnPage(page, email, password);
}

export function isArabicPage(page) {
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

/** Wait for `locator` to show `expected`; fail saying what it shows instead. */
export async function assertText(locator, expected) {
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
