// Start and stop the real `madani` server for a suite run: a fresh temp dir, a free port, a fresh
// database (an SQLite file, or a throwaway PostgreSQL database when E2E_DATABASE_URL is postgres://).

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

// Defaults: the debug build and the built web app of this checkout.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const MADANI_BIN = process.env.MADANI_BIN || join(REPO, 'target/debug/madani');
export const MADANI_WEB_DIR = process.env.MADANI_WEB_DIR || join(REPO, 'web/dist');
const READY_TIMEOUT_MS = 60_000;

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function isPostgres(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Run SQL as the server's admin (psql, trust auth), against the URL's own database. */
function psql(adminUrl, sql) {
  execFileSync('psql', ['--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-q', '-d', adminUrl, '-c', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
}

/** The URL `base` with its database name replaced. */
function withDatabase(base, name) {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Prepare the database. Returns { url, label, drop() }.
 * - unset E2E_DATABASE_URL: an SQLite file in the temp dir;
 * - postgres://…: CREATE DATABASE e2e_<random> on that server, dropped WITH (FORCE) afterwards;
 * - anything else: used as given (never dropped).
 */
function prepareDatabase(tmp) {
  const given = process.env.E2E_DATABASE_URL;
  if (!given) {
    return { url: `sqlite://${join(tmp, 'madani.db')}`, label: 'sqlite', drop() {} };
  }
  if (!isPostgres(given)) {
    return { url: given, label: given.split(':')[0] || 'sqlite', drop() {} };
  }
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  // The admin connection: the given URL as is, or the `postgres` database when it names none.
  const admin = new URL(given).pathname.length > 1 ? given : withDatabase(given, 'postgres');
  psql(admin, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(given, name),
    label: `postgres (${name})`,
    drop() {
      try {
        psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e) {
        console.error(`# could not drop database ${name}: ${e.stderr || e.message}`);
      }
    },
  };
}

async function isReady(base) {
  try {
    const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Start the server and wait for GET /ready to be 200. Retries the spawn while the binary is missing or
 * exits early (it may be being rebuilt). Returns
 * { base, port, tmp, dataDir, outboxDir, database, log(), stop() }.
 */
export async function startServer() {
  const tmp = mkdtempSync(join(tmpdir(), 'madani-e2e-'));
  const dataDir = join(tmp, 'data');
  const database = prepareDatabase(tmp);
  const lines = [];
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let child;
  let port;
  let lastProblem = '';
  let earlyExits = 0;

  const cleanup = () => {
    database.drop();
    if (!process.env.E2E_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  };

  try {
    while (Date.now() < deadline) {
      if (!existsSync(MADANI_BIN)) {
        lastProblem = `${MADANI_BIN} does not exist (build it with cargo first)`;
        await sleep(1_000);
        continue;
      }
      port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        ...process.env,
        DATABASE_URL: database.url,
        MADANI_BIND: `127.0.0.1:${port}`,
        MADANI_DATA_DIR: dataDir,
        MADANI_PUBLIC_URL: base,
        MADANI_WEB_DIR: MADANI_WEB_DIR,
        MADANI_WORKERS: '2',
        MADANI_ENV: 'development',
        MADANI_LOG: process.env.MADANI_LOG || 'info',
      };
      delete env.MADANI_SMTP_URL; // emails must land in the outbox folder
      let exited = null;
      try {
        child = spawn(MADANI_BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        lastProblem = `spawn failed: ${e.message}`;
        await sleep(1_000);
        continue;
      }
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit); // never leave a server behind, even when the run is cut short
      child.once('exit', () => process.off('exit', killOnExit));
      child.on('error', (e) => {
        exited = `spawn error: ${e.message}`; // e.g. ETXTBSY while the linker writes the binary
      });
      child.on('exit', (code, signal) => {
        exited ??= `exited with ${signal || code}`;
      });
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          for (const line of chunk.split('\n')) if (line) lines.push(line);
          if (lines.length > 2_000) lines.splice(0, lines.length - 2_000);
        });
      }
      while (Date.now() < deadline && !exited) {
        if (await isReady(base)) {
          const server = {
            base,
            port,
            /** Run a `madani` command against this server's database (e.g. `admin create`). */
            cli(args, input) {
              return execFileSync(MADANI_BIN, args, { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
            },
            tmp,
            dataDir,
            outboxDir: join(dataDir, 'outbox'),
            database: database.label,
            log: () => lines.join('\n'),
            async stop() {
              await stopChild(child);
              cleanup();
            },
          };
          return server;
        }
        await sleep(200);
      }
      lastProblem = exited ? `server ${exited}` : 'GET /ready was not 200 in time';
      await stopChild(child);
      child = null;
      // A binary being relinked fails to spawn (retry); one that starts and exits three times is broken.
      if (exited && !exited.startsWith('spawn error') && ++earlyExits >= 3) break;
      await sleep(1_000);
    }
    throw new Error(
      `madani (${MADANI_BIN}) did not become ready: ${lastProblem}\n` +
        `--- server log (last lines) ---\n${lines.slice(-60).join('\n')}`,
    );
  } catch (e) {
    if (child) await stopChild(child);
    cleanup();
    throw e;
  }
}

/** SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child) {
  if (!child || !child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await done;
  clearTimeout(timer);
}
