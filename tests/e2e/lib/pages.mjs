// The accessibility and screenshot checks of every page (public and signed in), in one language: the
// data they need is made through the API, then each page is opened, photographed at 1280 and 360 px
// wide and checked with axe (WCAG 2.0–2.2 A/AA).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  accessToken,
  addLesson,
  authed,
  associationBody,
  completeCourse,
  createAssociation,
  createCircleThread,
  createConsultations,
  createProject,
  createProposalThread,
  createPublishedCourse,
  createQuizCourse,
  createVerifiedUser,
  myCertificates,
  takeQuiz,
  uploadCover,
  uploadLessonCaptions,
  uploadLessonVideo,
  uploadProjectCover,
  verifyAssociation,
} from './api.mjs';
import { bounded, formatViolations, newContext, nextFrames, runAxe, screenshot, waitForSettled, watchPage } from './browser.mjs';
import { tinyPng, webmHeader, webvtt } from './media.mjs';
import { explainFailure, logIn, NARROW, waitForPath, WIDE } from './page.mjs';
import { browser, server, summary } from './suite.mjs';

const ACCOUNT_PAGES = new Set([
  'account',
  'account-security',
  'account-data',
  'new-association',
  'my-associations',
  'verification',
  'import',
  'audit-log',
  'member-profile-edit',
  'my-network',
  'edit-association',
  'notifications',
  'dashboard',
  'new-course',
  'edit-course',
  'edit-course-lesson',
  'edit-course-quiz',
  'edit-course-stats',
  'edit-course-video',
  'course-enrol',
  'lesson',
  'video-lesson',
  'my-learning',
  'my-certificates',
  'certificate',
  'consultation-answer',
  'new-consultation',
  'edit-consultation',
  'edit-consultation-preview',
  'consultation-moderation',
  'institution',
  'new-project',
  'edit-project',
  'project-indicator-edit',
  'my-calendar',
  'indicator-rollup',
  'messages',
  'messages-thread',
  'messaging-settings',
  'new-circle',
]);

