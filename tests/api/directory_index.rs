//! The directory's in-memory index against the database, on both backends: its totals, facet counts
//! and pages (each entry as the database path writes it: names, acronym, fields, status, logo)
//! equal a plain SQL recount of the same question, before and after writes (a rename, a
//! verification, a suspension, a deletion); and another instance on the same database sees a write
//! within the promised delay.

use std::collections::BTreeMap;

use madani_api::associations::repo::{self, After};
use madani_api::associations::service::directory::filters_of;
use madani_api::associations::service::summaries;
use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_tests::{AssociationBuilder, TestApp, both_backends, fr};

use crate::directory::{search, search_until};

/// One question of the comparison.
#[derive(Clone, Default)]
struct Question {
    q: Option<&'static str>,
    wilaya: Option<&'static str>,
    field: Option<Field>,
    category: Option<Category>,
    size: Option<SizeBand>,
    verified_only: bool,
    sort: Option<SortOrder>,
}

fn questions() -> Vec<Question> {
    let q = |text| Question { q: Some(text), ..Default::default() };
    let mut list = vec![
        Question::default(),
        q("a"),
        q("am"),
        q("amel"),
        q("جمعية"),
        q("الا"),
        q("jeunesse sport"),
        q("nour"),
        q("oran"),
        q("zzz"),
        Question { wilaya: Some("31"), ..Default::default() },
        Question { field: Some(Field::Sport), ..Default::default() },
        Question { category: Some(Category::Communal), q: Some("a"), ..Default::default() },
        Question { size: Some(SizeBand::Large), ..Default::default() },
        Question { verified_only: true, ..Default::default() },
        Question { verified_only: true, q: Some("amel"), wilaya: Some("06"), ..Default::default() },
    ];
    // Each in the three orders.
    let mut sorted = Vec::new();
    for question in &list {
        for sort in [SortOrder::Name, SortOrder::Newest, SortOrder::Relevance] {
            sorted.push(Question { sort: Some(sort), ..question.clone() });
        }
    }
    list.extend(sorted);
    list
}

/// What the database says of `question`: the first 100 entries in its order (as the database path
/// writes them), the total and the facets.
fn recount(db: &str, question: &Question) -> (Vec<AssociationSummary>, i64, BTreeMap<String, i64>) {
    let mut conn = madani_api::db::establish(db).expect("db");
    let filters = filters_of(
        question.q,
        question.wilaya.map(str::to_owned),
        None,
        question.field,
        question.category,
        question.size,
        Some(question.verified_only),
    );
    let sort = match question.sort {
        Some(SortOrder::Relevance) | None if !filters.words.is_empty() => SortOrder::Relevance,
        Some(SortOrder::Newest) => SortOrder::Newest,
        _ => SortOrder::Name,
    };
    let rows = match sort {
        SortOrder::Relevance => repo::page_by_relevance(&mut conn, &filters, &After::Start, 100)
            .expect("relevance")
            .into_iter()
            .map(|(r, _)| r)
            .collect(),
        SortOrder::Newest => repo::page_by_newest(&mut conn, &filters, &After::Start, 100).expect("newest"),
        SortOrder::Name => repo::page_by_name(&mut conn, &filters, &After::Start, 100).expect("name"),
    };
    let entries = summaries(&mut conn, &rows).expect("summaries");
    let counts = repo::counts(&mut conn, &filters).expect("counts");
    let mut facets = BTreeMap::new();
    for (kind, list) in [("wilaya", counts.wilaya), ("field", counts.field), ("category", counts.category)] {
        for (value, n) in list {
            facets.insert(format!("{kind}:{value}"), n);
        }
    }
    (entries, counts.total, facets)
}

