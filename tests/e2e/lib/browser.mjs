// Headless Chromium (Debian's) through playwright-core, axe-core checks and full-page screenshots.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const HERE = dirname(dirname(fileURLToPath(import.meta.url)));
export const ARTIFACTS = join(HERE, 'artifacts');
const AXE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource;
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

// The network here is closed: without these flags Chromium waits on connections it cannot make.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/**
 * A fresh context (no cookies, no storage) on `base`. `lang` (ar/fr/en) is put in localStorage
 * (`madani.lang`) before any page script runs, when nothing is stored yet; `lang: null` forces nothing.
 * The service worker is blocked unless `serviceWorkers: 'allow'`: requests it answered would escape
 * `page.route`, which many tests use to slow down or break one request. `javaScriptEnabled: false`
 * shows what the server's HTML alone paints, before any script.
 */
export async function newContext(
  browser,
  base,
  { lang = 'en', viewport = { width: 1280, height: 900 }, serviceWorkers = 'block', javaScriptEnabled = true } = {},
) {
  const context = await browser.newContext({
    baseURL: base,
    viewport,
    serviceWorkers,
    javaScriptEnabled,
    locale: lang === 'ar' ? 'ar-DZ' : lang === 'fr' ? 'fr-FR' : 'en-US',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  if (lang) {
    // Only when nothing is stored yet: a later in-app language switch must survive reloads.
    await context.addInitScript((l) => {
      try {
        if (!localStorage.getItem('madani.lang')) localStorage.setItem('madani.lang', l);
      } catch {
        // about:blank and opaque origins have no storage
      }
    }, lang);
  }
  return context;
}

/** Collect console errors and failed requests of a page, to print when a test fails. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}

/**
 * Wait until the page has settled: network idle, the app mounted (its `heading`, an h1 by default, is
 * shown) and no `.skeleton` placeholder left.
 */
export async function waitForSettled(page, { timeout = 20_000, heading = 'h1' } = {}) {
  await page.waitForLoadState('networkidle', { timeout });
  if (heading) await page.locator(heading).first().waitFor({ state: 'visible', timeout });
  await page.locator('.skeleton').first().waitFor({ state: 'detached', timeout });
  // Fonts change layout (and so screenshots): wait for them too, but not forever (a stuck font load
  // must not stall the suite; the screenshot is then taken with what has loaded).
  await bounded(
    page.evaluate(() => Promise.race([document.fonts?.ready, new Promise((r) => setTimeout(r, 3_000))]).then(() => undefined)),
    timeout,
    'waiting for fonts',
  );
}

/**
 * Let the page paint twice after a layout change. Headless Chromium sometimes schedules no frames at
 * all, and a bare requestAnimationFrame then never fires (page.evaluate has no timeout of its own):
 * a timer caps the wait.
 */
export async function nextFrames(page) {
  await bounded(
    page.evaluate(
      () =>
        new Promise((resolve) => {
          setTimeout(resolve, 250);
          requestAnimationFrame(() => requestAnimationFrame(resolve));
        }),
    ),
    10_000,
    'waiting for the page to paint',
  );
}

/** `promise`, or a named error after `ms` (for the calls Playwright does not time out itself). */
export function bounded(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the page after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Whether the page's Content-Security-Policy (asked for with a HEAD from here) forbids inline scripts. */
async function blocksInlineScripts(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    const directives = (res.headers.get('content-security-policy') || '').split(';').map((d) => d.trim());
    const rule = directives.find((d) => /^script-src\s/.test(d)) || directives.find((d) => /^default-src\s/.test(d));
    return Boolean(rule) && !rule.includes("'unsafe-inline'");
  } catch {
    return true; // cannot tell: evaluating works either way
  }
}

/** Run axe-core on the page (WCAG 2.x A/AA tags). Returns the violations. */
export async function runAxe(page) {
  return bounded(axeOn(page), 30_000, 'axe-core');
}

async function axeOn(page) {
  const present = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!present) {
    if (await blocksInlineScripts(page.url())) {
      // The app's Content-Security-Policy refuses the inline <script> that addScriptTag makes;
      // evaluating the same source through the DevTools protocol is not subject to it.
      axeSource ??= readFileSync(AXE_PATH, 'utf8');
      await page.evaluate(axeSource);
    } else {
      await page.addScriptTag({ path: AXE_PATH });
    }
  }
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
    }));
  }, AXE_TAGS);
}

/** A developer-readable report of axe violations. */
export function formatViolations(label, violations) {
  const out = [`${label}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    out.push(`  [${v.impact}] ${v.id}: ${v.help}  (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 10)) {
      out.push(`      target: ${n.target}`);
      out.push(`        html: ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (n.summary) out.push(`        ${n.summary.replace(/\n\s*/g, ' | ')}`);
    }
    if (v.nodes.length > 10) out.push(`      … and ${v.nodes.length - 10} more node(s)`);
  }
  return out.join('\n');
}

/** Save a full-page screenshot as artifacts/<name>.png and return its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
