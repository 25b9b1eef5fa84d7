// The civic areas' fixtures: consultations and proposals, projects, circles, through the API
// (re-exported by api.mjs).

import { accessToken, authed } from './api.mjs';

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
