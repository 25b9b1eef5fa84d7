// One test file's run. Each `*.test.mjs` is a process of its own (`node --test` may run several at
// once): it starts its own server (a fresh temp dir and database, on a free port) and its own
// Chromium before its tests, stops them after, and prints its own summary.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe } from 'node:test';

import { ARTIFACTS, CHROMIUM, launchBrowser } from './browser.mjs';
import { MADANI_BIN, MADANI_WEB_DIR, startServer } from './server.mjs';

export const DB_KIND = /^postgres(ql)?:\/\//.test(process.env.E2E_DATABASE_URL || '') ? 'postgres' : 'sqlite';

// This file's server and browser, set in `before`. Exported bindings are live: tests and hooks that
// read `server` or `browser` when they run see the started ones.
export let server;
export let browser;

/** What the accessibility checks found and the screenshots they took, for this file's summary. */
export const summary = { axe: [], screenshots: [] };

/**
 * The suite of one test file: `describe('Madani in the browser: <area> (<database>)')` around `body`,
 * its tests run one after another against this file's server and browser.
 */
export function browserSuite(area, body) {
  const started = Date.now();
  describe(`Madani in the browser: ${area} (${DB_KIND})`, { concurrency: false }, () => {
    before(
      async () => {
        assert.ok(
          existsSync(join(MADANI_WEB_DIR, 'index.html')),
          `no built web app at ${MADANI_WEB_DIR}/index.html (build web/ first, or set MADANI_WEB_DIR)`,
        );
        assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium`);
        server = await startServer();
        browser = await launchBrowser();
        console.log(
          `${area}: server ${MADANI_BIN} on ${server.base} (${server.database}), web app ${MADANI_WEB_DIR}, ` +
            `Chromium ${browser.version()}`,
        );
      },
      { timeout: 120_000 },
    );

    after(async () => {
      await browser?.close().catch(() => {});
      await server?.stop();
      printSummary(area, started);
    });

    body();
  });
}

function printSummary(area, started) {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const out = [
    '',
    `── Madani e2e summary: ${area} (${DB_KIND}) ──`,
    `duration       ${secs} s`,
  ];
  if (summary.axe.length) {
    const bad = summary.axe.filter((a) => a.count > 0);
    out.push(
      `axe            ${summary.axe.length} page(s) checked, ${bad.length} with violations`,
      ...bad.map((a) => `                 ${a.page}: ${a.count} (${[...new Set(a.ids)].join(', ')})`),
    );
  }
  if (summary.screenshots.length) {
    out.push(`screenshots    ${summary.screenshots.length} in ${relative(process.cwd(), ARTIFACTS) || '.'}/`);
  }
  console.log([...out, ''].join('\n'));
}
