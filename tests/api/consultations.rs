//! Institutions and consultations over HTTP, on both backends: who organises, who may answer and
//! when, one final answer per association under concurrency, display conditions, notices (the
//! results are in `consultation_results.rs`).

use chrono::{TimeDelta, Utc};
use madani_shared::associations::*;
use madani_shared::auth::TokenResponse;
use madani_shared::consultations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{AssociationId, ConsultationId, InstitutionId};
use madani_shared::institutions::*;
use madani_shared::{ErrorCode, LocalizedText};
use madani_tests::{AssociationBuilder, TestApp, both_backends, fr, futures_join, problem};

/// An institution made by `admin`, managed by `manager`.
pub(crate) async fn institution(
    app: &TestApp,
    admin: &TokenResponse,
    manager: &TokenResponse,
    name: &str,
) -> InstitutionId {
    let body = CreateInstitution {
        kind: InstitutionKind::Ministry,
        name: fr(name),
        acronym: None,
        manager_email: manager.user.email.clone(),
    };
    app.as_user(admin).call::<CreateInstitutionEndpoint>((), &body).await.expect("institution").id
}

fn choice(id: &str) -> SurveyChoice {
    SurveyChoice { id: id.into(), label: fr(id) }
}

fn q(id: &str, kind: SurveyQuestionKind) -> SurveyQuestion {
    SurveyQuestion {
        id: id.into(),
        kind,
        title: fr(id),
        help: LocalizedText::default(),
        required: true,
        options: vec![],
        rows: vec![],
        min_choices: None,
        max_choices: None,
        scale_max: None,
        low_label: LocalizedText::default(),
        high_label: LocalizedText::default(),
        min: None,
        max: None,
        show_if: None,
    }
}

/// `funded` (yes/no), `amount` (shown when funded is yes, required), `score` (scale 1–5),
/// `needs` (1 or 2 of four), `ideas` (optional text).
fn questionnaire() -> Questionnaire {
    let funded =
        SurveyQuestion { options: vec![choice("yes"), choice("no")], ..q("funded", SurveyQuestionKind::SingleChoice) };
    let amount = SurveyQuestion {
        min: Some(0.0),
        max: Some(1_000_000.0),
        show_if: Some(DisplayCondition {
            question_id: "funded".into(),
            operator: ConditionOperator::Equals,
            option_id: Some("yes".into()),
        }),
        ..q("amount", SurveyQuestionKind::Number)
    };
    let score = SurveyQuestion { scale_max: Some(5), ..q("score", SurveyQuestionKind::Scale) };
    let needs = SurveyQuestion {
        max_choices: Some(2),
        options: vec![choice("training"), choice("equipment"), choice("premises"), choice("staff")],
        ..q("needs", SurveyQuestionKind::MultipleChoice)
    };
    let ideas = SurveyQuestion { required: false, ..q("ideas", SurveyQuestionKind::LongText) };
    Questionnaire {
        sections: vec![SurveySection { title: fr("Section"), questions: vec![funded, amount, score, needs, ideas] }],
    }
}

pub(crate) fn item(question: &str) -> AnswerItem {
    AnswerItem { question_id: question.into(), ..Default::default() }
}

/// A complete answer: funded (with an amount) or not, a score, needs.
pub(crate) fn answer(funded: bool, score: f64, needs: &[&str]) -> Vec<AnswerItem> {
    let mut items = vec![AnswerItem { choice: Some(if funded { "yes" } else { "no" }.into()), ..item("funded") }];
    if funded {
        items.push(AnswerItem { number: Some(1000.0), ..item("amount") });
    }
    items.push(AnswerItem { number: Some(score), ..item("score") });
    items.push(AnswerItem { choices: needs.iter().map(|n| (*n).to_owned()).collect(), ..item("needs") });
    items
}

pub(crate) struct Setup {
    pub admin: TokenResponse,
    pub staff: TokenResponse,
    pub institution: InstitutionId,
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let admin = app.admin("admin@example.org").await;
    let staff = app.member("staff@ministry.example").await;
    let institution = institution(app, &admin, &staff, "Ministère A").await;
    Setup { admin, staff, institution }
}

