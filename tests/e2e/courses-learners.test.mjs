// Madani in the browser, courses seen by learners (k.–m., o.): enrol and progress, a certificate
// verified by its code, a timed quiz; an officer enrolling the members of an association.
// Run: `node --test tests/e2e/` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  associationBody,
  completeCourse,
  createAssociation,
  createPublishedCourse,
  createQuizCourse,
  createVerifiedUser,
  disableUser,
  joinAssociation,
  myCertificates,
} from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import {
  assertNoAppErrors,
  assertText,
  logIn,
  logInOnPage,
  NARROW,
  toastText,
  waitForNewToast,
  waitForPath,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

browserSuite('courses-learners', () => {
  test('k. a learner enrols, completes a lesson, sees the progress', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'trainer', lang: 'fr', displayName: 'Trainer Samia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createPublishedCourse(server, trainer, {
      title: { ar: 'التواصل الجمعوي', fr: 'Communication associative' },
      lessonTitle: { ar: 'رسالة الجمعية', fr: 'Le message de l’association' },
    });
    const learner = await createVerifiedUser(server, { tag: 'learner', lang: 'fr', displayName: 'Learner Karim' });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      // The catalog finds it; signed out, "enrol" goes through the login page and back.
      await page.goto('/courses');
      await page.locator('#catalog-q').fill('communication');
      const card = page.locator(`#catalog-results a[href="/courses/${course.id}"]`);
      await card.waitFor({ state: 'visible', timeout: 15_000 });
      await card.click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#enrol-button').click();
      await waitForPath(page, '/login', `/courses/${course.id}`);
      await logInOnPage(page, learner.email, learner.password);
      await waitForPath(page, `/courses/${course.id}`);

      // Enrol: the progress shows, at 0 %.
      const before = await toastText(page);
      await page.locator('#enrol-button').click();
      await waitForNewToast(page, before);
      await page.locator('#course-progress').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#course-progress').getAttribute('value'), '0');

      // Continue to the lesson, read it, mark it complete.
      await page.locator('#continue-course').click();
      await waitForPath(page, `/courses/${course.id}/lessons/${lesson.id}`);
      await assertText(page.locator('#lesson-title'), 'Le message de l’association');
      await assertText(page.locator('.lesson-body strong'), 'problème');
      const beforeComplete = await toastText(page);
      await page.locator('#complete-lesson').click();
      await waitForNewToast(page, beforeComplete);
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('#lesson-progress')?.getAttribute('value') === '100', null, { timeout: 15_000 });

      // My learning shows the course at 100 %.
      await page.goto('/my/learning');
      const bar = page.locator(`#progress-${course.id}`);
      await bar.waitFor({ timeout: 15_000 });
      assert.equal(await bar.getAttribute('value'), '100');
      await assertText(page.locator(`label[for="progress-${course.id}"]`), '100');
      assertNoAppErrors(problems);
    });
  });

  test('l. a learner completes a course, finds the certificate, and anyone verifies it by its code', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'cert-trainer', lang: 'fr', displayName: 'Trainer Nadia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createPublishedCourse(server, trainer, {
      title: { ar: 'تقييم المشاريع', fr: 'Évaluer un projet' },
    });
    const learner = await createVerifiedUser(server, { tag: 'cert-learner', lang: 'fr', displayName: 'Yasmine Benali' });
    let code;
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}`);
      const beforeEnrol = await toastText(page);
      await page.locator('#enrol-button').click();
      await waitForNewToast(page, beforeEnrol);
      await page.locator('#continue-course').click();
      await waitForPath(page, `/courses/${course.id}/lessons/${lesson.id}`);
      const beforeComplete = await toastText(page);
      await page.locator('#complete-lesson').click();
      await waitForNewToast(page, beforeComplete);
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });

      // My certificates, from the account menu.
      await page.locator('#account-menu-button').click();
      await page.locator('#account-menu a[href="/my/certificates"]').click();
      await waitForPath(page, '/my/certificates');
      const card = page.locator('#my-certificates li').filter({ hasText: 'Évaluer un projet' });
      await card.waitFor({ timeout: 15_000 });
      code = await card.getAttribute('data-code');
      assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await assertText(card, 'Valide');
      await card.locator('h2 a').click();
      await page.waitForURL((url) => url.pathname.startsWith('/certificates/'), { timeout: 15_000 });
      await assertText(page.locator('#certificate-holder'), 'Yasmine Benali');
      await assertText(page.locator('#certificate-course'), 'Évaluer un projet');
      await assertText(page.locator('#certificate-code'), code);
      const qr = page.locator('.certificate__qr img');
      assert.equal(await qr.getAttribute('src'), `/api/v1/verify/${code}/qr.svg`);
      assert.ok((await qr.getAttribute('alt'))?.includes(code), 'the QR code has a text alternative');
      await page.waitForFunction(() => {
        const img = document.querySelector('.certificate__qr img');
        return img && img.complete && img.naturalWidth > 0;
      }, null, { timeout: 15_000 });
      assert.ok((await page.locator('#verification-link').inputValue()).includes(code));
      // The credential downloads as a file named after the code.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.locator('#download-credential').click()]);
      assert.equal(download.suggestedFilename(), `certificate-${code}.jwt`);
      await screenshot(page, 'fr-1280-certificate-flow');
      assertNoAppErrors(problems);
    });

    // Signed out, in a fresh browser: the code verifies, with the holder's name.
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await page.goto('/');
      await page.locator('#footer-verify').click();
      await waitForPath(page, '/verify');
      await page.locator('#verify-code').fill(code.toLowerCase());
      await page.locator('#verify-submit').click();
      await waitForPath(page, `/verify/${code}`);
      await page.locator('#verification[data-status="valid"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#verification-title'), 'Certificat valide');
      await assertText(page.locator('#verification-holder'), 'Yasmine Benali');
      // An unknown code says so.
      await page.goto('/verify/AAAAA-AAAAA');
      await page.locator('#verify-not-found').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('m. a learner takes a timed quiz in the browser, passes it, and the lesson is completed', { timeout: 120_000 }, async (t) => {
    const trainer = await createVerifiedUser(server, { tag: 'quiz-trainer', lang: 'fr', displayName: 'Trainer Lamia' });
    server.cli(['admin', 'create', '--email', trainer.email]);
    const { course, lesson } = await createQuizCourse(server, trainer);
    const learner = await createVerifiedUser(server, { tag: 'quiz-learner', lang: 'fr', displayName: 'Learner Amine' });
    await completeCourse(server, learner, course, []);
    await withPage(t, { lang: 'fr', viewport: NARROW }, async ({ page, problems }) => {
      await logIn(page, learner.email, learner.password);
      await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
      await assertText(page.locator('#quiz-attempts'), '0 sur 3');
      assert.equal(await page.locator('#complete-lesson').count(), 0, 'a quiz is not marked complete by hand');
      await page.locator('#start-quiz').click();
      await page.locator('#quiz-form').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-timer'), 'Temps restant');
      // Labelled inputs: pick by their text.
      await page.getByLabel('L’assemblée générale').check();
      await page.getByLabel('Vrai').check();
      await screenshot(page, 'fr-360-quiz-taking');
      await page.locator('#hand-in').click();
      await page.locator('#quiz-result[data-passed="true"]').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-score'), '100');
      await page.locator('#lesson-done').waitFor({ timeout: 15_000 });
      await assertText(page.locator('#quiz-status'), 'Réussi');
      await page.waitForFunction(() => document.querySelector('#lesson-progress')?.getAttribute('value') === '100', null, { timeout: 15_000 });
      await screenshot(page, 'fr-360-quiz-result');
      assertNoAppErrors(problems);
    });
    // Passing the only lesson completed the course: a certificate was issued.
    const certificates = await myCertificates(server, learner);
    assert.ok(certificates.some((c) => c.course_id === course.id), 'a certificate for the quiz course');
  });

  test('o. an officer enrols members from the course page; a disabled one is named, the enrolled member is notified and finds the course', { timeout: 180_000 }, async (t) => {
    const staff = await createVerifiedUser(server, { tag: 'enrol-staff', lang: 'fr', displayName: 'Staff Yasmina' });
    server.cli(['admin', 'create', '--email', staff.email]);
    const { course } = await createPublishedCourse(server, staff, {
      title: { ar: 'قيادة الجمعيات', fr: 'Animer une association' },
    });
    const officer = await createVerifiedUser(server, { tag: 'enrol-officer', lang: 'fr', displayName: 'Officer Lina' });
    const member = await createVerifiedUser(server, { tag: 'enrol-member', lang: 'ar', displayName: 'Member Omar' });
    const gone = await createVerifiedUser(server, { tag: 'enrol-gone', lang: 'fr', displayName: 'Member Sofiane' });
    const association = await createAssociation(
      server,
      officer,
      associationBody({ ar: 'جمعية الأمل', fr: 'Association El Amel' }, '16/2024/0555'),
    );
    await joinAssociation(server, officer, member, association);
    await joinAssociation(server, officer, gone, association);
    // An account disabled after joining: still listed, but the server refuses to enrol it.
    await disableUser(server, staff, gone);

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, officer.email, officer.password);
      await page.goto(`/courses/${course.id}`);
      await page.locator('#enrol-members-open').click();
      await page.waitForFunction(() => document.activeElement?.id === 'enrol-association', null, { timeout: 15_000 });
      const omar = page.locator('#enrol-member-list li', { hasText: 'Member Omar' });
      const sofiane = page.locator('#enrol-member-list li', { hasText: 'Member Sofiane' });
      await omar.waitFor({ timeout: 15_000 });

      // Nobody ticked: the form says so, nothing is sent.
      await page.locator('#enrol-members-form button[type="submit"]').click();
      await assertText(page.locator('#enrol-members-error'), 'au moins un membre');

      // Both ticked: all or none — Sofiane's account is disabled, so no one is enrolled, and the
      // answer names him, next to his box too.
      await omar.getByRole('checkbox').check();
      await sofiane.getByRole('checkbox').check();
      await page.locator('#enrol-members-form button[type="submit"]').click();
      await assertText(page.locator('#enrol-members-invalid'), 'Member Sofiane ne peut pas être inscrit·e');
      assert.equal(await sofiane.getByRole('checkbox').getAttribute('aria-invalid'), 'true');
      await assertText(sofiane.locator('.field__error'), 'désactivé');
      await assertText(page.locator('#course-learners'), '0 apprenant');

      // Omar alone: enrolled, the count follows.
      await sofiane.getByRole('checkbox').uncheck();
      let before = await toastText(page);
      await page.locator('#enrol-members-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /1 membre inscrit/);
      await assertText(page.locator('#enrol-members-outcome'), '1 membre inscrit');
      await assertText(omar.locator('.badge'), 'Inscrit·e');
      await assertText(page.locator('#course-learners'), '1 apprenant');
      await screenshot(page, 'fr-1280-course-enrol-flow');

      // Again: he is reported as enrolled already, not an error.
      await omar.getByRole('checkbox').check();
      before = await toastText(page);
      await page.locator('#enrol-members-form button[type="submit"]').click();
      assert.match(await waitForNewToast(page, before), /1 membre était déjà inscrit/);
      await assertText(omar.locator('.badge'), 'Déjà inscrit·e');
      assertNoAppErrors(problems);
    });

    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, member.email, member.password);
      await page.goto('/my/notifications');
      const notice = page.locator('#notifications li', { hasText: 'سجّلتك جمعيتك في تكوين' });
      await notice.waitFor({ timeout: 15_000 });
      await notice.locator(`a[href="/courses/${course.id}"]`).click();
      await waitForPath(page, `/courses/${course.id}`);
      await page.locator('#my-progress').waitFor({ timeout: 15_000 });
      await page.goto('/my/learning');
      await assertText(page.locator('#my-courses'), 'قيادة الجمعيات');
      assertNoAppErrors(problems);
    });
  });
});
