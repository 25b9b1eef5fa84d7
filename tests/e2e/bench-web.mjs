// The web app on a slow link (issue #11, item 2), measured in Chromium: `cargo xtask bench --web`
// runs `node tests/e2e/bench-web.mjs` with MADANI_BIN (the server) and MADANI_WEB_DIR (web/dist).
// A server on SQLite with a few hundred generated associations; every page opened on a link of
// 400 ms latency and 50 KB/s each way (the CPU not slowed), three times, the median kept:
//   - the shell painted (first-contentful-paint) on `/` and on a deep link, cold;
//   - the directory's first result on a cold deep link;
//   - the same on a repeat visit, the service worker in place.
// Cold runs have no HTTP cache and no service worker. Missed goals are reported, not an error: the
// exit code is non-zero only when the measure itself failed.

import { setTimeout as sleep } from 'node:timers/promises';

import { launchBrowser, newContext } from './lib/browser.mjs';
import { MADANI_BIN, MADANI_WEB_DIR, startServer } from './lib/server.mjs';

const RUNS = 3;
const ASSOCIATIONS = 400;
const LANG = process.env.BENCH_LANG || 'fr';
const VIEWPORT = { width: 360, height: 800 };
const LINK = { offline: false, latency: 400, downloadThroughput: 51_200, uploadThroughput: 51_200 };
const TIMEOUT = 120_000;

/**
 * Before any script of the page: note (page clock) when the directory's first result is laid out.
 * Runs in the page, so it names its selector itself.
 */
function watchFirstResult() {
  const seen = () => {
    const card = document.querySelector('#directory-results .card');
    if (card && card.getBoundingClientRect().height > 0) {
      window.benchFirstResult = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
}

/** The page's first-contentful-paint, in ms from its navigation's start. */
async function firstPaint(page) {
  const handle = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    null,
    { timeout: TIMEOUT, polling: 50 },
  );
  return handle.jsonValue();
}

/** When the directory's first result showed, in ms from the navigation's start. */
async function firstResult(page) {
  const handle = await page.waitForFunction(() => window.benchFirstResult, null, { timeout: TIMEOUT, polling: 50 });
  return handle.jsonValue();
}

/** Slow the page's own requests down (and, for cold runs, turn its HTTP cache off). */
async function throttlePage(context, page, { cold }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (cold) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', LINK);
}

/**
 * Slow the service workers' requests down too: emulation belongs to one DevTools target, and a worker
 * is a target of its own (its network-first fetches would otherwise go at full speed). Playwright
 * gives sessions for pages only, so this goes through the browser's session to the worker's target.
 */
async function throttleWorkers(browser, base) {
  const root = await browser.newBrowserCDPSession();
  const { targetInfos } = await root.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(base));
  if (workers.length === 0) throw new Error('no service worker to throttle');
  let id = 0;
  for (const worker of workers) {
    const { sessionId } = await root.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    const call = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const mine = ++id;
        const onMessage = (event) => {
          if (event.sessionId !== sessionId) return;
          const message = JSON.parse(event.message);
          if (message.id !== mine) return;
          root.off('Target.receivedMessageFromTarget', onMessage);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolve(message.result);
        };
        root.on('Target.receivedMessageFromTarget', onMessage);
        root.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method, params }) }).catch(reject);
      });
    await call('Network.enable');
    await call('Network.emulateNetworkConditions', LINK);
  }
  return root;
}

/** A cold visit of `path`: its first paint, and the first result when it is the directory. */
async function coldVisit(browser, base, path) {
  const context = await newContext(browser, base, { lang: LANG, viewport: VIEWPORT });
  try {
    await context.addInitScript(watchFirstResult);
    const page = await context.newPage();
    await throttlePage(context, page, { cold: true });
    await page.goto(path, { waitUntil: 'commit', timeout: TIMEOUT });
    const paint = await firstPaint(page);
    const result = path === '/associations' ? await firstResult(page) : null;
    return { paint, result };
  } finally {
    await context.close();
  }
}

