//! The results over HTTP, on both backends: counts that equal a recount of the answers, small
//! cells suppressed, the CSVs, and free-text answers that moderators hide from the public list.

use chrono::TimeDelta;
use madani_shared::ErrorCode;
use madani_shared::consultations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{ConsultationId, TextAnswerId};
use madani_tests::{AssociationBuilder, TestApp, both_backends, problem};

use crate::consultations::{Setup, answer, consultation, institution, item, save, setup};

fn ideas(text: &str) -> AnswerItem {
    AnswerItem { text: Some(text.into()), ..item("ideas") }
}

async fn texts(app: &TestApp, who: Option<&madani_shared::auth::TokenResponse>, id: ConsultationId) -> Vec<TextAnswer> {
    let q = TextAnswersQuery { question_id: "ideas".into(), limit: Some(50), cursor: None };
    let client = match who {
        Some(u) => app.as_user(u),
        None => app.client.clone(),
    };
    client.call::<ListTextAnswers>(id, &q).await.unwrap().items
}

fn hide(reason: &str) -> TextAnswerDecision {
    TextAnswerDecision { action: ModerationAction::Hide, reason: reason.into() }
}

fn count(r: &ConsultationResults, question: &str, option: &str) -> i64 {
    let q = r.questions.iter().find(|q| q.question_id == question).unwrap();
    q.options.iter().find(|o| o.option_id == option).unwrap().count
}

