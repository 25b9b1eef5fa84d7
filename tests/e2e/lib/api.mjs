// Direct API calls, to set up users quickly and to check what the browser did: the calls every
// test uses here; the courses' fixtures in courses-api.mjs, the consultations', projects' and
// circles' in civic-api.mjs (both re-exported).

import { randomBytes } from 'node:crypto';
import { waitForEmailLink } from './outbox.mjs';

/** A fresh address and password (not a common password) for one test. */
export function newCredentials(tag) {
  const r = randomBytes(4).toString('hex');
  return { email: `e2e-${tag}-${r}@example.org`, password: `cedar lantern ${r} river` };
}

export async function api(server, method, path, body) {
  const send = () =>
    fetch(`${server.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  let res;
  try {
    res = await send();
  } catch (err) {
    // A read may meet a keep-alive connection the server closed while this process was blocked
    // (`server.cli` runs synchronously): one more try, on a fresh connection. Writes are not retried.
    if (method !== 'GET') throw err;
    res = await send();
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

/** Register through the API and verify the address with the emailed link. Returns { email, password, id }. */
export async function createVerifiedUser(server, { tag = 'user', lang = 'en', displayName = 'E2E Tester' } = {}) {
  const creds = newCredentials(tag);
  const reg = await api(server, 'POST', '/api/v1/auth/register', {
    email: creds.email,
    password: creds.password,
    display_name: displayName,
    preferred_language: lang,
  });
  if (reg.status !== 201) throw new Error(`register ${creds.email}: ${reg.status} ${reg.text}`);
  const link = await waitForEmailLink(server.outboxDir, creds.email, '/verify-email');
  const token = new URL(link).searchParams.get('token');
  const ver = await api(server, 'POST', '/api/v1/auth/verify-email', { token });
  if (ver.status !== 200) throw new Error(`verify ${creds.email}: ${ver.status} ${ver.text}`);
  return { ...creds, id: reg.json?.id };
}

/** The HTTP status of a login with these credentials (200 works, 401 wrong password). */
export async function loginStatus(server, email, password) {
  const res = await api(server, 'POST', '/api/v1/auth/login', { email, password, transport: 'body' });
  if (res.status === 200 && res.json?.refresh_token) {
    // Do not leave a session open behind the test's back.
    await api(server, 'POST', '/api/v1/auth/logout', { refresh_token: res.json.refresh_token });
  }
  return res.status;
}

/** Sign in through the API; returns the access token. */
export async function accessToken(server, { email, password }) {
  const res = await api(server, 'POST', '/api/v1/auth/login', { email, password, transport: 'body' });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return res.json.access_token;
}

/** Register an association owned by `owner` (who must be verified). Returns its JSON. */
export async function createAssociation(server, owner, body) {
  const token = await accessToken(server, owner);
  const res = await fetch(`${server.base}/api/v1/associations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`create association: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** A valid association body; `name` is a LocalizedText. */
export function associationBody(name, registration) {
  return {
    name,
    registration_number: registration,
    category: 'wilaya',
    fields: ['culture', 'youth'],
    wilaya_code: '06',
    commune_id: 158,
    size: 'small',
    description: { fr: 'Ateliers de lecture et de théâtre pour les jeunes.' },
    email: { value: 'contact@example.org', public: true },
  };
}

/** Observatory staff verify an association, through the API. Returns it. */
export async function verifyAssociation(server, staff, id) {
  const token = await accessToken(server, staff);
  return authed(server, token, 'POST', `/api/v1/associations/${id}/verify`, {});
}

/** A call with an access token; throws unless the status is one of `ok`. Returns the JSON. */
export async function authed(server, token, method, path, body, ok = [200, 201]) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Send `bytes` as the body of a POST (or `method`: an upload), as `user`. Returns the JSON. */
export async function upload(server, user, path, bytes, contentType, method = 'POST') {
  const token = await accessToken(server, user);
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
    body: bytes,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Give `project` (its id) a cover (a PNG's bytes), as an officer of its lead. Returns the project. */
export function uploadProjectCover(server, officer, project, png) {
  return upload(server, officer, `/api/v1/projects/${project}/cover`, png, 'image/png');
}

/** `member` asks to join `association` and its `owner` approves. */
export async function joinAssociation(server, owner, member, association) {
  const memberToken = await accessToken(server, member);
  const request = await authed(server, memberToken, 'POST', `/api/v1/associations/${association.id}/join-requests`, {});
  const ownerToken = await accessToken(server, owner);
  await authed(server, ownerToken, 'POST', `/api/v1/associations/${association.id}/join-requests/${request.id}/approve`);
}

/** An administrator disables `user`'s account. */
export async function disableUser(server, admin, user) {
  const token = await accessToken(server, admin);
  await authed(server, token, 'PATCH', `/api/v1/admin/users/${user.id}`, { disabled: true });
}

/** `from` asks `to` to connect and `to` accepts, through the API. */
export async function connect(server, from, to) {
  const call = async (user, path, body) => {
    const res = await fetch(`${server.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken(server, user)}` },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const request = await call(from, '/api/v1/connections', { user_id: to.id });
  await call(to, `/api/v1/connections/${request.id}/accept`);
}

// The fixtures of the courses and of the civic areas (consultations, projects, circles), kept in
// files of their own and offered here with the rest.
export * from './courses-api.mjs';
export * from './civic-api.mjs';
