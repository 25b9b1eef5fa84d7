// Direct API calls, to set up users quickly and to check what the browser did.

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

/**
 * A published course with one module and one required text lesson, created by `staff` (observatory
 * staff or an administrator, who becomes its trainer). Returns { course, module, lesson }.
 */
export async function createPublishedCourse(server, staff, { title, lessonTitle, body } = {}) {
  const token = await accessToken(server, staff);
  const course = await authed(server, token, 'POST', '/api/v1/courses', {
    title: title ?? { ar: 'تسيير المشاريع الجمعوية', fr: 'Gestion de projet associatif' },
    summary: { ar: 'من الحاجة إلى الحصيلة.', fr: 'Du besoin au bilan : monter et suivre un projet.' },
    field: 'local_development',
    level: 'beginner',
    languages: ['ar', 'fr'],
    estimated_minutes: 90,
  });
  const module = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules`, {
    title: { ar: 'المنطلقات', fr: 'Les bases' },
  });
  const lesson = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules/${module.id}/lessons`, {
    title: lessonTitle ?? { ar: 'الإطار المنطقي', fr: 'Le cadre logique' },
    kind: 'text',
    required: true,
    body: body ?? { ar: 'ينطلق المشروع من **مشكلة** ملاحَظة.', fr: "Un projet part d'un **problème** observé." },
    estimated_minutes: 15,
  });
  await authed(server, token, 'PATCH', `/api/v1/courses/${course.id}`, { status: 'published' });
  return { course, module, lesson };
}

/** Enrol `learner` in `course` and complete `lessons` (ids) through the API. */
export async function completeCourse(server, learner, course, lessons) {
  const token = await accessToken(server, learner);
  await authed(server, token, 'POST', `/api/v1/courses/${course.id}/enrolment`, undefined, [200, 201, 204]);
  for (const lesson of lessons) {
    await authed(server, token, 'POST', `/api/v1/courses/${course.id}/lessons/${lesson}/complete`);
  }
  return token;
}

/** The certificates of `user` (GET /api/v1/me/certificates). */
export async function myCertificates(server, user) {
  const token = await accessToken(server, user);
  return authed(server, token, 'GET', '/api/v1/me/certificates');
}

/**
 * A published course whose one lesson is a quiz (two questions, 50 % to pass, answers shown), by
 * `staff`. Returns { course, module, lesson, quiz }.
 */
export async function createQuizCourse(server, staff, { title } = {}) {
  const token = await accessToken(server, staff);
  const course = await authed(server, token, 'POST', '/api/v1/courses', {
    title: title ?? { ar: 'مالية الجمعيات', fr: 'Finances associatives' },
    summary: { fr: 'Le budget, les comptes et le bilan.' },
    field: 'local_development',
    level: 'beginner',
    languages: ['ar', 'fr'],
  });
  const module = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules`, {
    title: { fr: 'Le budget' },
  });
  const lesson = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules/${module.id}/lessons`, {
    title: { ar: 'اختبار الميزانية', fr: 'Quiz sur le budget' },
    kind: 'quiz',
    required: true,
  });
  const quiz = await authed(server, token, 'PUT', `/api/v1/courses/${course.id}/lessons/${lesson.id}/quiz`, {
    pass_percent: 50,
    max_attempts: 3,
    time_limit_minutes: 15,
    shuffle: false,
    show_answers: true,
    questions: [
      {
        kind: 'single',
        prompt: { ar: 'من يصادق على ميزانية الجمعية؟', fr: 'Qui adopte le budget d’une association ?' },
        points: 2,
        choices: [
          { text: { ar: 'الجمعية العامة', fr: 'L’assemblée générale' }, correct: true },
          { text: { ar: 'أمين المال وحده', fr: 'Le trésorier seul' } },
        ],
      },
      { kind: 'true_false', prompt: { ar: 'الحصيلة المالية سنوية.', fr: 'Un bilan financier est annuel.' }, answer: true },
    ],
  });
  await authed(server, token, 'PATCH', `/api/v1/courses/${course.id}`, { status: 'published' });
  return { course, module, lesson, quiz };
}

/**
 * A draft course made by `staff` (observatory staff or an administrator), with one module and one
 * required text lesson, whose `trainers` (user ids) are named by staff. Returns { course, module, lesson }.
 */
