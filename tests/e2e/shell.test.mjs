// Madani in the browser, the first load on a slow link (issue #11, item 2): the page shell the server
// sends paints in the visitor's language (Arabic mirrored at 360 px) with nothing but its own HTML and
// inline CSS; a deep link names its page's modules so that they come in parallel with the main one;
// a navigation that waits shows a progress bar, also while a module is still arriving; a repeat visit
// starts from the service worker's cache, and a page already seen stays readable offline.
// Run: `node --test tests/e2e/shell.test.mjs` (see README.md here).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { associationBody, createAssociation, createVerifiedUser, verifyAssociation } from './lib/api.mjs';
import { bounded, HERE, screenshot, waitForSettled } from './lib/browser.mjs';
import { assertNoAppErrors, assertText, NARROW, WIDE, withPage } from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

const LOCALES = Object.fromEntries(
  ['ar', 'fr'].map((lang) => [lang, JSON.parse(readFileSync(join(HERE, '../../web/locales', `${lang}.json`), 'utf8'))]),
);
const NAME = { ar: 'جمعية الواحة', fr: 'Association Oasis' };
const MAIN_WASM = /\/madani-web-[0-9a-f]+\.wasm$/;
/** The directory's area of pages: its module and the chunks of code it needs, in one pack. */
const DIRECTORY_MODULE = /\/pack_associations-[0-9a-f]+\.bin$/;
/** The rest of the stylesheet, linked at the end of the shell's body. */
const STYLESHEET = /\/madani-[0-9a-f]+\.css$/;

/** What the shell shows at the top: the header's parts, the skeleton, the page's width. */
function shellState(page) {
  return page.evaluate(() => {
    const box = (sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height } : null;
    };
    const text = (sel) => document.querySelector(sel)?.textContent.trim() ?? null;
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      title: document.title,
      brand: box('#shell .brand'),
      actions: box('#shell .header-actions'),
      menu: box('#shell .site-menu'),
      toggleDisabled: document.querySelector('#shell .nav-toggle')?.disabled ?? null,
      associations: text('#shell nav a[href="/associations"]'),
      courses: text('#shell nav a[href="/courses"]'),
      signIn: text('#shell .header-sign-in'),
      skeletons: [...document.querySelectorAll('#shell .skeleton')].map((el) => el.getBoundingClientRect().height),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  });
}

/**
 * A proxy in front of `upstream` whose responses to `slow` paths, once `thin()` is called, send their
 * first bytes at once and the rest over `seconds`: a thin link on which a module's first bytes come
 * soon and its last ones late. (Bodies are asked for uncompressed, so that the server's compression
 * does not hold the first bytes back.)
 */
