// Madani in the browser, associations (f.–j., r., s.): the directory searched in Arabic, joining,
// invitations, a staff CSV import, connections between members, editing an association's profile;
// a registration number claimed twice in the verification queue; a postal address public or not.
// Run: `node --test tests/e2e/` (see README.md here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  accessToken,
  associationBody,
  connect,
  createAssociation,
  createVerifiedUser,
  verifyAssociation,
} from './lib/api.mjs';
import {
  assertNoAppErrors,
  assertText,
  logIn,
  logInOnPage,
  toastText,
  waitForNewToast,
  waitForPath,
  withPage,
} from './lib/page.mjs';
import { browserSuite, server } from './lib/suite.mjs';

browserSuite('associations', () => {
  test('f. find an association by its Arabic name without diacritics, ask to join, the owner approves', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'owner', lang: 'ar', displayName: 'Owner Amel' });
    const joiner = await createVerifiedUser(server, { tag: 'joiner', lang: 'ar', displayName: 'Yacine Joiner' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جَمْعِيَّةُ النُّورِ لِلثَّقَافَةِ', fr: 'Association En-Nour' }, '06/2024/0777'),
    );
    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, joiner.email, joiner.password);
      await page.goto('/associations');
      await page.locator('#directory-q').fill('جمعية النور');
      // The name is shown with its diacritics; the search typed without them must find it alone.
      const result = page.locator(`#directory-results a[href="/associations/${association.id}"]`);
      await result.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await page.locator('#directory-results article').count(), 1, 'only the matching association is listed');
      await result.click();
      await waitForPath(page, `/associations/${association.id}`);
      await page.locator('#association-name').waitFor();
      const before = await toastText(page);
      await page.locator('#join-button').click();
      await waitForNewToast(page, before);
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      const request = page.locator('#join-requests li', { hasText: 'Yacine Joiner' });
      await request.waitFor({ timeout: 15_000 });
      await request.locator('button.approve').click();
      const member = page.locator('#member-list li', { hasText: 'Yacine Joiner' });
      await member.waitFor({ timeout: 15_000 });
      // The owner makes the new member an administrator.
      const before = await toastText(page);
      await member.locator('select').selectOption('admin');
      await waitForNewToast(page, before);
      await page.waitForFunction(
        () => [...document.querySelectorAll('#member-list li')].some((li) => li.textContent.includes('Yacine Joiner') && li.querySelector('select')?.value === 'admin'),
        null,
        { timeout: 15_000 },
      );
      assertNoAppErrors(problems);
    });
  });

  test('g. an owner invites by email; the invited member accepts from My associations', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'inviter', lang: 'fr', displayName: 'Owner Nadia' });
    const guest = await createVerifiedUser(server, { tag: 'guest', lang: 'ar', displayName: 'Guest Walid' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جمعية الواحة', fr: 'Association El Waha' }, '30/2024/0101'),
    );
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#invite-email').fill(guest.email);
      const before = await toastText(page);
      await page.locator('#invite-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      await page.locator('#invitation-list li', { hasText: guest.email }).waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, guest.email, guest.password);
      await page.goto('/my/associations');
      const invitation = page.locator('#my-invitations li', { hasText: 'جمعية الواحة' });
      await invitation.waitFor({ timeout: 15_000 });
      await invitation.locator('button.accept').click();
      // Accepted: the association is now among mine, and the invitation is gone.
      await page.locator(`a[href="/associations/${association.id}"]`).first().waitFor({ timeout: 15_000 });
      await page.locator('#my-invitations').waitFor({ state: 'detached', timeout: 15_000 });
      assertNoAppErrors(problems);
    });
  });

  test('h. staff import a CSV: the dry run shows the bad row, the fixed file is imported, a number a pending registration claimed is taken over', { timeout: 120_000 }, async (t) => {
    const staffUser = await createVerifiedUser(server, { tag: 'importer', lang: 'fr', displayName: 'Staff Import' });
    server.cli(['admin', 'create', '--email', staffUser.email]);
    const header = 'registration_number,name_ar,name_fr,category,fields,wilaya_code,size\r\n';
    const bad = `${header}31/2024/9001,جمعية الساحل,Association du Littoral,wilaya,environment,31,small\r\n31/2024/9002,,Club Oran,galactic,sport,31,small\r\n`;
    const good = bad.replace('galactic', 'communal');
    // A member registered the Oran club's number before the registry was imported: the import takes
    // it over, and the report says so.
    const early = await createVerifiedUser(server, { tag: 'early', lang: 'fr', displayName: 'Early Registrant' });
    await createAssociation(server, early, associationBody({ fr: 'Club Oran (inscription)' }, '31/2024/9002'));
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, staffUser.email, staffUser.password);
      await page.goto('/staff/import');
      // No file chosen: the form says so, next to the input and in its summary.
      await page.locator('#import-form button[type="submit"]').click();
      await assertText(page.locator('#import-file-error'), 'Choisissez un fichier CSV.');
      await page.waitForFunction(() => document.activeElement === document.querySelector('#import-form .error-summary'));
      await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.locator('#import-form button[type="submit"]').click();
      // The report names row 3 (the header is row 1) and the category column.
      const row = page.locator('#import-errors tbody tr', { hasText: 'category' });
      await row.waitFor({ timeout: 30_000 });
      assert.equal((await row.locator('td').first().innerText()).trim(), '3');
      // In the reader's language, from the error's code (the server's English says `"galactic" is not…`).
      assert.equal((await row.locator('td').nth(2).innerText()).trim(), "Cette valeur n'est pas acceptée.");
      assert.equal(await page.locator('#import-form .error-summary').count(), 0, 'the file chosen, its error went');
      await page.locator('#import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.locator('#import-dry-run').uncheck();
      await page.locator('#import-form button[type="submit"]').click();
      await page.locator('#import-status.alert--success').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('#import-status').innerText(), /2/);
      const note = page.locator('#import-notes tbody tr[data-code="takes_over_number"]');
      assert.equal((await note.locator('td').first().innerText()).trim(), '3');
      await assertText(note, 'Une inscription en attente (ou rejetée) revendique ce numéro');
      assertNoAppErrors(problems);
    });
    const found = await fetch(`${server.base}/api/v1/associations?q=littoral`).then((r) => r.json());
    assert.equal(found.total, 1, 'the imported association is in the directory');
  });

  test('i. send a connection request from a member profile; the member accepts it in My network', { timeout: 120_000 }, async (t) => {
    const amina = await createVerifiedUser(server, { tag: 'net-a', lang: 'fr', displayName: 'Amina Réseau' });
    const bilal = await createVerifiedUser(server, { tag: 'net-b', lang: 'fr', displayName: 'Bilal Réseau' });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, amina.email, amina.password);
      await page.goto(`/members/${bilal.id}`);
      await page.locator('#connect-message').fill('Rencontrés au forum de Béjaïa');
      const before = await toastText(page);
      await page.locator('#connect-button').click();
      await waitForNewToast(page, before);
      await page.locator('#withdraw-request').waitFor({ timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, bilal.email, bilal.password);
      await page.goto('/my/network');
      const request = page.locator('section[aria-labelledby="incoming-title"] li', { hasText: 'Amina Réseau' });
      await request.waitFor({ timeout: 15_000 });
      await assertText(request.locator('.network-item__note'), 'Rencontrés au forum de Béjaïa');
      await request.locator('button.btn--primary').click();
      await page.locator('section[aria-labelledby="connections-title"] li', { hasText: 'Amina Réseau' }).waitFor({ timeout: 15_000 });
      await page.goto(`/members/${amina.id}`);
      await page.locator('#connection-status').waitFor({ timeout: 15_000 });
      await page.locator('#remove-connection').waitFor();
      assertNoAppErrors(problems);
    });
  });

  test('i. a conflict says what it is: asking to connect with a member you were connected to meanwhile shows "already connected"', { timeout: 120_000 }, async (t) => {
    const nadia = await createVerifiedUser(server, { tag: 'conf-a', lang: 'fr', displayName: 'Nadia Conflit' });
    const omar = await createVerifiedUser(server, { tag: 'conf-b', lang: 'fr', displayName: 'Omar Conflit' });
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, nadia.email, nadia.password);
      await page.goto(`/members/${omar.id}`);
      await page.locator('#connect-button').waitFor({ timeout: 15_000 });
      // Meanwhile, from another device, Omar asks and Nadia accepts: this page still offers to connect.
      await connect(server, omar, nadia);
      const before = await toastText(page);
      await page.locator('#connect-button').click();
      const toast = await waitForNewToast(page, before);
      assert.match(toast, /Vous êtes déjà en relation\./, "the conflict's own sentence, not a generic one");
      assert.doesNotMatch(toast, /conflit avec l'état actuel/);
      assertNoAppErrors(problems);
    });
  });

  test('j. the owner edits the profile: Markdown description shown formatted, a contact removed', { timeout: 120_000 }, async (t) => {
    const owner = await createVerifiedUser(server, { tag: 'editor', lang: 'fr', displayName: 'Owner Edit' });
    const association = await createAssociation(
      server,
      owner,
      associationBody({ ar: 'جمعية التحرير', fr: 'Association Tahrir' }, '09/2024/0301'),
    );
    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}`);
      await page.locator('#edit-association').click();
      await waitForPath(page, `/associations/${association.id}/edit`);
      await page.locator('#acronym').fill('AT');
      await page.locator('#description-fr').fill('Nous **formons** les jeunes.\n\n- lecture\n- <script>x</script>');
      await page.locator('#contact_email').fill('');
      const before = await toastText(page);
      await page.locator('#association-form button[type="submit"]').click();
      await waitForNewToast(page, before);
      await waitForPath(page, `/associations/${association.id}`);
      await assertText(page.locator('.assoc-description strong'), 'formons');
      assert.equal(await page.locator('.assoc-description script').count(), 0, 'no script element from the description');
      assertNoAppErrors(problems);
    });
    const after = await fetch(`${server.base}/api/v1/associations/${association.id}`).then((r) => r.json());
    assert.equal(after.acronym, 'AT');
  });

  test('r. staff see a registration number claimed twice in the queue: verifying the squatter is refused, they delete it, its owner is told', { timeout: 120_000 }, async (t) => {
    const staffUser = await createVerifiedUser(server, { tag: 'queue-staff', lang: 'fr', displayName: 'Staff Queue' });
    server.cli(['admin', 'create', '--email', staffUser.email]);
    const holderOwner = await createVerifiedUser(server, { tag: 'holder', lang: 'fr', displayName: 'Owner Holder' });
    const squatter = await createVerifiedUser(server, { tag: 'squatter', lang: 'ar', displayName: 'Owner Squatter' });
    const number = '16/2024/0555';
    // Two registrations under one number (a pending one holds none), then staff verify the holder's.
    const holder = await createAssociation(server, holderOwner, associationBody({ ar: 'جمعية الياسمين', fr: 'Association Yasmine' }, number));
    const squat = await createAssociation(server, squatter, associationBody({ ar: 'جمعية الياسمين الجديدة', fr: 'Yasmine bis' }, number));
    await verifyAssociation(server, staffUser, holder.id);
    const reason = 'Ce numéro est celui de l’association Yasmine, déjà vérifiée.';

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      await logIn(page, staffUser.email, staffUser.password);
      await page.goto('/staff/verification');
      const entry = page.locator(`#queued-${squat.id}`);
      await entry.waitFor({ timeout: 15_000 });
      await assertText(entry.locator(`#number-${squat.id}`), number);
      const claims = entry.locator(`#claims-${squat.id}`);
      await assertText(claims, 'Une association vérifiée ou suspendue détient ce numéro');
      assert.equal(await claims.locator(`a[href="/associations/${holder.id}"]`).innerText(), 'Association Yasmine');
      await assertText(claims.locator('.badge'), 'Vérifiée');

      // Verifying it is refused, and says why at the top of its decision, which takes the focus.
      const summary = entry.locator('.error-summary');
      await entry.locator('button.verify').click();
      await assertText(summary, "Une association vérifiée détient déjà ce numéro d'enregistrement.");
      await page.waitForFunction((id) => document.activeElement === document.querySelector(`#queued-${id} .error-summary`), squat.id);

      // Deleting needs the reason (the summary links to its field), then a confirmation.
      await entry.locator(`#delete-${squat.id}`).click();
      await assertText(entry.locator(`#reason-${squat.id}-error`), 'Indiquez le motif');
      await summary.locator(`a[href="#reason-${squat.id}"]`).click();
      await page.waitForFunction((id) => document.activeElement?.id === `reason-${id}`, squat.id);
      await entry.locator(`#reason-${squat.id}`).fill(reason);
      await summary.waitFor({ state: 'detached' });
      await entry.locator(`#delete-${squat.id}`).click();
      const dialog = page.locator('dialog[aria-labelledby="delete-association-title"]');
      await dialog.waitFor({ state: 'visible' });
      const before = await toastText(page);
      await dialog.locator('button.btn--danger').click();
      assert.match(await waitForNewToast(page, before), /Association supprimée/);
      await entry.waitFor({ state: 'detached', timeout: 15_000 });
      assertNoAppErrors(problems);
    });
    const gone = await fetch(`${server.base}/api/v1/associations/${squat.id}`, {
      headers: { authorization: `Bearer ${await accessToken(server, staffUser)}` },
    });
    assert.equal(gone.status, 404, 'the squatting registration is deleted');

    // Its owner reads why, in Arabic, with no link to what no longer exists.
    await withPage(t, { lang: 'ar' }, async ({ page, problems }) => {
      await logIn(page, squatter.email, squatter.password);
      await page.goto('/my/notifications');
      const item = page.locator('#notifications li', { hasText: 'حذف المرصد تسجيل جمعيتك' });
      await item.waitFor({ timeout: 15_000 });
      await assertText(item, reason);
      assert.equal(await item.locator('a').count(), 0, 'no link to a deleted association');
      assertNoAppErrors(problems);
    });
  });

  test('s. the postal address is shown to the public only once marked public; renaming a verified association sends it back to the queue', { timeout: 120_000 }, async (t) => {
    const staffUser = await createVerifiedUser(server, { tag: 'address-staff', lang: 'fr', displayName: 'Staff Address' });
    server.cli(['admin', 'create', '--email', staffUser.email]);
    const owner = await createVerifiedUser(server, { tag: 'address-owner', lang: 'fr', displayName: 'Owner Address' });
    const association = await createAssociation(server, owner, associationBody({ ar: 'جمعية الزيتون', fr: 'Association Zitoune' }, '06/2024/0888'));
    await verifyAssociation(server, staffUser, association.id);
    const street = '12 rue des Oliviers, Béjaïa';
    const address = (page) => page.locator('#association-address');

    await withPage(t, { lang: 'fr' }, async ({ page, problems }) => {
      const save = async (reverified) => {
        const before = await toastText(page);
        await page.locator('#association-form button[type="submit"]').click();
        const toast = await waitForNewToast(page, before);
        assert.match(toast, /Modifications enregistrées\./);
        assert.equal(/attend de nouveau la vérification/.test(toast), reverified, `the toast: ${toast}`);
        await waitForPath(page, `/associations/${association.id}`);
        await page.locator('#association-name').waitFor();
      };
      const signOut = async () => {
        await page.locator('#account-menu-button').click();
        await page.locator('#logout').click();
        await page.locator('#account-menu-button').waitFor({ state: 'hidden' });
        await page.goto(`/associations/${association.id}`);
        await page.locator('#association-name').waitFor({ timeout: 15_000 });
      };

      // A new address is private: members see it, marked so; the public does not.
      await logIn(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}/edit`);
      await page.locator('#address').fill(street);
      await assertText(page.locator('#reverification-note'), 'Changer son nom ou sa wilaya la renvoie à l');
      assert.equal(await page.locator('#address-public').isChecked(), false, 'private by default');
      await save(false);
      await assertText(address(page), street);
      await assertText(address(page).locator('.badge'), 'Membres seulement');
      await signOut();
      assert.equal(await address(page).count(), 0, 'a private address is not shown to the public');

      // Marked public (and the association renamed): everyone sees it; it waits for verification again.
      await page.goto('/login');
      await logInOnPage(page, owner.email, owner.password);
      await page.goto(`/associations/${association.id}/edit`);
      await page.locator('#address-public').check();
      await page.locator('#name-fr').fill('Association Zitoune de Béjaïa');
      await save(true);
      await assertText(page.locator('.page__header .badge'), 'En attente de vérification');
      assert.equal(await address(page).locator('.badge').count(), 0, 'no "members only" mark on a public address');
      await signOut();
      await assertText(address(page), street);
      assertNoAppErrors(problems);
    });
  });
});