/** Views of a page reached by a click: the trainers' editor with a form or a tab open. */
const OPEN = {
  async lessonForm(page) {
    await page.locator('.edit-lesson').first().click();
    await page.locator('#lesson-edit-form').waitFor({ timeout: 15_000 });
  },
  async quizBuilder(page) {
    await page.locator('.edit-quiz').first().click();
    await page.locator('#quiz-editor-form').waitFor({ timeout: 15_000 });
    await page.locator('#quiz-preview-toggle').click();
    await page.locator('#quiz-preview fieldset').first().waitFor({ timeout: 15_000 });
  },
  async stats(page) {
    await page.locator('#tab-stats').click();
    await page.locator('#course-stats .stats-quiz').first().waitFor({ timeout: 15_000 });
  },
  /** The last lesson's form: the demo course's video lesson, with its uploaded file and captions. */
  async videoForm(page) {
    await page.locator('li.editor-lesson').last().locator('.edit-lesson').click();
    await page.locator('#lesson-video-remove').waitFor({ timeout: 15_000 });
    await page.locator('#captions-fr-remove').waitFor({ timeout: 15_000 });
  },
  /** The officers' panel on a course page, open, listing the association's members. */
  /** The questionnaire builder's preview, as a respondent sees it. */
  async consultationPreview(page) {
    await page.locator('#b-preview').click();
    await page.locator('#builder-preview fieldset').first().waitFor({ timeout: 15_000 });
  },
  /** A comment's report form, open (the comment of the proposal's thread). */
  async reportForm(page) {
    await page.locator('#comments-list .report__open').first().click();
    await page.locator('#comments-list form.report').waitFor({ timeout: 15_000 });
  },
  /** The moderation queue with an item's form to hide it open. */
  async moderationForm(page) {
    await page.locator('#moderation-items .moderation-item button[id$="-hide"]').first().click();
    await page.locator('#moderation-items form.moderation-form').waitFor({ timeout: 15_000 });
  },
  /** An institution's page as its manager sees it, with the form to define a proposal state open. */
  async stateForm(page) {
    await page.locator('#state-define > summary').click();
    await page.locator('#pstate-new-form').waitFor({ timeout: 15_000 });
  },
  /** A project's page as its officer sees it, with the milestone, activity and indicator forms open. */
  async projectForms(page) {
    await page.locator('#milestone-add').click();
    await page.locator('#milestone-form').waitFor({ timeout: 15_000 });
    await page.locator('#activity-add').click();
    await page.locator('#activity-form').waitFor({ timeout: 15_000 });
    await page.locator('#indicator-add').click();
    await page.locator('#indicator-form').waitFor({ timeout: 15_000 });
  },
  /** A project's page as its officer sees it, with an indicator's form open to change it and its values listed. */
  async indicatorEdit(page) {
    await page.locator('#indicator-list details[id$="-actuals"] > summary').first().click();
    await page.locator('#indicator-list button[id$="-edit"]').first().click();
    await page.locator('#indicator-form').waitFor({ timeout: 15_000 });
  },
  /** My calendar with a private feed address just made (shown once). */
  async personalFeed(page) {
    await page.locator('#personal-feed-reset').click();
    const dialog = page.locator('dialog[open] .btn--danger');
    if (await dialog.isVisible().catch(() => false)) await dialog.click();
    await page.locator('#personal-feed-url-input').waitFor({ timeout: 15_000 });
  },
  /** A circle's thread with the report form of the member's reply open. */
  async postReport(page) {
    await page.locator('#posts button[id$="-report"]').first().click();
    await page.locator('#posts form[id$="-report-form"]').waitFor({ timeout: 15_000 });
  },
  /** A circle as its moderator sees it, with the form to hide the reported reply open. */
  async circleModeration(page) {
    await page.locator('#circle-moderation-items button[id$="-hide"]').first().click();
    await page.locator('#circle-moderation-items form').waitFor({ timeout: 15_000 });
  },
  async enrolPanel(page) {
    await page.locator('#enrol-members-open').click();
    await page.locator('#enrol-member-list li').first().waitFor({ timeout: 15_000 });
  },
};

