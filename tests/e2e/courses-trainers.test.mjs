// Madani in the browser, courses built by trainers (n., p., q.): the quiz builder, editing and
// reordering the outline, publishing, the figures and the learners' CSV; a cover and a video lesson's
// file; a video lesson's captions, played by a learner.
// Run: `node --test tests/e2e/` (see README.md here).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import {
  addLesson,
  completeCourse,
  createDraftCourse,
  createVerifiedUser,
  getCourse,
  publishCourse,
  uploadLessonVideo,
} from './lib/api.mjs';
import { nextFrames, screenshot } from './lib/browser.mjs';
import { tinyPng, webmHeader, webvtt } from './lib/media.mjs';
import {
  assertNoAppErrors,
  assertText,
  logIn,
  NARROW,
  submitOf,
  toastText,
  unlessFieldError,
  waitForNewToast,
  waitForPath,
  WIDE,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

browserSuite('courses-trainers', () => {
  test('n. a trainer named by staff builds a quiz with a preview, edits and reorders the outline, publishes; a learner passes; the figures and the CSV show it', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'staff', lang: 'fr', displayName: 'Staff Rania' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const trainer = await createVerifiedUser(server, { tag: 'builder', lang: 'fr', displayName: 'Trainer Walid' });
    const { course, lesson } = await createDraftCourse(server, staff, { trainers: [trainer.id] });
    const learner = await createVerifiedUser(server, { tag: 'builder-learner', lang: 'fr', displayName: 'Souad Learner' });
    let quizLesson;

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await page.locator('#lesson-form').waitFor({ timeout: 15_000 });

      // A quiz lesson: once added, the quiz builder opens on it.
      await page.locator('#lesson-title-fr').fill('Quiz : le cadre logique');
      await page.locator('#lesson-kind').selectOption('quiz');
      let before = await toastText(page);
      await submitOf(page, '#lesson-kind').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await page.locator('#quiz-editor-form').waitFor({ timeout: 15_000 });
      const questions = page.locator('#quiz-questions > li');
      // Question 1: one choice (the kind a new question starts with).
      const q1 = questions.nth(0);
      assert.equal(await q1.locator('select[id$="-kind"]').inputValue(), 'single');
      await q1.locator('textarea[id$="-prompt"]').fill('Que décrit le cadre logique ?');
      const choices = q1.locator('.quiz-editor__choice');
      await choices.nth(0).locator('input.input').fill('Les objectifs et les résultats attendus');
      await choices.nth(0).locator('input[type="checkbox"]').check();
      await choices.nth(1).locator('input.input').fill('Le budget seul');
      // Question 2: a short answer, two forms accepted.
      await page.locator('#add-question').click();
      const q2 = questions.nth(1);
      await q2.locator('select[id$="-kind"]').selectOption('short');
      await q2.locator('textarea[id$="-prompt"]').fill('Quel outil relie les activités aux résultats ?');
      await q2.locator('textarea[id$="-accepted"]').fill('cadre logique\nmatrice du cadre logique');
      // The preview shows the questions as learners will see them, answers hidden.
      await page.locator('#quiz-preview-toggle').click();
      const preview = page.locator('#quiz-preview');
      await preview.locator('fieldset[data-kind="short"]').waitFor({ timeout: 15_000 });
      await assertText(preview.locator('fieldset[data-kind="single"]'), 'Que décrit le cadre logique ?');
      assert.equal(await preview.getByLabel('Le budget seul').count(), 1);
      assert.equal(await preview.locator('fieldset[data-kind="short"] input[type="text"]').count(), 1);
      assert.equal(await preview.getByText('matrice du cadre logique').count(), 0, 'no accepted answer in the preview');
      await screenshot(page, 'fr-1280-quiz-builder');
      before = await toastText(page);
      await page.locator('#save-quiz').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await page.locator('#quiz-editor-close').click();

      // Edit the text lesson, in place and filled in: a new title, no longer required.
      const textItem = page.locator(`li[data-lesson="${lesson.id}"]`);
      await textItem.locator('.edit-lesson').click();
      await page.locator('#lesson-edit-form').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#edit-lesson-title-fr').inputValue(), 'Le cadre logique');
      assert.match(await page.locator('#edit-lesson-body-fr').inputValue(), /\*\*objectifs\*\*/);
      assert.equal(await page.locator('#edit-lesson-minutes').inputValue(), '10');
      await page.locator('#edit-lesson-title-fr').fill('Le cadre logique, pas à pas');
      await page.locator('#edit-lesson-required').uncheck();
      before = await toastText(page);
      await submitOf(page, '#edit-lesson-minutes').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await assertText(textItem, 'Le cadre logique, pas à pas');
      await assertText(textItem, 'Facultative');
      await page.waitForFunction((id) => document.activeElement?.id === `lesson-edit-${id}`, lesson.id, { timeout: 15_000 });

      // Move the quiz above it: the order is saved, the focus stays on the moved lesson.
      const quizItem = page.locator('li.editor-lesson').filter({ hasText: 'Quiz : le cadre logique' });
      quizLesson = await quizItem.getAttribute('data-lesson');
      assert.ok(await page.locator(`[id="lesson-down-${quizLesson}"]`).isDisabled(), 'the last lesson cannot move down');
      before = await toastText(page);
      await page.locator(`[id="lesson-up-${quizLesson}"]`).click();
      assert.match(await waitForNewToast(page, before), /1 sur 2/);
      await page.waitForFunction((id) => document.querySelector('li.editor-lesson')?.dataset.lesson === id, quizLesson, { timeout: 15_000 });
      await page.waitForFunction((id) => document.activeElement?.id === `lesson-down-${id}`, quizLesson, { timeout: 15_000 });
      assert.ok(await page.locator(`[id="lesson-up-${quizLesson}"]`).isDisabled());

      // A second module, moved first and renamed.
      await page.locator('#module-title-fr').fill('Pour aller plus loin');
      before = await toastText(page);
      await submitOf(page, '#module-title-fr').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      const second = page.locator('section.editor-module').nth(1);
      await assertText(second, 'Pour aller plus loin');
      const moduleId = await second.getAttribute('data-module');
      before = await toastText(page);
      await page.locator(`[id="module-up-${moduleId}"]`).click();
      await waitForNewToast(page, before);
      await page.waitForFunction((id) => document.querySelector('section.editor-module')?.dataset.module === id, moduleId, { timeout: 15_000 });
      await page.locator(`[id="module-rename-${moduleId}"]`).click();
      assert.equal(await page.locator('#rename-module-title-fr').inputValue(), 'Pour aller plus loin');
      await page.locator('#rename-module-title-fr').fill('Pour approfondir');
      before = await toastText(page);
      await submitOf(page, '#rename-module-title-fr').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      await assertText(page.locator('section.editor-module').first().locator('h3'), 'Pour approfondir');
      await screenshot(page, 'fr-1280-editor-outline');

      // Publish; no learners yet: the figures say so. The tabs follow the arrow keys.
      before = await toastText(page);
      await page.locator('#publish-course').click();
      await waitForNewToast(page, before);
      await assertText(page.locator('#course-status'), 'Publiée');
      await page.locator('#tab-learners').focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.activeElement?.id === 'tab-stats', null, { timeout: 15_000 });
      assert.equal(await page.locator('#tab-stats').getAttribute('aria-selected'), 'true');
      await page.locator('#course-stats-empty').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });

    // What the server holds: the quiz first in its module, the module first, the text lesson renamed.
    const saved = await getCourse(server, trainer, course.id);
    assert.equal(saved.status, 'published');
    assert.equal(saved.modules[0].title.fr, 'Pour approfondir');
    assert.deepEqual(saved.modules[1].lessons.map((l) => l.id), [quizLesson, lesson.id]);
    assert.equal(saved.modules[1].lessons[1].title.fr, 'Le cadre logique, pas à pas');
    assert.equal(saved.modules[1].lessons[1].required, false);

    // A learner takes the quiz on a phone and passes it.
    await completeCourse(server, learner, course, []);
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}/lessons/${quizLesson}`);
      await page.locator('#start-quiz').click();
      await page.locator('#quiz-form').waitFor({ timeout: 15_000 });
      await page.getByLabel('Les objectifs et les résultats attendus').check();
      await page.locator('#quiz-form fieldset[data-kind="short"] input[type="text"]').fill('Cadre logique');
      await page.locator('#hand-in').click();
      await page.locator('#quiz-result[data-passed="true"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-score'), '100');
      assertNoAppErrors(problems);
    });

    // The trainer sees the learner, downloads the list, and reads the figures.
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await assertText(page.locator('#learners'), 'Souad Learner');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15_000 }),
        page.locator('#export-learners').click(),
      ]);
      assert.equal(download.suggestedFilename(), `learners-${course.id}.csv`);
      const csv = await readFile(await download.path(), 'utf8');
      assert.match(csv, /^\uFEFFname,enrolled_at,/);
      assert.match(csv, /\r\nSouad Learner,[^\r\n]*,100,/);

      await page.locator('#tab-stats').click();
      await page.locator('#course-stats').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#stats-learners'), '1');
      await assertText(page.locator('#stats-completed'), '1');
      await assertText(page.locator('#stats-completion'), '100 %');
      const figures = page.locator(`.stats-quiz[data-lesson="${quizLesson}"]`);
      await assertText(figures, 'Tentatives notées : 1');
      await assertText(figures, 'Réussi : 1');
      const rows = figures.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      await assertText(rows.nth(0).locator('th'), 'Que décrit le cadre logique ?');
      await assertText(rows.nth(0).locator('td'), '100 %');
      await assertText(rows.nth(0).locator('td'), '1 sur 1');
      await assertText(rows.nth(1).locator('td'), '1 sur 1');
      await screenshot(page, 'fr-1280-course-stats-flow');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      await screenshot(page, 'fr-360-course-stats-flow');
      assertNoAppErrors(problems);
    });
  });

  test('p. a trainer gives a course a cover (refused first, then a PNG) shown in the catalog, and a video lesson its file', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'cover-staff', lang: 'fr', displayName: 'Staff Malik' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const trainer = await createVerifiedUser(server, { tag: 'cover-trainer', lang: 'fr', displayName: 'Trainer Houda' });
    const { course } = await createDraftCourse(server, staff, {
      title: { ar: 'التصوير التشاركي', fr: 'La photographie participative' },
      trainers: [trainer.id],
    });
    let videoLesson;

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      const input = page.locator('#cover-file');
      await input.waitFor({ timeout: 15_000 });

      // Not a picture: refused, and the reason is under the input.
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
      await assertText(page.locator('#cover-file-error'), 'Choisissez une image PNG, JPEG ou WebP.');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');

      // A real one: it shows as the preview.
      let before = await toastText(page);
      await input.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: tinyPng() });
      await waitForNewToast(page, before);
      await page.waitForFunction(() => {
        const img = document.querySelector('#cover-file-preview');
        return img && img.complete && img.naturalWidth === 8;
      }, null, { timeout: 15_000 });
      assert.equal(await page.locator('#cover-file-error').count(), 0, 'the error is gone');

      // A video lesson without an address: its form opens on the file section.
      await page.locator('#lesson-title-fr').fill('Regarder une photo ensemble');
      await page.locator('#lesson-kind').selectOption('video');
      before = await toastText(page);
      await submitOf(page, '#lesson-kind').click();
      await unlessFieldError(page, waitForNewToast(page, before));
      const videoInput = page.locator('#lesson-video-file');
      await videoInput.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#lesson-video-current'), 'Aucun fichier');
      await videoInput.setInputFiles({ name: 'notes.webm', mimeType: 'video/webm', buffer: Buffer.from('these are notes, not a video') });
      await assertText(page.locator('#lesson-video-file-error'), 'Choisissez une vidéo MP4 ou WebM.');
      before = await toastText(page);
      await videoInput.setInputFiles({ name: 'atelier.webm', mimeType: 'video/webm', buffer: webmHeader(64 * 1024) });
      await waitForNewToast(page, before);
      await assertText(page.locator('#lesson-video-current'), 'WEBM');
      await page.locator('#lesson-video-remove').waitFor();
      await screenshot(page, 'fr-1280-editor-video-flow');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      await screenshot(page, 'fr-360-editor-video-flow');
      await page.setViewportSize(WIDE);
      videoLesson = await page.locator('li.editor-lesson', { hasText: 'Regarder une photo ensemble' }).getAttribute('data-lesson');

      before = await toastText(page);
      await page.locator('#publish-course').click();
      await waitForNewToast(page, before);

      // The catalog shows the cover, decorative, sized before it loads, loaded lazily.
      await page.goto('/courses');
      await page.locator('#catalog-q').fill('photographie participative');
      const card = page.locator('#catalog-results article', { hasText: 'La photographie participative' });
      await card.waitFor({ timeout: 15_000 });
      const cover = card.locator('img.course-cover');
      assert.equal(await cover.getAttribute('alt'), '');
      assert.equal(await cover.getAttribute('loading'), 'lazy');
      assert.deepEqual([await cover.getAttribute('width'), await cover.getAttribute('height')], ['640', '320']);
      await page.waitForFunction(() => {
        const img = document.querySelector('#catalog-results img.course-cover');
        return img && img.complete && img.naturalWidth === 8;
      }, null, { timeout: 15_000 });
      await card.locator('h2 a').click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#course-cover').waitFor();

      // The lesson plays from its signed address; this file is no real video, so the player fails,
      // asks for the lesson once more (a fresh address), fails again and says so.
      const lessonCalls = [];
      page.on('request', (r) => {
        if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/v1/courses/${course.id}/lessons/${videoLesson}`) lessonCalls.push(r.url());
      });
      await page.goto(`/courses/${course.id}/lessons/${videoLesson}`);
      const video = page.locator('video#lesson-video');
      await video.waitFor({ timeout: 15_000 });
      assert.match(await video.getAttribute('src'), new RegExp(`^/api/v1/media/lesson-videos/${videoLesson}\\?u=[0-9a-f-]+&exp=\\d+&sig=`));
      assert.equal(await video.getAttribute('preload'), 'metadata');
      await page.locator('#lesson-video-failed').waitFor({ timeout: 15_000 });
      assert.equal(lessonCalls.length, 2, 'the lesson is fetched once more for a fresh address, and only once');
      assertNoAppErrors(problems);
    });
  });

  test('q. a trainer gives a video lesson French captions (a refused file explained first); the learner\'s player has the track, served as WebVTT', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'captions-staff', lang: 'fr', displayName: 'Staff Lila' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const trainer = await createVerifiedUser(server, { tag: 'captions-trainer', lang: 'fr', displayName: 'Trainer Sami' });
    const { course, module } = await createDraftCourse(server, staff, {
      title: { ar: 'العمل الميداني', fr: 'Le travail de terrain' },
      trainers: [trainer.id],
    });
    const lesson = await addLesson(server, staff, course, module, {
      title: { ar: 'زيارة ميدانية', fr: 'Une visite de terrain' },
      kind: 'video',
      required: false,
    });
    await uploadLessonVideo(server, staff, course, lesson, webmHeader());

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, trainer.email, trainer.password);
      await page.goto(`/courses/${course.id}/edit`);
      await page.locator(`li.editor-lesson[data-lesson="${lesson.id}"] .edit-lesson`).click();
      const input = page.locator('#captions-fr-file');
      await input.waitFor({ timeout: 15_000 });
      await assertText(page.locator('#captions-fr-current'), 'Pas encore de sous-titres');

      // Not a WebVTT file: refused, and the reason is under the input.
      await input.setInputFiles({ name: 'notes.vtt', mimeType: 'text/vtt', buffer: Buffer.from('these are notes, not captions') });
      await assertText(page.locator('#captions-fr-file-error'), 'Choisissez un fichier de sous-titres WebVTT (.vtt)');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');

      // A real one: it is listed with its size and date, and may be removed.
      let before = await toastText(page);
      await input.setInputFiles({ name: 'visite.fr.vtt', mimeType: 'text/vtt', buffer: Buffer.from(webvtt()) });
      await waitForNewToast(page, before);
      await assertText(page.locator('#captions-fr-current'), 'Fichier actuel');
      await page.locator('#captions-fr-remove').waitFor();
      assert.equal(await page.locator('#captions-fr-file-error').count(), 0, 'the error is gone');
      await assertText(page.locator('#captions-ar-current'), 'Pas encore de sous-titres');

      // English captions sent, then removed: the file input is offered again, with the focus.
      before = await toastText(page);
      await page.locator('#captions-en-file').setInputFiles({ name: 'visit.vtt', mimeType: '', buffer: Buffer.from(webvtt(['Hello.'])) });
      await waitForNewToast(page, before);
      before = await toastText(page);
      await page.locator('#captions-en-remove').click();
      await waitForNewToast(page, before);
      await assertText(page.locator('#captions-en-current'), 'Pas encore de sous-titres');
      await page.waitForFunction(() => document.activeElement?.id === 'captions-en-file', null, { timeout: 15_000 });
      await screenshot(page, 'fr-1280-editor-captions-flow');
      await page.setViewportSize(NARROW);
      await nextFrames(page);
      await screenshot(page, 'fr-360-editor-captions-flow');
      assertNoAppErrors(problems);
    });

    await publishCourse(server, staff, course);
    const learner = await createVerifiedUser(server, { tag: 'captions-learner', lang: 'fr', displayName: 'Learner Yasmine' });
    await completeCourse(server, learner, course, []);
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
      const track = page.locator('video#lesson-video track');
      await track.first().waitFor({ state: 'attached', timeout: 15_000 });
      assert.equal(await track.count(), 1, 'one track: the French captions (the English ones were removed)');
      assert.equal(await track.getAttribute('kind'), 'captions');
      assert.equal(await track.getAttribute('srclang'), 'fr');
      assert.equal(await track.getAttribute('label'), 'Français');
      assert.notEqual(await track.getAttribute('default'), null, "the page's language is on by default");
      const src = await track.getAttribute('src');
      assert.match(src, new RegExp(`^/api/v1/media/lesson-captions/${lesson.id}/fr\\?u=${learner.id}&exp=\\d+&sig=`));
      const res = await fetch(`${server.base}${src}`, { signal: AbortSignal.timeout(15_000) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/vtt/);
      assert.match(await res.text(), /^WEBVTT\n[\s\S]*Bonjour et bienvenue\./);
      assertNoAppErrors(problems);
    });
  });
});