async fn answer(app: &TestApp, question: &Question) -> (Vec<AssociationSummary>, i64, BTreeMap<String, i64>) {
    let page = search(
        app,
        ListAssociationsQuery {
            q: question.q.map(str::to_owned),
            wilaya: question.wilaya.map(str::to_owned),
            field: question.field,
            category: question.category,
            size: question.size,
            verified_only: Some(question.verified_only),
            sort: question.sort,
            limit: Some(100),
            ..Default::default()
        },
    )
    .await;
    let mut facets = BTreeMap::new();
    for (kind, list) in
        [("wilaya", &page.facets.wilaya), ("field", &page.facets.field), ("category", &page.facets.category)]
    {
        for f in list {
            facets.insert(format!("{kind}:{}", f.value), f.count);
        }
    }
    (page.items, page.total, facets)
}

async fn compare(app: &TestApp, when: &str) {
    let db = app.database_url();
    for (i, question) in questions().iter().enumerate() {
        let expected = {
            let (db, question) = (db.clone(), question.clone());
            tokio::task::spawn_blocking(move || recount(&db, &question)).await.unwrap()
        };
        let got = answer(app, question).await;
        assert_eq!(got.1, expected.1, "{when}: question {i} ({:?}): total", question.q);
        assert_eq!(got.2, expected.2, "{when}: question {i} ({:?}): facets", question.q);
        assert_eq!(
            got.0,
            expected.0,
            "{when}: question {i} ({:?}, {:?}): the page",
            question.q,
            question.sort.map(|s| s.as_str())
        );
    }
}

