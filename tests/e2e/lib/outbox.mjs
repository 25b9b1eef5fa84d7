// Read the emails the server writes to <data dir>/outbox/*.eml (headers, a blank line, a plain-text body).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Parse one .eml file: { file, mtimeMs, headers: {lowercase: value}, to, subject, body }. */
export function parseEmail(file) {
  const raw = readFileSync(file, 'utf8');
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { file, mtimeMs: statSync(file).mtimeMs, headers, to: headers.to || '', subject: headers.subject || '', body };
}

/** Every email in the folder, newest first (by modification time, then by name). */
export function listEmails(outboxDir) {
  let names;
  try {
    names = readdirSync(outboxDir).filter((n) => n.endsWith('.eml'));
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  const emails = [];
  for (const name of names) {
    try {
      emails.push(parseEmail(join(outboxDir, name)));
    } catch {
      // vanished or unreadable mid-write: the next poll sees it
    }
  }
  return emails.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? 1 : -1));
}

/** The `To:` header names this address (`a@b` or `Name <a@b>`), case-insensitively. */
function addressedTo(email, address) {
  const want = address.trim().toLowerCase();
  return email.to
    .toLowerCase()
    .split(',')
    .some((part) => {
      const angle = part.match(/<([^>]+)>/);
      return (angle ? angle[1] : part).trim() === want;
    });
}

/** The first URL in `text` whose path is `path` (e.g. "/verify-email"), or null. */
export function findLink(text, path) {
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    try {
      const url = new URL(m[0]);
      if (url.pathname === path || url.pathname.endsWith(path)) return url.toString();
    } catch {
      // not a URL after all
    }
  }
  return null;
}

/**
 * Poll the outbox for the newest email to `to` containing a link to `path`, and return that URL.
 * `notIn`: URLs to ignore (e.g. an earlier link of the same kind); `after`: only files modified at or
 * after this time (ms since the epoch).
 */
export async function waitForEmailLink(outboxDir, to, path, { timeoutMs = 20_000, notIn = [], after = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const email of listEmails(outboxDir)) {
      if (email.mtimeMs < after || !addressedTo(email, to)) continue;
      const link = findLink(email.body, path);
      if (link && !notIn.includes(link)) return link;
    }
    if (Date.now() > deadline) {
      const seen = listEmails(outboxDir)
        .map((e) => `  ${e.file}  To: ${e.to}  Subject: ${e.subject}`)
        .join('\n');
      throw new Error(
        `no email to ${to} with a ${path} link in ${outboxDir} within ${timeoutMs} ms; emails there:\n${seen || '  (none)'}`,
      );
    }
    await sleep(150);
  }
}