export async function createDraftCourse(server, staff, { title, trainers = [] } = {}) {
  const token = await accessToken(server, staff);
  const course = await authed(server, token, 'POST', '/api/v1/courses', {
    title: title ?? { ar: 'الإطار المنطقي للمشاريع', fr: 'Le cadre logique des projets' },
    summary: { fr: 'Construire un projet à partir de ses objectifs.' },
    field: 'local_development',
    level: 'beginner',
    languages: ['ar', 'fr'],
  });
  const module = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules`, {
    title: { ar: 'المنطلقات', fr: 'Les bases' },
  });
  const lesson = await authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules/${module.id}/lessons`, {
    title: { ar: 'الإطار المنطقي', fr: 'Le cadre logique' },
    kind: 'text',
    required: true,
    body: { fr: 'Des **objectifs** aux résultats attendus.' },
    estimated_minutes: 10,
  });
  for (const user_id of trainers) {
    await authed(server, token, 'POST', `/api/v1/courses/${course.id}/trainers`, { user_id });
  }
  return { course, module, lesson };
}

/** A course as `user` sees it (GET /api/v1/courses/{id}). */
export async function getCourse(server, user, id) {
  const token = await accessToken(server, user);
  return authed(server, token, 'GET', `/api/v1/courses/${id}`);
}

/**
 * `learner` (enrolled) takes the quiz `quiz` of `lesson` through the API, answering right except the
 * questions whose indexes are in `wrong`. Returns the graded attempt.
 */
export async function takeQuiz(server, learner, { course, lesson, quiz }, { wrong = [] } = {}) {
  const token = await accessToken(server, learner);
  const base = `/api/v1/courses/${course.id}/lessons/${lesson.id}/attempts`;
  const attempt = await authed(server, token, 'POST', base);
  const answers = quiz.questions.map((q, i) => {
    const right = !wrong.includes(i);
    const answer = { question_id: q.id };
    if (q.kind === 'single' || q.kind === 'multiple') {
      answer.choice_ids = q.choices.filter((c) => c.correct === right).slice(0, 1).map((c) => c.id);
    } else if (q.kind === 'true_false') {
      answer.value = right ? q.answer : !q.answer;
    } else {
      answer.text = right ? q.accepted[0] : 'no idea';
    }
    return answer;
  });
  return authed(server, token, 'POST', `${base}/${attempt.id}/submit`, { answers });
}

/** Add a lesson (a `CreateLesson` body) at the end of `module`, as `trainer`. Returns it. */
export async function addLesson(server, trainer, course, module, body) {
  const token = await accessToken(server, trainer);
  return authed(server, token, 'POST', `/api/v1/courses/${course.id}/modules/${module.id}/lessons`, body);
}