both_backends! {
    async fn the_index_answers_as_a_sql_recount_before_and_after_writes(app) {
        // Two owners: a member may have 3 registrations waiting at once.
        let owners = [app.member("owner@example.org").await, app.member("owner2@example.org").await];
        let staff = app.admin("staff@example.org").await;
        let names = [
            ("Association El Amel", "جمعية الأمل", "06", Field::Youth, Category::Wilaya, SizeBand::Small),
            ("Amel Jeunesse Sport", "الأمل للرياضة", "31", Field::Sport, Category::Communal, SizeBand::Large),
            ("Amis de l'école", "أصدقاء المدرسة", "16", Field::Education, Category::National, SizeBand::Medium),
            ("En-Nour", "جمعية النور", "31", Field::Culture, Category::Communal, SizeBand::Tiny),
            ("Nour Oran Sport", "نور وهران", "31", Field::Sport, Category::Wilaya, SizeBand::Large),
            ("Patrimoine d'Alger", "تراث الجزائر", "16", Field::Heritage, Category::Wilaya, SizeBand::Small),
            ("Amel des femmes", "أمل النساء", "06", Field::Women, Category::Communal, SizeBand::Medium),
            ("Jeunesse d'Oran", "شباب وهران", "31", Field::Youth, Category::National, SizeBand::Small),
        ];
        let mut made = Vec::new();
        for (i, (fr_name, ar_name, wilaya, field, category, size)) in names.into_iter().enumerate() {
            let mut b = AssociationBuilder::new(&owners[i % 2])
                .name(madani_shared::LocalizedText { fr: Some(fr_name.into()), ar: Some(ar_name.into()), en: None })
                .wilaya(wilaya)
                .fields(&[field])
                .category(category)
                .description(fr(if i % 2 == 0 { "Sport et jeunesse à Oran" } else { "Culture et patrimoine" }));
            b = b.size(size);
            if i % 3 == 0 {
                b = b.verified_by(&staff);
            }
            made.push(b.expect_build(&app).await);
        }
        compare(&app, "as registered").await;

        // A rename, a verification, a suspension and a deletion; each answer follows at once.
        let admin = app.as_user(&staff);
        let rename = UpdateAssociation { name: Some(fr("Oasis Amel Nouvelle")), ..Default::default() };
        app.as_user(&owners[1]).call::<UpdateAssociationEndpoint>(made[3].id, &rename).await.expect("rename");
        admin.call::<VerifyAssociation>(made[4].id, &StatusDecision::default()).await.expect("verify");
        let reason = StatusDecision { reason: Some("Plainte".into()) };
        admin.call::<VerifyAssociation>(made[1].id, &StatusDecision::default()).await.expect("verify");
        admin.call::<SuspendAssociation>(made[1].id, &reason).await.expect("suspend");
        admin.call::<DeleteAssociation>(made[7].id, &reason).await.expect("delete a pending one");
        // What an entry shows besides the search: an acronym, other fields, a logo.
        let shown = UpdateAssociation { acronym: Some("AAE".into()), fields: Some(vec![Field::Education, Field::Youth]), ..Default::default() };
        app.as_user(&owners[0]).call::<UpdateAssociationEndpoint>(made[2].id, &shown).await.expect("acronym and fields");
        app.as_user(&owners[0]).upload::<UploadLogo>(made[0].id, &[], madani_tests::PNG.to_vec(), "image/png").await.expect("logo");
        compare(&app, "after the writes").await;
        let listed = search(&app, ListAssociationsQuery { q: Some("aae".into()), ..Default::default() }).await;
        assert_eq!(listed.items.iter().map(|a| a.acronym.as_deref()).collect::<Vec<_>>(), [Some("AAE")]);
        let renamed = search(&app, ListAssociationsQuery { q: Some("oasis".into()), ..Default::default() }).await;
        assert_eq!(renamed.items.iter().map(|a| a.id).collect::<Vec<_>>(), [made[3].id]);
        assert_eq!(search(&app, ListAssociationsQuery { q: Some("شباب".into()), ..Default::default() }).await.total, 0);
    }

    async fn another_instance_sees_a_write_within_two_seconds(app) {
        let other = app.spawn_beside().await;
        let owner = app.member("owner@example.org").await;
        let everything = ListAssociationsQuery::default();
        assert_eq!(search(&other, everything.clone()).await.total, 0);
        let made = AssociationBuilder::new(&owner).name_fr("Tafat Tizi").expect_build(&app).await;
        let started = std::time::Instant::now();
        let seen = search_until(&other, ListAssociationsQuery { q: Some("tafat".into()), ..Default::default() }, |p| {
            p.items.iter().any(|a| a.id == made.id)
        })
        .await;
        assert!(seen.items.iter().any(|a| a.id == made.id), "the other instance never saw it");
        assert!(started.elapsed() < std::time::Duration::from_millis(2500), "seen after {:?}", started.elapsed());
        // A rename of what the other instance holds: the old name no longer finds it, the new one does.
        let rename = UpdateAssociation { name: Some(fr("Thala Ouzellaguen")), ..Default::default() };
        app.as_user(&owner).call::<UpdateAssociationEndpoint>(made.id, &rename).await.expect("rename");
        let renamed = search_until(&other, ListAssociationsQuery { q: Some("thala".into()), ..Default::default() }, |p| {
            p.items.iter().any(|a| a.id == made.id)
        })
        .await;
        assert!(renamed.items.iter().any(|a| a.id == made.id), "the other instance never saw the new name");
        let old = search(&other, ListAssociationsQuery { q: Some("tafat".into()), ..Default::default() }).await;
        assert_eq!(old.total, 0, "the old name still finds it");
        // A suspension (of a verified association) takes it out of the other instance's directory.
        let staff = app.admin("staff@example.org").await;
        let reason = StatusDecision { reason: Some("Plainte".into()) };
        app.as_user(&staff).call::<VerifyAssociation>(made.id, &StatusDecision::default()).await.expect("verify");
        app.as_user(&staff).call::<SuspendAssociation>(made.id, &reason).await.expect("suspend");
        let suspended = search_until(&other, everything.clone(), |p| p.total == 0).await;
        assert_eq!(suspended.total, 0, "the other instance still lists a suspended association");
        // A deletion too: the row is gone, the other instance's index drops it.
        let made = AssociationBuilder::new(&owner).name_fr("Tafat Tizi").expect_build(&app).await;
        search_until(&other, everything.clone(), |p| p.total == 1).await;
        let reason = StatusDecision { reason: Some("Doublon".into()) };
        app.as_user(&staff).call::<DeleteAssociation>(made.id, &reason).await.expect("delete");
        let gone = search_until(&other, everything, |p| p.total == 0).await;
        assert_eq!(gone.total, 0, "the other instance still lists a deleted association");
    }
}