both_backends! {
    async fn results_kept_computed_follow_every_submission_on_every_instance(app) {
        let s: Setup = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let beside = app.spawn_beside().await;
        let staff_beside = beside.login(&s.staff.user.email, madani_tests::PASSWORD).await.unwrap();
        let owner_beside = beside.login(&owner.user.email, madani_tests::PASSWORD).await.unwrap();
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), true).await;
        let a = AssociationBuilder::new(&owner).verified_by(&s.admin).expect_build(&app).await;
        let b = AssociationBuilder::new(&owner).verified_by(&s.admin).expect_build(&app).await;
        app.as_user(&owner).call::<SubmitAnswer>(id, &save(a.id, answer(true, 4.0, &["training"]))).await.unwrap();
        let here = || async { app.as_user(&s.staff).call::<GetResults>(id, &ResultsQuery::default()).await.unwrap() };
        let there = || async { beside.as_user(&staff_beside).call::<GetResults>(id, &ResultsQuery::default()).await.unwrap() };
        // Both instances compute them and keep them.
        assert_eq!((here().await.respondents, there().await.respondents), (1, 1));
        assert_eq!((here().await.respondents, count(&there().await, "funded", "yes")), (1, 1));

        // A new answer on the other instance shows here at once; so does a changed one.
        beside.as_user(&owner_beside).call::<SubmitAnswer>(id, &save(b.id, answer(false, 2.0, &["staff"]))).await.unwrap();
        let now = here().await;
        assert_eq!((now.respondents, count(&now, "funded", "yes"), count(&now, "funded", "no")), (2, 1, 1));
        beside.as_user(&owner_beside).call::<SubmitAnswer>(id, &save(a.id, answer(false, 5.0, &["staff"]))).await.unwrap();
        let now = here().await;
        assert_eq!((now.respondents, count(&now, "funded", "yes"), count(&now, "funded", "no")), (2, 0, 2));
        assert_eq!(count(&there().await, "needs", "staff"), 2);
        // By wilaya they are kept apart from the overall ones, and closing shows in both.
        let by_wilaya = app.as_user(&s.staff).call::<GetResults>(id, &ResultsQuery { breakdown: Some(Breakdown::Wilaya) }).await.unwrap();
        assert!(by_wilaya.questions.iter().any(|q| !q.breakdown.is_empty()));
        assert!(here().await.questions.iter().all(|q| q.breakdown.is_empty()));
        app.as_user(&s.staff).call::<CloseConsultation>(id, &()).await.unwrap();
        assert_eq!((here().await.phase, there().await.phase), (ConsultationPhase::Closed, ConsultationPhase::Closed));
    }

    async fn results_equal_a_recount_and_small_cells_are_suppressed(app) {
        let s = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;
        // Six associations in wilaya 06, two in 16.
        let plan: Vec<(&str, bool, f64, Vec<&str>)> = vec![
            ("06", true, 5.0, vec!["training", "staff"]),
            ("06", false, 4.0, vec!["training"]),
            ("06", true, 4.0, vec!["equipment", "training"]),
            ("06", true, 2.0, vec!["premises"]),
            ("06", false, 5.0, vec!["training", "premises"]),
            ("06", true, 1.0, vec!["staff"]),
            ("16", true, 3.0, vec!["training"]),
            ("16", false, 4.0, vec!["equipment"]),
        ];
        for (wilaya, funded, score, needs) in &plan {
            let builder = AssociationBuilder::new(&owner).wilaya(wilaya).verified_by(&s.admin);
            let builder = if *wilaya == "06" { builder } else { builder.commune(None) };
            let a = builder.expect_build(&app).await;
            let mut items = answer(*funded, *score, needs);
            items.push(AnswerItem { text: Some(format!("=cmd|' /C calc'!A0 {wilaya}")), ..item("ideas") });
            app.as_user(&owner).call::<SubmitAnswer>(id, &save(a.id, items)).await.unwrap();
        }

        // Not public before publication; organisers see them live.
        assert_eq!(problem(app.client.call::<GetResults>(id, &ResultsQuery::default()).await).code, ErrorCode::ResultsNotPublished);
        app.as_user(&s.staff).call::<CloseConsultation>(id, &()).await.unwrap();
        app.as_user(&s.staff).call::<PublishResults>(id, &()).await.unwrap();
        let r = app.client.call::<GetResults>(id, &ResultsQuery { breakdown: Some(Breakdown::Wilaya) }).await.unwrap();
        assert_eq!(r.respondents, plan.len() as i64);
        let by_field = app.client.call::<GetResults>(id, &ResultsQuery { breakdown: Some(Breakdown::Field) }).await.unwrap();
        let overall = app.client.call::<GetResults>(id, &ResultsQuery::default()).await.unwrap();
        assert!(overall.questions.iter().all(|q| q.breakdown.is_empty()), "no breakdown unless asked");

        let question = |id: &str| r.questions.iter().find(|q| q.question_id == id).unwrap();
        let needs = question("needs");
        for option in ["training", "equipment", "premises", "staff"] {
            let expected = plan.iter().filter(|p| p.3.contains(&option)).count() as i64;
            let got = needs.options.iter().find(|o| o.option_id == option).unwrap();
            assert_eq!(got.count, expected, "{option}");
            assert_eq!(got.percent, (expected as f64 * 1000.0 / plan.len() as f64).round() / 10.0);
        }
        let scores: Vec<f64> = plan.iter().map(|p| p.2).collect();
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        assert_eq!(question("score").mean, Some((mean * 100.0).round() / 100.0));
        assert_eq!(question("score").median, Some(4.0));
        assert_eq!(question("amount").answered, plan.iter().filter(|p| p.1).count() as i64);

        // Wilaya 06 has 6 respondents: shown, with its cells under 5 suppressed; 16 has 2: all null.
        let funded = question("funded");
        let group = |value: &str| funded.breakdown.iter().find(|g| g.dimension == "wilaya" && g.value == value).unwrap();
        assert_eq!(group("06").respondents, Some(6));
        assert_eq!(group("06").counts, vec![None, None], "4 yes and 2 no are both under 5");
        assert_eq!(group("16").respondents, None);
        assert!(group("16").counts.iter().all(Option::is_none));
        let training = needs.breakdown.iter().find(|g| g.dimension == "wilaya" && g.value == "06").unwrap();
        assert_eq!(training.counts[0], None, "training: 4 in 06");
        let youth = by_field.questions[0].breakdown.iter().find(|g| g.dimension == "field" && g.value == "youth").unwrap();
        assert_eq!(youth.respondents, Some(8));
        assert_eq!(youth.counts, vec![Some(5), None]);

        // The CSV neutralises what answers wrote; the text answers are listed, without their authors.
        let texts = app.client.call::<ListTextAnswers>(id, &TextAnswersQuery { question_id: "ideas".into(), limit: Some(5), cursor: None }).await.unwrap();
        assert_eq!(texts.items.len(), 5);
        assert!(texts.next_cursor.is_some());
        let csv = app.http.get(app.url(&format!("/api/v1/consultations/{id}/results.csv"))).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains("\r\nneeds,multiple_choice,,needs,,8,,,,,training,,training,,5,62.5,"), "{csv}");
        let raw = app.http.get(app.url(&format!("/api/v1/consultations/{id}/answers.csv"))).bearer_auth(&s.staff.access_token).send().await.unwrap().text().await.unwrap();
        assert!(raw.contains("'=cmd|"), "formula escaped: {raw}");
        assert!(!raw.contains("owner@example.org"));
        assert_eq!(raw.lines().count(), 1 + plan.len());
        // Anonymous readers are counted per address; signed-in ones are not.
        let mut statuses = Vec::new();
        for _ in 0..130 {
            let r = app.http.get(app.url(&format!("/api/v1/consultations/{id}/results"))).send().await.unwrap();
            statuses.push(r.status().as_u16());
        }
        assert_eq!(statuses.last(), Some(&429), "the limit holds");
        assert!(app.as_user(&owner).call::<GetResults>(id, &ResultsQuery::default()).await.is_ok());
        // Anonymous visitors may not have the raw answers.
        let anonymous = app.http.get(app.url(&format!("/api/v1/consultations/{id}/answers.csv"))).send().await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 401);
    }

    async fn moderators_hide_free_text_answers_from_the_published_list(app) {
        let s: Setup = setup(&app).await;
        let owner = app.member("owner@example.org").await;
        let rival = app.member("staff@rival.example").await;
        institution(&app, &s.admin, &rival, "Ministère B").await;
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), true).await;
        let mut associations = Vec::new();
        for text in ["Des formations", "Un local", "Le président Untel détourne les fonds"] {
            let a = AssociationBuilder::new(&owner).verified_by(&s.admin).expect_build(&app).await;
            let mut items = answer(true, 4.0, &["training"]);
            items.push(ideas(text));
            app.as_user(&owner).call::<SubmitAnswer>(id, &save(a.id, items)).await.unwrap();
            associations.push(a.id);
        }
        let all = texts(&app, Some(&s.staff), id).await;
        let named = all.iter().find(|t| t.text.contains("Untel")).unwrap().id;

        // Only the organisers moderate, only this consultation's answers, and only hide or restore.
        assert_eq!(problem(app.as_user(&rival).call::<ModerateTextAnswer>((id, named), &hide("Nomme une personne")).await).code, ErrorCode::NotOrganiser);
        assert_eq!(problem(app.as_user(&owner).call::<ModerateTextAnswer>((id, named), &hide("Nomme une personne")).await).code, ErrorCode::NotOrganiser);
        let elsewhere = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;
        assert_eq!(problem(app.as_user(&s.staff).call::<ModerateTextAnswer>((elsewhere, named), &hide("Nomme une personne")).await).status, 404);
        let nothing = TextAnswerId(uuid::Uuid::new_v4());
        assert_eq!(problem(app.as_user(&s.staff).call::<ModerateTextAnswer>((id, nothing), &hide("Nomme une personne")).await).status, 404);
        let dismiss = TextAnswerDecision { action: ModerationAction::Dismiss, reason: "Rien à redire".into() };
        let refused = problem(app.as_user(&s.staff).call::<ModerateTextAnswer>((id, named), &dismiss).await);
        assert_eq!((refused.errors[0].field.as_str(), refused.errors[0].code.as_str()), ("action", "not_applicable"));

        let hidden = app.as_user(&s.staff).call::<ModerateTextAnswer>((id, named), &hide("Nomme une personne")).await.unwrap();
        assert_eq!((hidden.hidden, hidden.hidden_reason.as_deref()), (true, Some("Nomme une personne")));
        // Submitted again unchanged, it stays hidden; a changed text is a new answer.
        let mut items = answer(true, 4.0, &["training"]);
        items.push(ideas("Le président Untel détourne les fonds"));
        app.as_user(&owner).call::<SubmitAnswer>(id, &save(associations[2], items)).await.unwrap();
        let mut items = answer(true, 4.0, &["training"]);
        items.push(ideas("Un local plus grand"));
        app.as_user(&owner).call::<SubmitAnswer>(id, &save(associations[1], items)).await.unwrap();

        app.as_user(&s.staff).call::<CloseConsultation>(id, &()).await.unwrap();
        app.as_user(&s.staff).call::<PublishResults>(id, &()).await.unwrap();
        let public = texts(&app, None, id).await;
        let mut shown: Vec<&str> = public.iter().map(|t| t.text.as_str()).collect();
        shown.sort();
        assert_eq!(shown, vec!["Des formations", "Un local plus grand"]);
        assert!(public.iter().all(|t| !t.hidden && t.hidden_reason.is_none()));
        assert_eq!(texts(&app, Some(&owner), id).await.len(), 2, "a respondent is not a moderator");
        let moderated = texts(&app, Some(&s.staff), id).await;
        assert_eq!(moderated.len(), 3);
        assert_eq!(moderated.iter().filter(|t| t.hidden).map(|t| t.text.as_str()).collect::<Vec<_>>(), vec!["Le président Untel détourne les fonds"]);

        let restored = moderated.iter().find(|t| t.hidden).unwrap().id;
        let restore = TextAnswerDecision { action: ModerationAction::Restore, reason: "Vérifié : personne n'est nommé".into() };
        assert!(!app.as_user(&s.staff).call::<ModerateTextAnswer>((id, restored), &restore).await.unwrap().hidden);
        assert_eq!(texts(&app, None, id).await.len(), 3);
    }
}