/** Send `bytes` as the body of a POST (or `method`: an upload), as `user`. Returns the JSON. */
async function upload(server, user, path, bytes, contentType, method = 'POST') {
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

/** Give `course` a cover (a PNG's bytes), as one of its trainers. Returns the course. */
export function uploadCover(server, trainer, course, png) {
  return upload(server, trainer, `/api/v1/courses/${course.id}/cover`, png, 'image/png');
}

/** Give `project` (its id) a cover (a PNG's bytes), as an officer of its lead. Returns the project. */
export function uploadProjectCover(server, officer, project, png) {
  return upload(server, officer, `/api/v1/projects/${project}/cover`, png, 'image/png');
}

/** Give a video lesson its file, as one of the course's trainers. Returns the lesson. */
export function uploadLessonVideo(server, trainer, course, lesson, bytes, contentType = 'video/webm') {
  return upload(server, trainer, `/api/v1/courses/${course.id}/lessons/${lesson.id}/video`, bytes, contentType);
}

/** Give a video lesson (with its file) captions in `language` (a WebVTT file's text). Returns the lesson. */
export function uploadLessonCaptions(server, trainer, course, lesson, language, vtt) {
  const path = `/api/v1/courses/${course.id}/lessons/${lesson.id}/captions/${language}`;
  return upload(server, trainer, path, Buffer.from(vtt), 'text/vtt', 'PUT');
}

/** Publish `course`, as one of its trainers or staff. */
export async function publishCourse(server, trainer, course) {
  const token = await accessToken(server, trainer);
  await authed(server, token, 'PATCH', `/api/v1/courses/${course.id}`, { status: 'published' });
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

/** A question of every kind, for the pages' checks: each control as a respondent sees it. */
function everyKindQuestionnaire() {
  const t = (ar, fr) => ({ ar, fr });
  const options = (...labels) => labels.map(([ar, fr], i) => ({ id: `o${i + 1}`, label: t(ar, fr) }));
  return {
    sections: [
      {
        title: t('جمعيتكم', 'Votre association'),
        questions: [
          { id: 'q1', kind: 'single_choice', title: t('هل تلقيتم دعمًا؟', 'Avez-vous reçu une subvention ?'), required: true, options: options(['نعم', 'Oui'], ['لا', 'Non']) },
          { id: 'q2', kind: 'number', title: t('المبلغ (دج)', 'Montant (DZD)'), min: 0, max: 100000000, show_if: { question_id: 'q1', operator: 'equals', option_id: 'o1' } },
          { id: 'q3', kind: 'multiple_choice', title: t('احتياجاتكم', 'Vos besoins'), max_choices: 2, options: options(['التكوين', 'Formation'], ['التجهيز', 'Équipement'], ['المقر', 'Locaux']) },
          { id: 'q4', kind: 'scale', title: t('رضاكم', 'Votre satisfaction'), scale_max: 5, low_label: t('ضعيف', 'Faible'), high_label: t('كبير', 'Forte') },
        ],
      },
      {
        title: t('آراؤكم', 'Vos avis'),
        questions: [
          { id: 'q5', kind: 'ranking', title: t('رتّبوا الأولويات', 'Classez les priorités'), options: options(['التكوين', 'Formation'], ['التمويل', 'Financement'], ['الشراكات', 'Partenariats']) },
          { id: 'q6', kind: 'matrix', title: t('قيّموا', 'Évaluez'), options: options(['جيد', 'Bien'], ['سيئ', 'Mal']), rows: [{ id: 'r1', label: t('الإجراءات', 'Les démarches') }, { id: 'r2', label: t('الآجال', 'Les délais') }] },
          { id: 'q7', kind: 'short_text', title: t('كلمة واحدة', 'Un mot') },
          { id: 'q8', kind: 'long_text', title: t('اقتراحاتكم', 'Vos propositions') },
          { id: 'q9', kind: 'date', title: t('تاريخ التأسيس', 'Date de fondation') },
        ],
      },
    ],
  };
}

/**
 * Consultations run by `admin` (an administrator, made manager of a new institution), both taking
 * proposals: one open (a member's answer, every kind of question), and one answered by `admin`,
 * closed, its results published; the institution running them, which defines a proposal state of its
 * own. Returns { open, results, institution } (their ids).
 */
export async function createConsultations(server, admin, { tag = 'e2e' } = {}) {
  const token = await accessToken(server, admin);
  const institution = await authed(server, token, 'POST', '/api/v1/institutions', {
    kind: 'observatory',
    name: { ar: 'مرصد الاختبار', fr: `Observatoire de test ${tag}` },
    acronym: 'OT',
    manager_email: admin.email,
  });
  const hour = 3600_000;
  const make = async (title) => {
    const c = await authed(server, token, 'POST', '/api/v1/consultations', {
      institution_id: institution.id,
      title,
      summary: { ar: 'كيف يجب أن يتطوّر الدعم؟', fr: 'Comment le soutien doit-il évoluer ?' },
      body: { ar: 'يجيب **كل عضو** مرة واحدة.', fr: 'Chaque **membre** répond une fois.' },
      respondent: 'member',
      audience: {},
      opens_at: new Date(Date.now() - hour).toISOString(),
      closes_at: new Date(Date.now() + 24 * 7 * hour).toISOString(),
      allow_edit: true,
      proposals_enabled: true,
    });
    const id = c.id;
    await authed(server, token, 'PUT', `/api/v1/consultations/${id}/questionnaire`, everyKindQuestionnaire());
    await authed(server, token, 'POST', `/api/v1/consultations/${id}/publish`, {});
    return id;
  };
  const open = await make({ ar: 'استشارة مفتوحة', fr: 'Consultation ouverte' });
  const results = await make({ ar: 'استشارة منشورة النتائج', fr: 'Consultation aux résultats publiés' });
  await authed(server, token, 'POST', `/api/v1/consultations/${results}/answer/submit`, {
    answers: [
      { question_id: 'q1', choice: 'o1' },
      { question_id: 'q2', number: 250000 },
      { question_id: 'q3', choices: ['o1', 'o2'] },
      { question_id: 'q4', number: 4 },
      { question_id: 'q5', ranking: ['o2', 'o1', 'o3'] },
      { question_id: 'q6', matrix: [{ row: 'r1', choice: 'o1' }, { row: 'r2', choice: 'o2' }] },
      { question_id: 'q7', text: 'Confiance' },
      { question_id: 'q8', text: 'Publier les critères.' },
      { question_id: 'q9', date: '2019-03-14' },
    ],
  });
  await authed(server, token, 'POST', `/api/v1/consultations/${results}/close`, {});
  await authed(server, token, 'POST', `/api/v1/consultations/${results}/results/publish`, {});
  // A state of the institution's own, for its page and the answers' form.
  await authed(server, token, 'PUT', `/api/v1/institutions/${institution.id}/proposal-states/referred_to_wilaya`, {
    state: 'evaluating',
    label: { ar: 'أحيل إلى الولاية', fr: 'Transmise à la wilaya', en: 'Referred to the wilaya' },
  });
  return { open, results, institution: institution.id };
}

/**
 * A proposal of `member` in the open `consultation`, supported by `organiser`, who comments on it;
 * the member replies and reports the comment (so that the moderation queue has an item, and the
 * organiser has the member's reply to report). Returns { proposal, comment, reply } (their ids).
 */
export async function createProposalThread(server, organiser, member, consultation) {
  const o = await accessToken(server, organiser);
  const m = await accessToken(server, member);
  const proposal = await authed(server, m, 'POST', `/api/v1/consultations/${consultation}/proposals`, {
    title: 'Un guichet unique pour les subventions',
    body: 'Un seul dossier, en ligne, pour toutes les aides publiques aux associations.',
    wilaya_code: '06',
  });
  await authed(server, o, 'PUT', `/api/v1/proposals/${proposal.id}/support`);
  const comment = await authed(server, o, 'POST', `/api/v1/proposals/${proposal.id}/comments`, {
    body: 'Oui, et **dans chaque daïra** aussi.',
  });
  const reply = await authed(server, m, 'POST', `/api/v1/proposals/${proposal.id}/comments`, {
    body: 'Bonne idée : une antenne par daïra.',
    parent_id: comment.id,
  });
  await authed(server, m, 'POST', `/api/v1/comments/${comment.id}/reports`, { reason: 'off_topic', details: 'Hors sujet ?' }, [204]);
  return { proposal: proposal.id, comment: comment.id, reply: reply.id };
}

/** `YYYY-MM-DD` of the `day`th of the current month (UTC), clamped to 28. */
export function dayThisMonth(day) {
  const now = new Date();
  const d = Math.min(day, 28);
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A public project led by `association` (of which `officer` is an officer): two milestones (one
 * done), an update, an activity this month with registration (the officer registered), and an
 * indicator with two periods and an actual. Returns { project, activity, date } (ids, and the
 * activity's day).
 */
export async function createProject(server, officer, association, { tag = 'e2e' } = {}) {
  const token = await accessToken(server, officer);
  const year = new Date().getUTCFullYear();
  const project = await authed(server, token, 'POST', '/api/v1/projects', {
    association_id: association,
    title: { ar: 'مدرسة الحيّ', fr: `L'école du quartier ${tag}`, en: `The neighbourhood school ${tag}` },
    summary: { ar: 'دعم مدرسي لـ120 تلميذًا في بجاية.', fr: 'Soutien scolaire pour 120 élèves de Béjaïa.' },
    description: { ar: 'يرافق **20 منشّطًا** التلاميذ.', fr: 'Vingt **animateurs** accompagnent les élèves.' },
    status: 'implementation',
    visibility: 'public',
    country: 'DZ',
    wilayas: ['06'],
    fields: ['education'],
    budget: 2500000,
    currency: 'DZD',
    funders: [{ name: 'Ministère de la Solidarité', amount: 2000000 }],
    planned_start: `${year}-01-15`,
    planned_end: `${year + 1}-06-30`,
  });
  const id = project.id;
  await authed(server, token, 'POST', `/api/v1/projects/${id}/milestones`, {
    title: { ar: 'توظيف المنشّطين', fr: 'Recrutement des animateurs' },
    due_on: `${year}-02-01`,
    weight: 2,
    done_on: `${year}-02-03`,
  });
  await authed(server, token, 'POST', `/api/v1/projects/${id}/milestones`, {
    title: { ar: 'تقييم منتصف المدة', fr: 'Évaluation à mi-parcours' },
    due_on: `${year + 1}-01-31`,
    weight: 1,
  });
  await authed(server, token, 'POST', `/api/v1/projects/${id}/updates`, {
    body: 'Les **20 animateurs** sont recrutés.',
  });
  const date = dayThisMonth(14);
  const activity = await authed(server, token, 'POST', `/api/v1/projects/${id}/activities`, {
    title: { ar: 'ورشة كتابة المشاريع', fr: "Atelier d'écriture de projets" },
    description: { fr: 'Apportez vos idées.' },
    start: `${date}T10:00:00`,
    end: `${date}T12:30:00`,
    address: 'Maison de la culture, Béjaïa',
    public: true,
    capacity: 30,
    waitlist: true,
  });
  await authed(server, token, 'PUT', `/api/v1/activities/${activity.id}/registration`, undefined);
  const indicator = await authed(server, token, 'POST', `/api/v1/projects/${id}/indicators`, {
    result_kind: 'outcome',
    result_title: { ar: 'يتحسّن النجاح المدرسي', fr: 'La réussite scolaire progresse' },
    title: { ar: 'التلاميذ الناجحون', fr: 'Élèves passant en classe supérieure' },
    measure: 'percentage',
    ascending: true,
    baseline_value: 48,
    baseline_on: `${year - 1}-06-30`,
    periods: [
      { start: `${year}-01-01`, end: `${year}-06-30`, target: 60 },
      { start: `${year}-07-01`, end: `${year}-12-31`, target: 70 },
    ],
  });
  await authed(server, token, 'POST', `/api/v1/projects/${id}/indicators/${indicator.id}/actuals`, {
    value: 64,
    measured_on: `${year}-06-30`,
    wilaya: '06',
    comment: 'Fin du premier semestre',
  });
  return { project: id, activity: activity.id, date };
}

/**
 * An open circle of `moderator` (staff, who creates it) with a question thread; `member` joins and
 * replies, the moderator marks the reply as the answer, and `reporter` joins and reports it (so that
 * the moderation queue has an item). Returns { circle, thread } (their ids).
 */
export async function createCircleThread(server, moderator, member, reporter) {
  const m = await accessToken(server, moderator);
  const circle = await authed(server, m, 'POST', '/api/v1/circles', {
    name: { ar: 'الشباب والمواطنة', fr: 'Jeunesse et citoyenneté' },
    description: { ar: 'تبادل حول **المشاركة** المحلية.', fr: 'Échanges sur la **participation** locale des jeunes.' },
    fields: ['youth'],
    wilaya: '06',
    policy: 'open',
    observers_allowed: true,
  });
  const view = await authed(server, m, 'POST', `/api/v1/circles/${circle.id}/threads`, {
    title: 'Comment associer les lycéens ?',
    body: 'Nous cherchons des **idées** pour associer les lycéens à nos projets.',
    kind: 'question',
  });
  const thread = view.thread.id;
  const token = await accessToken(server, member);
  await authed(server, token, 'POST', `/api/v1/circles/${circle.id}/join`, {});
  const reply = await authed(server, token, 'POST', `/api/v1/threads/${thread}/posts`, {
    body: 'Un conseil des jeunes, élu dans chaque lycée.',
  });
  await authed(server, m, 'PUT', `/api/v1/threads/${thread}/answer`, { post_id: reply.id });
  const r = await accessToken(server, reporter);
  await authed(server, r, 'POST', `/api/v1/circles/${circle.id}/join`, {});
  await authed(server, r, 'POST', `/api/v1/posts/${reply.id}/reports`, { reason: 'off_topic', details: 'Hors sujet ?' }, [204]);
  return { circle: circle.id, thread };
}