/// A published consultation of `s.institution`, open now (or opening in `opens_in`), for
/// associations (with `audience`), with the questionnaire above.
pub(crate) async fn consultation(
    app: &TestApp,
    s: &Setup,
    audience: Audience,
    opens_in: TimeDelta,
    allow_edit: bool,
) -> ConsultationId {
    let as_staff = app.as_user(&s.staff);
    let opens_at = Utc::now() + opens_in;
    let body = CreateConsultation {
        institution_id: s.institution,
        title: fr("Consultation"),
        summary: LocalizedText::default(),
        body: fr("**Pourquoi** cette consultation"),
        respondent: Respondent::Association,
        audience,
        opens_at,
        closes_at: opens_at + TimeDelta::days(7),
        allow_edit,
        proposals_enabled: true,
        support_limit: None,
        support_threshold: None,
    };
    let c = as_staff.call::<CreateConsultationEndpoint>((), &body).await.expect("create");
    let id = c.summary.id;
    as_staff.call::<PutQuestionnaire>(id, &questionnaire()).await.expect("questionnaire");
    as_staff.call::<PublishConsultation>(id, &()).await.expect("publish");
    id
}

pub(crate) fn save(association: AssociationId, answers: Vec<AnswerItem>) -> SaveAnswer {
    SaveAnswer { association_id: Some(association), answers }
}