/** Every page checked with axe and photographed: [name, path, then what to open on it]. */
export const PAGES = [
  ['home', '/'],
  ['login', '/login'],
  ['register', '/register'],
  ['forgot-password', '/forgot-password'],
  ['reset-password', '/reset-password?token=x'],
  ['verify-email', '/verify-email?token=x'],
  ['not-found', '/nope/deeper'],
  ['account', '/account'],
  ['account-security', '/account/security'],
  ['account-data', '/account/data'],
  ['directory', '/associations'],
  ['association', '/associations/:demo'],
  ['new-association', '/associations/new'],
  ['edit-association', '/associations/:demo/edit'],
  ['my-associations', '/my/associations'],
  ['notifications', '/my/notifications'],
  ['dashboard', '/'],
  ['verification', '/staff/verification'],
  ['import', '/staff/import'],
  ['audit-log', '/staff/audit'],
  ['member', '/members/:me'],
  ['member-profile-edit', '/account/profile'],
  ['my-network', '/my/network'],
  ['courses', '/courses'],
  ['course', '/courses/:course'],
  ['course-enrol', '/courses/:course', OPEN.enrolPanel],
  ['lesson', '/courses/:course/lessons/:lesson'],
  ['video-lesson', '/courses/:course/lessons/:videolesson'],
  ['new-course', '/courses/new'],
  ['edit-course', '/courses/:course/edit'],
  ['edit-course-lesson', '/courses/:course/edit', OPEN.lessonForm],
  ['edit-course-video', '/courses/:course/edit', OPEN.videoForm],
  ['edit-course-quiz', '/courses/:quizcourse/edit', OPEN.quizBuilder],
  ['edit-course-stats', '/courses/:quizcourse/edit', OPEN.stats],
  ['my-learning', '/my/learning'],
  ['my-certificates', '/my/certificates'],
  ['certificate', '/certificates/:certificate'],
  ['verify', '/verify'],
  ['verify-code', '/verify/:code'],
  ['consultations', '/consultations'],
  ['consultation', '/consultations/:consultation'],
  ['consultation-answer', '/consultations/:consultation/answer'],
  ['consultation-results', '/consultations/:results/results'],
  ['new-consultation', '/consultations/new'],
  ['edit-consultation', '/consultations/:consultation/edit'],
  ['edit-consultation-preview', '/consultations/:consultation/edit', OPEN.consultationPreview],
  ['proposals', '/consultations/:consultation/proposals'],
  ['proposal', '/proposals/:proposal'],
  ['proposal-report', '/proposals/:proposal', OPEN.reportForm],
  ['consultation-moderation', '/consultations/:consultation/moderation', OPEN.moderationForm],
  ['institution', '/institutions/:institution', OPEN.stateForm],
  ['projects', '/projects'],
  ['project', '/projects/:project'],
  ['project-forms', '/projects/:project', OPEN.projectForms],
  ['activity', '/activities/:activity'],
  ['calendar', '/calendar'],
  ['calendar-agenda', '/calendar?view=agenda'],
  ['new-project', '/projects/new?association=:demo'],
  ['edit-project', '/projects/:project/edit'],
  ['project-indicator-edit', '/projects/:project', OPEN.indicatorEdit],
  ['indicator-rollup', '/indicators'],
  ['my-calendar', '/calendar/mine', OPEN.personalFeed],
  ['messages', '/messages'],
  ['messages-thread', '/messages/:conversation'],
  ['messaging-settings', '/account/messages'],
  ['circles', '/circles'],
  ['circle', '/circles/:circle'],
  ['circle-moderation', '/circles/:circle', OPEN.circleModeration],
  ['thread', '/threads/:thread'],
  ['thread-report', '/threads/:thread', OPEN.postReport],
  ['new-circle', '/circles/new'],
];