async function slowLink(upstream, slow, seconds) {
  const target = new URL(upstream);
  let thin = false;
  const proxy = createServer((req, res) => {
    const slowed = thin && slow.test(new URL(req.url, upstream).pathname);
    const headers = { ...req.headers, host: target.host };
    if (slowed) delete headers['accept-encoding'];
    const forward = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        if (!slowed) {
          answer.pipe(res);
          return;
        }
        const parts = [];
        answer.on('data', (part) => parts.push(part));
        answer.on('end', async () => {
          const body = Buffer.concat(parts);
          const step = Math.max(1, Math.ceil(body.length / (seconds * 10)));
          for (let at = 0; at < body.length && !res.destroyed; at += step) {
            res.write(body.subarray(at, at + step));
            await sleep(100);
          }
          res.end();
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${proxy.address().port}`,
    thin: () => {
      thin = true;
    },
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(resolve);
      }),
  };
}

/**
 * Runs in the page: whether the progress bar shows (its class, and drawn, not transparent) as it must
 * at `moment`: 'module' (the page's module awaited), 'data' (the page there, its results awaited),
 * 'done' (gone), 'now' (whether it shows at all).
 */
function progressAt(moment) {
  const bar = document.getElementById('progress-bar');
  const on = Boolean(bar) && bar.classList.contains('progress-bar--on') && getComputedStyle(bar).opacity === '1';
  const page = document.querySelector('#directory-q') !== null;
  const results = document.querySelector('#directory-results .card') !== null;
  if (moment === 'module') return on && !page;
  if (moment === 'data') return on && page && !results;
  if (moment === 'done') return !on;
  return on;
}

browserSuite('shell', () => {
  let association;

  // Before any page asks the directory: its answers are cached for a few seconds.
  before(async () => {
    const owner = await createVerifiedUser(server, { tag: 'shell-owner', lang: 'fr', displayName: 'Owner Oasis' });
    const staff = await createVerifiedUser(server, { tag: 'shell-staff', lang: 'fr', displayName: 'Staff Oasis' });
    server.cli(['admin', 'create', '--email', staff.email]);
    association = await createAssociation(server, owner, associationBody(NAME, '06/2024/0951'));
    await verifyAssociation(server, staff, association.id);
  });

  test('2. the shell paints in the visitor\'s language before the app: Arabic at 360 px, mirrored', { timeout: 60_000 }, async (t) => {
    // No script runs, and the linked stylesheet never comes: what shows is the server's HTML with its
    // inline CSS alone, as a visitor on a slow link sees it first.
    await withPage(t, { lang: 'ar', viewport: NARROW, javaScriptEnabled: false }, async ({ context, page }) => {
      await page.route(STYLESHEET, (route) => route.abort('internetdisconnected'));
      const response = await page.goto('/associations');
      assert.equal(response.headers()['content-language'], 'ar', 'an Arabic browser (no cookie) gets the Arabic shell');
      const ar = await shellState(page);
      assert.equal(`${ar.lang} ${ar.dir}`, 'ar rtl', '<html lang dir>');
      assert.equal(ar.title, LOCALES.ar['app.name']);
      assert.equal(ar.associations, LOCALES.ar['nav.associations']);
      assert.equal(ar.courses, LOCALES.ar['nav.courses']);
      assert.equal(ar.signIn, LOCALES.ar['header.sign_in']);
      assert.equal(ar.toggleDisabled, true, 'the menu button waits for the app');
      assert.ok(ar.brand && ar.actions, 'the shell has a brand and header actions');
      assert.equal(ar.menu?.height ?? 0, 0, 'at 360 px the navigation is folded behind the menu button (inline CSS applied)');
      assert.ok(ar.brand.top < ar.actions.bottom && ar.actions.top < ar.brand.bottom, `one header row: ${JSON.stringify(ar)}`);
      assert.ok(ar.brand.left >= ar.actions.right, `mirrored: the brand right of the header actions: ${JSON.stringify(ar)}`);
      assert.ok(ar.skeletons.length > 0 && ar.skeletons.every((h) => h > 0), `the skeleton is drawn: heights ${ar.skeletons}`);
      assert.ok(await page.locator('#shell .skeleton').first().isVisible());
      assert.ok(ar.scrollWidth <= ar.clientWidth, `no sideways scroll at 360 px: ${ar.scrollWidth} > ${ar.clientWidth}`);
      await screenshot(page, 'shell-ar-360');

      // The language chosen in the app (its cookie) wins over the browser's.
      await context.addCookies([{ name: 'madani_lang', value: 'fr', url: server.base }]);
      await page.goto('/associations');
      const fr = await shellState(page);
      assert.equal(`${fr.lang} ${fr.dir}`, 'fr ltr');
      assert.equal(fr.courses, LOCALES.fr['nav.courses']);
      assert.equal(fr.signIn, LOCALES.fr['header.sign_in']);
      assert.ok(fr.brand.right <= fr.actions.left, `left to right: the brand left of the header actions: ${JSON.stringify(fr)}`);
      assert.ok(fr.skeletons.every((h) => h > 0));
      await screenshot(page, 'shell-fr-360');
    });
  });

  test('2. a deep link names its page\'s modules, fetched in parallel with the main module', { timeout: 60_000 }, async (t) => {
    const html = async (path) => (await fetch(`${server.base}${path}`, { signal: AbortSignal.timeout(10_000) })).text();
    const directory = await html('/associations');
    assert.match(
      directory,
      /<link rel="preload" href="\/pack_associations-[0-9a-f]+\.bin" as="fetch" crossorigin>/,
      'the directory\'s shell names its module',
    );
    assert.match(await html(`/associations/${association.id}`), /rel="preload" href="\/pack_associations-/);
    assert.match(await html('/courses'), /rel="preload" href="\/pack_learning-/);
    assert.doesNotMatch(await html('/'), /href="\/pack_/, 'the home page is in the main module: no page module named');

    // The main module held back 1.5 s: without the link, the page's module could only be asked for
    // once the main one has arrived and started.
    await withPage(t, { lang: 'en', viewport: NARROW }, async ({ page, problems }) => {
      let mainReleased = 0;
      await page.route(MAIN_WASM, async (route) => {
        await sleep(1_500);
        mainReleased = Date.now();
        await route.continue();
      });
      const asked = [];
      page.on('request', (r) => {
        if (DIRECTORY_MODULE.test(new URL(r.url()).pathname)) asked.push(Date.now());
      });
      await page.goto('/associations');
      await page.locator('#directory-q').waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('#directory-results .card').first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok(mainReleased > 0, 'the main module went through the route');
      assert.ok(asked.length > 0, 'the directory\'s module was fetched');
      assert.ok(
        asked[0] < mainReleased,
        `the directory's module was asked for ${asked[0] - mainReleased} ms after the main module came, not while it was on its way`,
      );
      assert.equal(asked.length, 1, 'the module the shell named is the one the app used (one download, not two)');
      assertNoAppErrors(problems);
    });
  });

  test('2. navigation that waits shows a progress bar', { timeout: 60_000 }, async (t) => {
    await withPage(t, { lang: 'en', viewport: WIDE }, async ({ page, problems }) => {
      await page.goto('/');
      await waitForSettled(page);
      assert.equal(await page.evaluate(progressAt, 'now'), false, 'no bar on a page that has settled');
      const held = (ms) => async (route) => {
        if (route.request().method() === 'GET') await sleep(ms);
        await route.continue();
      };
      await page.route(DIRECTORY_MODULE, held(1_500));
      await page.route((url) => url.pathname === '/api/v1/associations', held(1_500));
      await page.locator('nav a[href="/associations"]').click();
      // The page's module on its way.
      await page.waitForFunction(progressAt, 'module', { timeout: 5_000 }).catch(
        async () => assert.fail(`no progress bar while the directory's module was held (class: "${await page.locator('#progress-bar').getAttribute('class')}")`),
      );
      // The page is there, its results on their way.
      await page
        .waitForFunction(progressAt, 'data', { timeout: 10_000 })
        .catch(() => assert.fail('no progress bar while the directory waited for its results'));
      await page.locator('#directory-results .card').first().waitFor({ state: 'visible', timeout: 15_000 });
      await page
        .waitForFunction(progressAt, 'done', { timeout: 5_000 })
        .catch(() => assert.fail('the progress bar stayed after the results came'));
      assertNoAppErrors(problems);
    });
  });

  test('2. on a slow link the progress bar stays until the page\'s module has arrived, not just its first bytes', { timeout: 120_000 }, async (t) => {
    // The link is thinned by a proxy of the test's own in front of the server, not by Chromium's
    // network emulation, which now and then held the module's request for good.
    const link = await slowLink(server.base, DIRECTORY_MODULE, 4);
    t.after(link.close);
    await withPage(t, { lang: 'en', viewport: WIDE }, async ({ page, problems }) => {
      await page.goto(`${link.base}/`);
      await waitForSettled(page);
      // Every change of the bar, with the page's clock (that of its resource timings).
      await page.evaluate(() => {
        const bar = document.getElementById('progress-bar');
        window.barLog = [];
        const note = () => window.barLog.push([performance.now(), bar.classList.contains('progress-bar--on')]);
        new MutationObserver(note).observe(bar, { attributes: true, attributeFilter: ['class'] });
        note();
        // The home page's many modules may have filled the browser's buffer of resource timings
        // (250 by default): room for the module this test measures.
        performance.clearResourceTimings();
        performance.setResourceTimingBufferSize(1000);
      });
      link.thin();
      await page.locator('nav a[href="/associations"]').click();
      await page.locator('#directory-q').waitFor({ state: 'visible', timeout: 60_000 });
      const { module, log } = await page.evaluate(() => {
        const e = performance.getEntriesByType('resource').find((r) => /\/pack_associations-[0-9a-f]+\.bin$/.test(r.name));
        return { module: e && { start: e.startTime, firstByte: e.responseStart, end: e.responseEnd }, log: window.barLog };
      });
      assert.ok(module, 'the directory\'s module was fetched after the click');
      // From when the bar must be on (its 150 ms delay, or the first bytes) to the last byte.
      const from = Math.max(module.start + 300, module.firstByte);
      const to = module.end - 50;
      assert.ok(to - from >= 500, `the throttled module took ${Math.round(module.end - module.firstByte)} ms after its first byte: too short to tell`);
      let off = 0;
      for (let i = 0; i < log.length; i++) {
        const [at, on] = log[i];
        const until = i + 1 < log.length ? log[i + 1][0] : Infinity;
        if (!on) off += Math.max(0, Math.min(until, to) - Math.max(at, from));
      }
      const timeline = log.map(([at, on]) => `${Math.round(at)} ${on ? 'on' : 'off'}`).join(', ');
      assert.ok(
        off <= 100,
        `the bar was off ${Math.round(off)} ms of the ${Math.round(to - from)} ms the module was still arriving ` +
          `(asked ${Math.round(module.start)}, first byte ${Math.round(module.firstByte)}, last ${Math.round(module.end)}; bar: ${timeline})`,
      );
      assertNoAppErrors(problems);
    });
  });

  test('2. a repeat visit starts from the service worker\'s cache and a page seen stays readable offline', { timeout: 120_000 }, async (t) => {
    const worker = await (await fetch(`${server.base}/sw.js`, { signal: AbortSignal.timeout(10_000) })).text();
    const build = worker.match(/const BUILD = "([^"]*)"/)?.[1];
    assert.ok(build && !build.startsWith('__'), `/sw.js carries the build's id (BUILD = ${JSON.stringify(build)})`);
    const card = `#directory-results a[href="/associations/${association.id}"]`;

    await withPage(t, { lang: 'fr', viewport: NARROW, serviceWorkers: 'allow' }, async ({ context, page, problems }) => {
      await page.goto('/associations');
      await waitForSettled(page);
      await bounded(page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), 30_000, 'waiting for the service worker');
      if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
        t.diagnostic('the first page was not taken over by the worker: reloaded once');
        await page.reload();
        await waitForSettled(page);
      }
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the worker controls the page');

      // Pages seen with the worker in place: the association's, then the directory again.
      await page.goto(`/associations/${association.id}`);
      await assertText(page.locator('#association-name'), NAME.fr);
      const fromWorker = [];
      page.on('response', (r) => {
        if (MAIN_WASM.test(new URL(r.url()).pathname)) fromWorker.push(r.fromServiceWorker());
      });
      await page.goto('/associations');
      await page.locator(card).waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok(fromWorker.length > 0 && fromWorker.every(Boolean), `the repeat visit's main module came from the worker: ${fromWorker}`);
      const cached = await page.evaluate(async () => {
        const main = performance.getEntriesByType('resource').find((r) => /\/madani-web-[0-9a-f]+\.wasm$/.test(r.name));
        return { names: await caches.keys(), main: Boolean(main && (await caches.match(main.name))) };
      });
      assert.ok(cached.main, 'the main module is in the worker\'s cache');
      assert.deepEqual(
        cached.names.filter((n) => !n.endsWith(`-${build}`)),
        [],
        `every cache is named after this build (${build}), so that a release replaces them: ${cached.names.join(', ')}`,
      );
      assert.ok(cached.names.length >= 2, `a cache for the files and one for the reads: ${cached.names.join(', ')}`);
      assertNoAppErrors(problems);

      await context.setOffline(true);
      try {
        // Offline for the worker too: what it has not seen fails.
        const unseen = await page.evaluate(() =>
          fetch('/api/v1/associations?q=never-seen-offline').then((r) => `answered ${r.status}`, () => 'failed'),
        );
        assert.equal(unseen, 'failed', 'offline, a question never asked has no answer (the link is really off)');

        const answer = await page.goto(`/associations/${association.id}`);
        assert.ok(answer?.fromServiceWorker(), 'offline, the worker answered the page');
        await assertText(page.locator('#association-name'), NAME.fr);
        await screenshot(page, 'offline-association-fr-360');

        await page.goto('/associations');
        await page.reload();
        await page.locator(card).waitFor({ state: 'visible', timeout: 15_000 });
        await screenshot(page, 'offline-directory-fr-360');
      } finally {
        await context.setOffline(false);
      }
    });
  });
});