/**
 * A repeat visit: the directory seen once at full speed until the service worker controls the page,
 * then reloaded on the slow link (the worker's requests slowed too), with the HTTP cache kept.
 */
async function repeatVisit(browser, base) {
  const context = await newContext(browser, base, { lang: LANG, viewport: VIEWPORT, serviceWorkers: 'allow' });
  let root;
  try {
    await context.addInitScript(watchFirstResult);
    const page = await context.newPage();
    await page.goto('/associations', { timeout: TIMEOUT });
    await firstResult(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
      await page.reload({ timeout: TIMEOUT });
      await firstResult(page);
    }
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
      throw new Error('the service worker does not control the page after a reload');
    }
    await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
    await throttlePage(context, page, { cold: false });
    root = await throttleWorkers(browser, base);
    await page.reload({ waitUntil: 'commit', timeout: TIMEOUT });
    const paint = await firstPaint(page);
    const result = await firstResult(page);
    return { paint, result };
  } finally {
    await root?.detach().catch(() => {});
    await context.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (v) => `${Math.round(v)}`.padStart(6);

function report(rows) {
  const out = [
    '',
    `Madani web app on a slow link: latency ${LINK.latency} ms, ${LINK.downloadThroughput / 1024} KB/s each way, ` +
      `CPU not throttled, ${VIEWPORT.width} px, ${LANG}; ${RUNS} runs each, median`,
    `  ${'measure'.padEnd(46)} ${'runs (ms)'.padEnd(22)} ${'median'.padStart(8)} ${'goal'.padStart(9)}`,
  ];
  for (const { label, runs, goal } of rows) {
    const m = median(runs);
    out.push(
      `  ${label.padEnd(46)} ${runs.map(ms).join('').padEnd(22)} ${ms(m)} ms  ≤ ${`${goal}`.padStart(4)} ms  ` +
        `${m <= goal ? 'met' : 'MISSED'}`,
    );
  }
  console.log([...out, ''].join('\n'));
}

async function main() {
  console.log(`bench-web: server ${MADANI_BIN}, web app ${MADANI_WEB_DIR}`);
  const server = await startServer();
  let browser;
  try {
    server.cli(['seed-associations', `${ASSOCIATIONS}`]);
    // The running server's directory sees rows written by another process within a few seconds.
    let listed;
    for (const deadline = Date.now() + 30_000; !listed?.total && Date.now() < deadline; await sleep(500)) {
      listed = await (await fetch(`${server.base}/api/v1/associations`, { signal: AbortSignal.timeout(10_000) })).json();
    }
    if (!listed?.total) throw new Error(`the directory lists nothing after seeding: ${JSON.stringify(listed).slice(0, 200)}`);
    browser = await launchBrowser();
    console.log(`bench-web: ${listed.total} associations in the directory; Chromium ${browser.version()} on ${server.base}`);

    // One visit first, not counted: the server's first answers warm its caches, as in use.
    await coldVisit(browser, server.base, '/associations');
    const home = [];
    const deep = [];
    for (let i = 0; i < RUNS; i++) {
      home.push((await coldVisit(browser, server.base, '/')).paint);
      deep.push(await coldVisit(browser, server.base, '/associations'));
    }
    const repeat = [];
    for (let i = 0; i < RUNS; i++) repeat.push(await repeatVisit(browser, server.base));

    report([
      { label: 'shell painted, / (cold)', runs: home, goal: 1_500 },
      { label: 'shell painted, /associations (cold deep link)', runs: deep.map((r) => r.paint), goal: 1_500 },
      { label: 'first result, /associations (cold deep link)', runs: deep.map((r) => r.result), goal: 8_000 },
      { label: 'first result, repeat visit (service worker)', runs: repeat.map((r) => r.result), goal: 1_500 },
    ]);
    console.log(`  (the repeat visit's shell painted in ${repeat.map((r) => Math.round(r.paint)).join(', ')} ms)\n`);
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(`bench-web failed: ${e.stack || e.message}`);
  process.exitCode = 1;
});