/** The `d./e.` suite for `lang` (ar or fr): one test per page of PAGES. */
export function accessibilityChecks(lang) {
  describe(`d. accessibility (axe, WCAG 2.2 AA) and e. screenshots — ${lang}`, { concurrency: false }, () => {
    let context;
    let page;
    let problems;
    let user;
    let demoAssociation;
    let demoCourse;
    let demoVideoLesson;
    let demoQuizCourse;
    let demoCertificate;
    let demoConsultations;
    let demoThread;
    let demoProject;
    let demoConversation;
    let demoCircle;

    before(
      async () => {
        user = await createVerifiedUser(server, { tag: `a11y-${lang}`, lang, displayName: 'Test' });
        // Staff, so the verification queue can be checked too (promoted as an operator would).
        server.cli(['admin', 'create', '--email', user.email]);
        const number = `06/2024/${lang === 'ar' ? '7001' : '7002'}`;
        const created = await createAssociation(server, user, {
          ...associationBody({ ar: 'جمعية المنار للثقافة', fr: 'Association El Manar pour la culture' }, number),
          address: { value: '3 rue des Frères Bouadou, Béjaïa', public: false },
        });
        demoAssociation = created.id;
        // A second registration under its number, waiting in the queue, flagged there once the demo
        // association is verified (its form then says what renaming it does).
        const squatter = await createVerifiedUser(server, { tag: `a11y-${lang}-squat`, lang, displayName: 'Squatter' });
        await createAssociation(server, squatter, associationBody({ ar: 'جمعية المنار الجديدة', fr: 'El Manar bis' }, number));
        await verifyAssociation(server, user, demoAssociation);
        // A published course the admin teaches, for the course, lesson and editor pages.
        demoCourse = await createPublishedCourse(server, user);
        // A second lesson, so that the editor shows its arrows to reorder them.
        await addLesson(server, user, demoCourse.course, demoCourse.module, {
          title: { ar: 'أدوات المتابعة', fr: 'Les outils de suivi' },
          kind: 'link',
          required: false,
          url: 'https://example.org/suivi',
        });
        // A cover, and a video lesson with its file and captions in Arabic and French (last in the
        // outline), for the editor, the course pages and the player as they look with them.
        await uploadCover(server, user, demoCourse.course, tinyPng(16, 8));
        const video = await addLesson(server, user, demoCourse.course, demoCourse.module, {
          title: { ar: 'فيديو: زيارة ميدانية', fr: 'Vidéo : une visite de terrain' },
          kind: 'video',
          required: false,
        });
        await uploadLessonVideo(server, user, demoCourse.course, video, webmHeader());
        await uploadLessonCaptions(server, user, demoCourse.course, video, 'ar', webvtt(['مرحبًا بكم.', 'ننطلق إلى الميدان.']));
        await uploadLessonCaptions(server, user, demoCourse.course, video, 'fr', webvtt());
        demoVideoLesson = video.id;
        // A course completed, for the certificate and verification pages.
        const finished = await createPublishedCourse(server, user, {
          title: { ar: 'حوكمة الجمعيات', fr: 'Gouvernance associative' },
        });
        await completeCourse(server, user, finished.course, [finished.lesson.id]);
        demoCertificate = (await myCertificates(server, user)).find((c) => c.course_id === finished.course.id);
        if (!demoCertificate) throw new Error('no certificate after completing the course');
        // A quiz the admin teaches, taken by two learners (one passes, one misses a question), for
        // the quiz builder and the figures.
        demoQuizCourse = await createQuizCourse(server, user);
        for (const [tag, wrong] of [['good', []], ['close', [0]]]) {
          const learner = await createVerifiedUser(server, { tag: `a11y-${lang}-${tag}`, lang, displayName: `Learner ${tag}` });
          await completeCourse(server, learner, demoQuizCourse.course, []);
          await takeQuiz(server, learner, demoQuizCourse, { wrong });
        }
        // An open consultation with a question of every kind, and one whose results are published.
        demoConsultations = await createConsultations(server, user, { tag: lang });
        // A proposal in the open one, supported and commented on by a member, a reply, a report.
        const member = await createVerifiedUser(server, { tag: `a11y-${lang}-member`, lang, displayName: 'Membre' });
        demoThread = await createProposalThread(server, user, member, demoConsultations.open);
        // A project of the demo association with milestones, an update, an activity this month
        // (with registration) and an indicator, for the project, activity and calendar pages.
        demoProject = await createProject(server, user, demoAssociation, { tag: lang });
        // With a cover, for the project's page, its card and the editor's picker as they look with one.
        await uploadProjectCover(server, user, demoProject.project, tinyPng(16, 8));
        // A conversation with the member (staff may write to anyone), answered, for the messages pages.
        const started = await authed(server, await accessToken(server, user), 'POST', '/api/v1/conversations', {
          kind: 'direct',
          with: [member.id],
          body: lang === 'ar' ? 'مرحبًا، هل وصلك **محضر** الاجتماع؟' : 'Bonjour, avez-vous reçu le **compte rendu** ?',
        });
        demoConversation = started.id;
        await authed(server, await accessToken(server, member), 'POST', `/api/v1/conversations/${started.id}/messages`, {
          body: lang === 'ar' ? 'نعم، شكرًا لك.' : 'Oui, merci beaucoup.',
        });
        // An open circle the admin moderates, with a question answered by the member's reply, which
        // the squatter reported, for the circle (its moderation queue) and thread pages.
        demoCircle = await createCircleThread(server, user, member, squatter);
        // One signed-out context for the public pages, then the same one signed in for /account*.
        context = await newContext(browser, server.base, { lang, viewport: WIDE });
        page = await context.newPage();
        problems = watchPage(page);
      },
      { timeout: 120_000 },
    );
    after(async () => {
      await context?.close();
    });

    for (const [name, template, open] of PAGES) {
      test(`${lang} ${name} (${template})`, { timeout: 90_000 }, async (t) => {
        const path = template
          .replace(':conversation', demoConversation)
          .replace(':circle', demoCircle.circle)
          .replace(':thread', demoCircle.thread)
          .replace(':quizcourse', demoQuizCourse.course.id)
          .replace(':consultation', demoConsultations.open)
          .replace(':proposal', demoThread.proposal)
          .replace(':results', demoConsultations.results)
          .replace(':institution', demoConsultations.institution)
          .replace(':videolesson', demoVideoLesson)
          .replace(':project', demoProject.project)
          .replace(':activity', demoProject.activity)
          .replace(':demo', demoAssociation)
          .replace(':me', user.id)
          .replace(':course', demoCourse.course.id)
          .replace(':lesson', demoCourse.lesson.id)
          .replace(':certificate', demoCertificate.id)
          .replace(':code', demoCertificate.code);
        try {
          try {
            await checkPage(name, path, open);
          } catch (e) {
            if (!isStall(e)) throw e;
            // Headless Chromium now and then stops producing frames for a page (screenshots and
            // requestAnimationFrame then wait forever). That is the browser, not the app: say so,
            // and check the page once more in a fresh tab of the same signed-in context.
            t.diagnostic(`browser stalled (${e.message.split('\n')[0]}); checking ${path} again in a new tab`);
            await page.close().catch(() => {});
            page = await context.newPage();
            problems = watchPage(page);
            await checkPage(name, path, open);
          }
        } catch (e) {
          throw await explainFailure(t, page, problems, e, { quiet: e.axe === true });
        } finally {
          problems.length = 0;
        }
      });
    }

    async function checkPage(name, path, open) {
      if (ACCOUNT_PAGES.has(name) && !(await page.locator('#account-menu-button').isVisible())) {
        await logIn(page, user.email, user.password);
      }
      await page.setViewportSize(WIDE);
      await page.goto(path);
      if (ACCOUNT_PAGES.has(name)) await waitForPath(page, path.split('?')[0]);
      await waitForSettled(page);
      const html = await bounded(
        page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
        10_000,
        'reading <html lang dir>',
      );
      assert.deepEqual(html, [lang, lang === 'ar' ? 'rtl' : 'ltr'], '<html lang dir>');
      if (open) {
        await open(page);
        await waitForSettled(page);
      }

      const violations = [];
      for (const viewport of [WIDE, NARROW]) {
        await page.setViewportSize(viewport);
        await nextFrames(page);
        await waitForSettled(page);
        const file = await screenshot(page, `${lang}-${viewport.width}-${name}`);
        summary.screenshots.push(file);
        for (const v of await runAxe(page)) violations.push({ ...v, width: viewport.width });
      }
      const unique = dedupe(violations);
      summary.axe.push({ page: `${lang} ${name}`, count: unique.length, ids: unique.map((v) => v.id) });
      if (unique.length) {
        const err = new Error(formatViolations(`${lang} ${path}`, unique));
        err.axe = true;
        throw err;
      }
      assert.deepEqual(
        problems.filter((p) => p.startsWith('page error:')),
        [],
        'the browser reported uncaught errors',
      );
    }
  });
}

/** A wait that ran out in the browser (Playwright's own timeouts, or `bounded`), not a failed check. */
function isStall(e) {
  return e?.name === 'TimeoutError' || /no answer from the page/.test(e?.message ?? '');
}

/** The same rule failing at both widths on the same nodes is one violation, marked with its widths. */
function dedupe(violations) {
  const byKey = new Map();
  for (const v of violations) {
    const key = `${v.id} ${v.nodes.map((n) => n.target).join(',')}`;
    if (byKey.has(key)) byKey.get(key).widths.push(v.width);
    else byKey.set(key, { ...v, widths: [v.width] });
  }
  return [...byKey.values()].map((v) => ({ ...v, help: `${v.help} [at ${v.widths.join('px, ')}px]` }));
}
