// The courses' fixtures: published, draft and quiz courses, lessons, media, completion and
// certificates, through the API (re-exported by api.mjs).

import { accessToken, authed, upload } from './api.mjs';

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

/** Give `course` a cover (a PNG's bytes), as one of its trainers. Returns the course. */
export function uploadCover(server, trainer, course, png) {
  return upload(server, trainer, `/api/v1/courses/${course.id}/cover`, png, 'image/png');
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