both_backends! {
    async fn institutions_are_made_by_administrators_and_kept_by_their_managers(app) {
        let s = setup(&app).await;
        let other = app.member("other@example.org").await;
        let colleague = app.member("colleague@example.org").await;

        let body = CreateInstitution { kind: InstitutionKind::Council, name: fr("Conseil"), acronym: None, manager_email: other.user.email.clone() };
        assert_eq!(problem(app.as_user(&other).call::<CreateInstitutionEndpoint>((), &body).await).code, ErrorCode::NotAdmin);
        let unknown = CreateInstitution { manager_email: "nobody@example.org".into(), ..body };
        let p = problem(app.as_user(&s.admin).call::<CreateInstitutionEndpoint>((), &unknown).await);
        assert_eq!(p.field("manager_email").map(|e| e.code.as_str()), Some("unknown_account"));

        // The manager adds staff; staff cannot; a stranger cannot read the staff.
        let add = AddStaffMember { email: colleague.user.email.clone(), role: InstitutionRole::Staff };
        let member = app.as_user(&s.staff).call::<AddStaffMemberEndpoint>(s.institution, &add).await.unwrap();
        assert_eq!(member.role, InstitutionRole::Staff);
        let add_other = AddStaffMember { email: other.user.email.clone(), role: InstitutionRole::Staff };
        let p = problem(app.as_user(&colleague).call::<AddStaffMemberEndpoint>(s.institution, &add_other).await);
        assert_eq!(p.code, ErrorCode::NotInstitutionManager);
        let p = problem(app.as_user(&other).call::<ListInstitutionStaff>(s.institution, &()).await);
        assert_eq!(p.code, ErrorCode::NotInstitutionStaff);
        let staff = app.as_user(&colleague).call::<ListInstitutionStaff>(s.institution, &()).await.unwrap();
        assert_eq!(staff.len(), 2);

        // The last manager stays, as manager and as staff.
        let p = problem(app.as_user(&s.staff).call::<RemoveStaffMember>((s.institution, s.staff.user.id), &()).await);
        assert_eq!(p.code, ErrorCode::LastManager);
        let demote = AddStaffMember { email: s.staff.user.email.clone(), role: InstitutionRole::Staff };
        let p = problem(app.as_user(&s.staff).call::<AddStaffMemberEndpoint>(s.institution, &demote).await);
        assert_eq!(p.code, ErrorCode::LastManager);
        app.as_user(&s.staff).call::<RemoveStaffMember>((s.institution, colleague.user.id), &()).await.unwrap();
        let mine = app.as_user(&s.staff).call::<ListMyInstitutions>((), &()).await.unwrap();
        assert_eq!(mine.iter().map(|i| (i.id, i.viewer_role)).collect::<Vec<_>>(), vec![(s.institution, Some(InstitutionRole::Manager))]);
        assert!(app.as_user(&colleague).call::<ListMyInstitutions>((), &()).await.unwrap().is_empty());
    }

    async fn only_organisers_write_a_consultation_and_drafts_stay_theirs(app) {
        let s = setup(&app).await;
        let rival = app.member("staff@rival.example").await;
        let rival_institution = institution(&app, &s.admin, &rival, "Ministère B").await;
        let member = app.member("member@example.org").await;

        // Staff of B cannot create for A.
        let opens_at = Utc::now();
        let mut body = CreateConsultation {
            institution_id: s.institution,
            title: fr("Brouillon"),
            summary: LocalizedText::default(),
            body: LocalizedText::default(),
            respondent: Respondent::Member,
            audience: Audience::default(),
            opens_at,
            closes_at: opens_at + TimeDelta::days(1),
            allow_edit: false,
            proposals_enabled: false,
            support_limit: None,
            support_threshold: None,
        };
        assert_eq!(problem(app.as_user(&rival).call::<CreateConsultationEndpoint>((), &body).await).code, ErrorCode::NotInstitutionStaff);
        body.closes_at = opens_at - TimeDelta::hours(1);
        let p = problem(app.as_user(&s.staff).call::<CreateConsultationEndpoint>((), &body).await);
        assert_eq!(p.field("closes_at").map(|e| e.code.as_str()), Some("range"));
        body.closes_at = opens_at + TimeDelta::days(1);
        let draft = app.as_user(&s.staff).call::<CreateConsultationEndpoint>((), &body).await.unwrap();
        let id = draft.summary.id;
        assert_eq!(draft.summary.phase, ConsultationPhase::Draft);

        // A draft is nobody else's to see.
        assert_eq!(problem(app.client.call::<GetConsultation>(id, &()).await).status, 404);
        assert_eq!(problem(app.as_user(&member).call::<GetConsultation>(id, &()).await).status, 404);
        assert_eq!(problem(app.as_user(&rival).call::<UpdateConsultationEndpoint>(id, &UpdateConsultation::default()).await).status, 404);
        let listed = app.client.call::<ListConsultations>((), &ListConsultationsQuery::default()).await.unwrap();
        assert!(listed.items.is_empty());
        let drafts = ListConsultationsQuery { phase: Some(ConsultationPhase::Draft), ..Default::default() };
        assert_eq!(app.as_user(&s.staff).call::<ListConsultations>((), &drafts).await.unwrap().items.len(), 1);
        assert!(app.as_user(&rival).call::<ListConsultations>((), &drafts).await.unwrap().items.is_empty());

        // Nothing to publish yet; a condition on a question that does not come before is refused.
        assert_eq!(problem(app.as_user(&s.staff).call::<PublishConsultation>(id, &()).await).code, ErrorCode::QuestionnaireEmpty);
        let mut bad = questionnaire();
        bad.sections[0].questions[1].show_if.as_mut().unwrap().question_id = "score".into();
        let p = problem(app.as_user(&s.staff).call::<PutQuestionnaire>(id, &bad).await);
        assert_eq!(p.field("sections[0].questions[1].show_if.question_id").map(|e| e.code.as_str()), Some("unknown_question"));
        app.as_user(&s.staff).call::<PutQuestionnaire>(id, &questionnaire()).await.unwrap();
        let published = app.as_user(&s.staff).call::<PublishConsultation>(id, &()).await.unwrap();
        assert_eq!(published.summary.phase, ConsultationPhase::Open);

        // Published: B's staff see it but may not change it or read its answers, until A names B
        // a co-organiser.
        let visible = app.as_user(&rival).call::<GetConsultation>(id, &()).await.unwrap();
        assert!(!visible.viewer.organiser);
        let change = UpdateConsultation { title: Some(fr("Autre titre")), ..Default::default() };
        assert_eq!(problem(app.as_user(&rival).call::<UpdateConsultationEndpoint>(id, &change).await).code, ErrorCode::NotOrganiser);
        let raw = app.http.get(app.url(&format!("/api/v1/consultations/{id}/answers.csv"))).bearer_auth(&rival.access_token).send().await.unwrap();
        assert_eq!(raw.status().as_u16(), 403);
        let audience = UpdateConsultation { audience: Some(Audience { verified_only: true, ..Default::default() }), ..Default::default() };
        assert_eq!(problem(app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &audience).await).code, ErrorCode::ConsultationPublished);
        let co = UpdateConsultation { co_organisers: Some(vec![rival_institution]), ..Default::default() };
        let updated = app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &co).await.unwrap();
        assert_eq!(updated.summary.organisers.len(), 2);
        let renamed = app.as_user(&rival).call::<UpdateConsultationEndpoint>(id, &change).await.unwrap();
        assert_eq!(renamed.summary.title, fr("Autre titre"));
        let raw = app.http.get(app.url(&format!("/api/v1/consultations/{id}/answers.csv"))).bearer_auth(&rival.access_token).send().await.unwrap();
        assert_eq!(raw.status().as_u16(), 200);
        let by_b = ListConsultationsQuery { institution: Some(rival_institution), ..Default::default() };
        assert_eq!(app.client.call::<ListConsultations>((), &by_b).await.unwrap().items.len(), 1);
    }

    async fn only_targeted_associations_answer_and_only_while_open(app) {
        let s = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let outsider = app.member("outsider@example.org").await;
        let in_16 = AssociationBuilder::new(&owner).wilaya("16").commune(None).verified_by(&s.admin).expect_build(&app).await;
        let in_06 = AssociationBuilder::new(&owner).wilaya("06").verified_by(&s.admin).expect_build(&app).await;
        let audience = Audience { wilayas: vec!["16".into()], ..Default::default() };
        let id = consultation(&app, &s, audience.clone(), TimeDelta::zero(), false).await;
        let as_owner = app.as_user(&owner);

        let p = problem(as_owner.call::<SubmitAnswer>(id, &save(in_06.id, answer(false, 3.0, &["staff"]))).await);
        assert_eq!((p.status, p.code), (403, ErrorCode::NotTargeted));
        let p = problem(app.as_user(&outsider).call::<SaveAnswerDraft>(id, &save(in_16.id, vec![])).await);
        assert_eq!(p.code, ErrorCode::NotMember);
        let p = problem(as_owner.call::<SubmitAnswer>(id, &SaveAnswer { association_id: None, answers: vec![] }).await);
        assert_eq!(p.field("association_id").map(|e| e.code.as_str()), Some("required"));
        as_owner.call::<SubmitAnswer>(id, &save(in_16.id, answer(false, 3.0, &["staff"]))).await.unwrap();
        // The outsider reads no other association's answer.
        let query = AnswerQuery { association_id: Some(in_16.id) };
        assert_eq!(problem(app.as_user(&outsider).call::<GetMyAnswer>(id, &query).await).code, ErrorCode::NotMember);
        assert_eq!(as_owner.call::<GetMyAnswer>(id, &query).await.unwrap().status, AnswerStatus::Submitted);

        // Not yet open, then closed: nothing is accepted.
        let later = consultation(&app, &s, audience, TimeDelta::hours(2), false).await;
        let p = problem(as_owner.call::<SaveAnswerDraft>(later, &save(in_16.id, vec![])).await);
        assert_eq!(p.code, ErrorCode::ConsultationNotOpen);
        app.as_user(&s.staff).call::<CloseConsultation>(id, &()).await.unwrap();
        let p = problem(as_owner.call::<SaveAnswerDraft>(id, &save(in_16.id, vec![])).await);
        assert_eq!(p.code, ErrorCode::ConsultationNotOpen);
    }

    async fn two_officers_at_once_store_exactly_one_answer(app) {
        let s = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let second = app.member("second@example.org").await;
        let plain = app.member("plain@example.org").await;
        let a = AssociationBuilder::new(&owner).members(&[&second, &plain]).verified_by(&s.admin).expect_build(&app).await;
        app.as_user(&owner).call::<UpdateMemberEndpoint>((a.id, second.user.id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;

        // A plain member drafts but does not submit.
        let draft = app.as_user(&plain).call::<SaveAnswerDraft>(id, &save(a.id, vec![AnswerItem { choice: Some("no".into()), ..item("funded") }])).await.unwrap();
        assert_eq!((draft.status, draft.can_submit), (AnswerStatus::Draft, false));
        assert_eq!(problem(app.as_user(&plain).call::<SubmitAnswer>(id, &save(a.id, answer(false, 1.0, &["staff"]))).await).code, ErrorCode::NotOfficer);

        let officers = [app.as_user(&owner), app.as_user(&second)];
        let results = futures_join(20, || {
            let i = rand_index();
            let client = officers[i % 2].clone();
            let body = save(a.id, answer(true, (1 + i % 5) as f64, &["training"]));
            async move {
                client.call::<SubmitAnswer>(id, &body).await.map(|_| ()).map_err(|e| match e {
                    madani_shared::ClientError::Api(p) => p.code,
                    other => panic!("{other:?}"),
                })
            }
        })
        .await;
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
        assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|c| *c == ErrorCode::AlreadyAnswered));
        let c = app.as_user(&s.staff).call::<GetConsultation>(id, &()).await.unwrap();
        assert_eq!(c.summary.answer_count, 1);
        let results = app.as_user(&s.staff).call::<GetResults>(id, &ResultsQuery::default()).await.unwrap();
        assert_eq!(results.respondents, 1);
        assert_eq!(results.questions.iter().find(|q| q.question_id == "funded").unwrap().answered, 1);
        // The questionnaire froze at the first saved answer: texts may change, the structure not.
        let mut texts = questionnaire();
        texts.sections[0].questions[0].title = fr("Financé ?");
        app.as_user(&s.staff).call::<PutQuestionnaire>(id, &texts).await.unwrap();
        texts.sections[0].questions[0].options.push(choice("maybe"));
        assert_eq!(problem(app.as_user(&s.staff).call::<PutQuestionnaire>(id, &texts).await).code, ErrorCode::QuestionnaireFrozen);
    }

    async fn display_conditions_decide_what_is_required_and_allowed(app) {
        let s = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let a = AssociationBuilder::new(&owner).verified_by(&s.admin).expect_build(&app).await;
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), true).await;
        let as_owner = app.as_user(&owner);

        // Funded: the amount is shown and required.
        let mut missing = answer(true, 4.0, &["training"]);
        missing.retain(|a| a.question_id != "amount");
        let p = problem(as_owner.call::<SubmitAnswer>(id, &save(a.id, missing)).await);
        assert_eq!(p.field("answers.amount").map(|e| e.code.as_str()), Some("required"));
        // Not funded: the amount is hidden, so not required, and an answer to it is refused.
        let mut hidden = answer(false, 4.0, &["training"]);
        hidden.push(AnswerItem { number: Some(5.0), ..item("amount") });
        let p = problem(as_owner.call::<SubmitAnswer>(id, &save(a.id, hidden)).await);
        assert_eq!(p.field("answers[3]").map(|e| e.code.as_str()), Some("hidden_question"));
        // Values are checked against their question.
        let mut wrong = answer(false, 6.0, &["training", "nothing"]);
        wrong[0].choice = Some("perhaps".into());
        let p = problem(as_owner.call::<SubmitAnswer>(id, &save(a.id, wrong)).await);
        assert_eq!(p.field("answers[0]").map(|e| e.code.as_str()), Some("unknown_option"));
        assert_eq!(p.field("answers[1]").map(|e| e.code.as_str()), Some("out_of_range"));
        assert_eq!(p.field("answers[2]").map(|e| e.code.as_str()), Some("unknown_option"));
        let too_many = answer(false, 2.0, &["training", "staff", "premises"]);
        let p = problem(as_owner.call::<SubmitAnswer>(id, &save(a.id, too_many)).await);
        assert_eq!(p.field("answers[2]").map(|e| e.code.as_str()), Some("out_of_range"));
        // Nothing was half-written.
        let none = app.as_user(&s.staff).call::<GetResults>(id, &ResultsQuery::default()).await.unwrap();
        assert_eq!(none.respondents, 0);

        as_owner.call::<SubmitAnswer>(id, &save(a.id, answer(false, 4.0, &["training"]))).await.unwrap();
        // Changing it (allowed here) moves the counts rather than adding to them.
        as_owner.call::<SubmitAnswer>(id, &save(a.id, answer(true, 2.0, &["staff"]))).await.unwrap();
        let r = app.as_user(&s.staff).call::<GetResults>(id, &ResultsQuery::default()).await.unwrap();
        assert_eq!(r.respondents, 1);
        let funded = r.questions.iter().find(|q| q.question_id == "funded").unwrap();
        assert_eq!(funded.options.iter().map(|o| (o.option_id.as_str(), o.count)).collect::<Vec<_>>(), vec![("yes", 1), ("no", 0)]);
        let score = r.questions.iter().find(|q| q.question_id == "score").unwrap();
        assert_eq!((score.mean, score.answered), (Some(2.0), 1));
    }

    async fn officers_hear_of_the_opening_the_closing_and_the_results(app) {
        let s = setup(&app).await;
        let answers = app.member("answers@example.org").await;
        let late = app.member("late@example.org").await;
        let elsewhere = app.member("elsewhere@example.org").await;
        let plain = app.member("plain@example.org").await;
        let a = AssociationBuilder::new(&answers).wilaya("16").commune(None).members(&[&plain]).verified_by(&s.admin).expect_build(&app).await;
        AssociationBuilder::new(&late).wilaya("16").commune(None).verified_by(&s.admin).expect_build(&app).await;
        AssociationBuilder::new(&elsewhere).wilaya("06").verified_by(&s.admin).expect_build(&app).await;
        let id = consultation(&app, &s, Audience { wilayas: vec!["16".into()], ..Default::default() }, TimeDelta::zero(), false).await;

        // Opened: the officers of the targeted associations, not their plain members, not others.
        assert_eq!(notices(&app, &answers, id, 1).await, vec!["consultation.opened"]);
        assert_eq!(notices(&app, &late, id, 1).await, vec!["consultation.opened"]);
        assert!(notices(&app, &elsewhere, id, 0).await.is_empty());
        assert!(notices(&app, &plain, id, 0).await.is_empty());
        let n = app.as_user(&late).call::<ListMyNotifications>((), &()).await.unwrap();
        assert_eq!(n[0].consultation_title, Some(fr("Consultation")));
        app.wait_for_email(&late.user.email, &format!("/consultations/{id}")).await;

        // Two days before it closes, only those who have not answered are reminded.
        app.as_user(&answers).call::<SubmitAnswer>(id, &save(a.id, answer(false, 3.0, &["staff"]))).await.unwrap();
        let soon = UpdateConsultation { closes_at: Some(Utc::now() + TimeDelta::hours(1)), ..Default::default() };
        app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &soon).await.unwrap();
        assert_eq!(notices(&app, &late, id, 2).await, vec!["consultation.closing", "consultation.opened"]);
        // The results: those who answered.
        app.as_user(&s.staff).call::<CloseConsultation>(id, &()).await.unwrap();
        app.as_user(&s.staff).call::<PublishResults>(id, &()).await.unwrap();
        assert_eq!(notices(&app, &answers, id, 2).await, vec!["consultation.results", "consultation.opened"]);
        assert_eq!(notices(&app, &late, id, 2).await.len(), 2, "no results notice for who did not answer");
    }
}

/// The kinds of `who`'s notifications about consultation `id`, after waiting up to 10 s for
/// `expected` of them (the jobs run after the request).
pub(crate) async fn notices(app: &TestApp, who: &TokenResponse, id: ConsultationId, expected: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let all = app.as_user(who).call::<ListMyNotifications>((), &()).await.unwrap();
        let kinds: Vec<String> = all.iter().filter(|n| n.consultation_id == Some(id)).map(|n| n.kind.clone()).collect();
        if kinds.len() >= expected || std::time::Instant::now() > deadline {
            return kinds;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// A different number for each of the concurrent submissions (which officer, which score).
fn rand_index() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
