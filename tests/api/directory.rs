//! The public directory over HTTP, on both backends: search that folds Arabic and Latin text,
//! filters and facets, relevance, stable pages, and the export of public data.

use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_tests::{AssociationBuilder, TestApp, both_backends, fr, problem};

use crate::associations::with_contacts;

pub(crate) async fn search(app: &TestApp, q: ListAssociationsQuery) -> DirectoryPage {
    app.client.call::<ListAssociations>((), &q).await.expect("directory")
}

/// Ask again until `done` says the answer is the one expected (at most 3 s: the index's poll and
/// the answer cache are a second each); the last answer.
pub(crate) async fn search_until(
    app: &TestApp,
    q: ListAssociationsQuery,
    done: impl Fn(&DirectoryPage) -> bool,
) -> DirectoryPage {
    let started = std::time::Instant::now();
    loop {
        let page = search(app, q.clone()).await;
        if done(&page) || started.elapsed() > std::time::Duration::from_secs(3) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

both_backends! {
    async fn directory_search_folds_filters_counts_and_pages(app) {
        let owner = app.member("owner@example.org").await;
        let new = || AssociationBuilder::new(&owner);
        new().name_fr("Association El Amel").name_ar("جَمْعِيَّةُ الأَمَلِ لِلشَّبَاب").fields(&[Field::Youth, Field::Culture]).expect_build(&app).await;
        new().name_fr("Amis de Béjaïa").category(Category::Communal).fields(&[Field::Heritage]).expect_build(&app).await;
        let oran = new().name_fr("Jeunesse d'Oran").wilaya("31").description(fr("Sport et santé pour la jeunesse"));
        oran.fields(&[Field::Sport, Field::Youth]).expect_build(&app).await;
        let q = |text: &str| ListAssociationsQuery { q: Some(text.into()), ..Default::default() };
        let names = |page: &DirectoryPage| page.items.iter().map(|a| a.name.fr.clone().unwrap()).collect::<Vec<_>>();

        // Arabic without diacritics, with other alef and teh marbuta forms, and by word prefix.
        assert_eq!(names(&search(&app, q("جمعية الامل")).await), ["Association El Amel"]);
        assert_eq!(names(&search(&app, q("أمل")).await), Vec::<String>::new(), "a word's start, not its middle");
        assert_eq!(names(&search(&app, q("الأمل")).await), ["Association El Amel"]);
        assert_eq!(names(&search(&app, q("جمعيه")).await), ["Association El Amel"]);
        // Latin accents and case. The wilaya's name is a search term too (El Amel is in Béjaïa),
        // below a word of the name.
        assert_eq!(names(&search(&app, q("BEJAIA")).await), ["Amis de Béjaïa", "Association El Amel"]);
        assert_eq!(names(&search(&app, q("béj")).await), ["Amis de Béjaïa", "Association El Amel"]);
        // Description words count too; every word must match.
        assert_eq!(names(&search(&app, q("sante jeunesse")).await), ["Jeunesse d'Oran"]);
        assert!(search(&app, q("sante amel")).await.items.is_empty());

        // Filters with text, and facets that add up to the results.
        let youth = search(&app, ListAssociationsQuery { field: Some(Field::Youth), ..Default::default() }).await;
        assert_eq!(youth.total, 2);
        let wilaya06 = search(&app, ListAssociationsQuery { wilaya: Some("06".into()), q: Some("association".into()), ..Default::default() }).await;
        assert_eq!(names(&wilaya06), ["Association El Amel"]);
        let all = search(&app, ListAssociationsQuery::default()).await;
        assert_eq!(all.total, 3);
        let count = |list: &[FacetCount], v: &str| list.iter().find(|f| f.value == v).map_or(0, |f| f.count);
        assert_eq!((count(&all.facets.wilaya, "06"), count(&all.facets.wilaya, "31")), (2, 1));
        assert_eq!((count(&all.facets.field, "youth"), count(&all.facets.field, "heritage")), (2, 1));
        assert_eq!((count(&all.facets.category, "wilaya"), count(&all.facets.category, "communal")), (2, 1));
        assert_eq!(all.facets.wilaya.iter().map(|f| f.count).sum::<i64>(), all.total);
        let communal = search(&app, ListAssociationsQuery { category: Some(Category::Communal), ..Default::default() }).await;
        assert_eq!((communal.total, communal.facets.wilaya.len()), (1, 1));
        // Only verified, once one is verified.
        let staff = app.admin("staff@example.org").await;
        let oran_id = search(&app, q("oran")).await.items[0].id;
        app.as_user(&staff).call::<VerifyAssociation>(oran_id, &StatusDecision::default()).await.unwrap();
        let verified = search(&app, ListAssociationsQuery { verified_only: Some(true), ..Default::default() }).await;
        assert_eq!(names(&verified), ["Jeunesse d'Oran"]);

        // Name order, pages of 2, and an insert between pages neither repeats nor skips.
        let page1 = search(&app, ListAssociationsQuery { limit: Some(2), ..Default::default() }).await;
        assert_eq!(names(&page1), ["Amis de Béjaïa", "Association El Amel"]);
        new().name_fr("Aaa première").expect_build(&app).await;
        let page2 = search(&app, ListAssociationsQuery { limit: Some(2), cursor: page1.next_cursor.clone(), ..Default::default() }).await;
        assert_eq!(names(&page2), ["Jeunesse d'Oran"]);
        assert!(page2.next_cursor.is_none());
        let newest = search(&app, ListAssociationsQuery { sort: Some(SortOrder::Newest), limit: Some(1), ..Default::default() }).await;
        assert_eq!(names(&newest), ["Aaa première"]);
        let bad = problem(app.client.call::<ListAssociations>((), &ListAssociationsQuery { cursor: Some("garbage".into()), ..Default::default() }).await);
        assert_eq!((bad.status, bad.field("cursor").is_some()), (422, true));

        // The search follows profile edits.
        let amel_id = search(&app, q("amel")).await.items[0].id;
        let edit = UpdateAssociation { name: Some(fr("Espoir de Kherrata")), ..Default::default() };
        app.as_user(&owner).call::<UpdateAssociationEndpoint>(amel_id, &edit).await.unwrap();
        assert!(search(&app, q("amel")).await.items.is_empty());
        assert_eq!(names(&search(&app, q("kherrata")).await), ["Espoir de Kherrata"]);
    }

    async fn cached_answers_go_out_compressed_as_asked_and_read_back_the_same(app) {
        let owner = app.member("owner@example.org").await;
        AssociationBuilder::new(&owner).name_fr("Association Tafat des jeunes").expect_build(&app).await;
        search_until(&app, ListAssociationsQuery { q: Some("tafat".into()), ..Default::default() }, |p| p.total == 1).await;
        let url = app.url("/api/v1/associations?q=tafat");
        let get = |encoding: &'static str| {
            let request = app.http.get(url.clone()).header("accept-encoding", encoding);
            async move {
                let response = request.send().await.expect("directory");
                assert_eq!(response.status(), 200);
                let coding = response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned());
                let vary = response.headers().get("vary").map(|v| v.to_str().unwrap().to_lowercase());
                (coding, vary, response.bytes().await.expect("body").to_vec())
            }
        };
        let (coding, _, plain) = get("identity").await;
        assert_eq!(coding, None);
        let page: DirectoryPage = serde_json::from_slice(&plain).expect("json");
        assert_eq!(page.total, 1);
        // Twice each: the first computes (or finds) the answer, the second takes it from the cache.
        for _ in 0..2 {
            let (coding, vary, body) = get("gzip, deflate, br").await;
            assert_eq!(coding.as_deref(), Some("br"));
            assert!(vary.is_some_and(|v| v.contains("accept-encoding")));
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut brotli::Decompressor::new(&body[..], 4096), &mut back).expect("brotli");
            assert_eq!(back, plain);
            let (coding, _, body) = get("gzip").await;
            assert_eq!(coding.as_deref(), Some("gzip"));
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut back).expect("gzip");
            assert_eq!(back, plain);
        }
    }

    async fn generated_associations_are_searchable(app) {
        let db = app.database_url();
        let added = tokio::task::spawn_blocking(move || {
            let mut conn = madani_api::db::establish(&db).expect("db");
            madani_api::seed::associations(&mut conn, 120, false).expect("seed")
        })
        .await
        .unwrap();
        assert_eq!(added, 120);
        // Written behind the server's back, as by another instance: the index reads them within its
        // poll (a second), and the answer cache's second.
        let all = search_until(&app, ListAssociationsQuery::default(), |page| page.total == 120).await;
        assert_eq!(all.facets.wilaya.iter().map(|f| f.count).sum::<i64>(), 120);
        // Every generated name is findable in Arabic and in French.
        let one = &all.items[0];
        let ar = one.name.ar.clone().unwrap();
        let by_ar = search(&app, ListAssociationsQuery { q: Some(ar.clone()), ..Default::default() }).await;
        assert!(by_ar.items.iter().any(|a| a.id == one.id), "{ar}");
        let fr = one.name.fr.clone().unwrap();
        let by_fr = search(&app, ListAssociationsQuery { q: Some(fr.to_uppercase()), ..Default::default() }).await;
        assert!(by_fr.items.iter().any(|a| a.id == one.id), "{fr}");
    }

    async fn exports_hold_public_data_of_the_filtered_directory(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let quoted = AssociationBuilder::new(&owner).name_fr("Association \"Les Amis\", Béjaïa").name_ar("جمعية الأصدقاء");
        with_contacts(quoted).website("https://amis.example.org", true).expect_build(&app).await;
        let other = AssociationBuilder::new(&owner).name_fr("Oran sport").wilaya("31").fields(&[Field::Sport]);
        with_contacts(other).expect_build(&app).await;
        AssociationBuilder::new(&owner).name_fr("Refusée").rejected_by(&staff, "x").expect_build(&app).await;

        let response = app.http.get(app.url("/api/v1/associations/export?format=csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let csv = response.text().await.unwrap();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "header and two associations (the rejected one is left out): {csv}");
        assert!(lines[0].starts_with("id,registration_number,name_ar,name_fr"));
        assert!(lines[1].contains("\"Association \"\"Les Amis\"\", Béjaïa\""), "quotes doubled, field quoted: {}", lines[1]);
        assert!(lines[1].contains("جمعية الأصدقاء") && lines[1].contains("https://amis.example.org"));
        assert!(!csv.contains("private@example.org"), "private contacts never exported");
        assert!(csv.contains("+213 555 00 00 00"), "public phone exported");

        let json: Vec<ExportedAssociation> = app
            .client
            .call::<ExportAssociations>((), &ExportAssociationsQuery { format: Some(ExportFormat::Json), wilaya: Some("31".into()), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(json.len(), 1);
        assert_eq!((json[0].fields.as_slice(), json[0].email.as_deref()), (&[Field::Sport][..], None));
        let by_text = app.client.call::<ExportAssociations>((), &ExportAssociationsQuery { format: Some(ExportFormat::Json), q: Some("amis".into()), ..Default::default() }).await.unwrap();
        assert_eq!(by_text.len(), 1);
    }
}

both_backends! {
    async fn a_large_export_is_sent_whole_in_pieces_in_name_order(app) {
        // More than two pieces of the export (1,000 associations each), written by a script.
        let db = app.database_url();
        tokio::task::spawn_blocking(move || {
            let mut conn = madani_api::db::establish(&db).expect("db");
            madani_api::seed::associations(&mut conn, 2300, false).expect("seed");
        })
        .await
        .unwrap();
        let everything = ListAssociationsQuery { sort: Some(SortOrder::Name), limit: Some(100), ..Default::default() };
        let listed = search_until(&app, everything.clone(), |p| p.total > 2000).await;
        assert!(listed.total > 2000, "the seed is listed: {}", listed.total);

        let json: Vec<ExportedAssociation> = app
            .client
            .call::<ExportAssociations>((), &ExportAssociationsQuery { format: Some(ExportFormat::Json), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(json.len() as i64, listed.total, "every listed association, once");
        let ids: std::collections::HashSet<_> = json.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), json.len(), "none twice");
        let first: Vec<_> = json.iter().take(100).map(|a| a.id).collect();
        assert_eq!(first, listed.items.iter().map(|a| a.id).collect::<Vec<_>>(), "in the directory's name order");

        let response = app.http.get(app.url("/api/v1/associations/export")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let csv = response.text().await.unwrap();
        let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(rows.len() as i64, listed.total + 1, "a header and every association");
        assert_eq!(rows.iter().filter(|r| r.starts_with("id,")).count(), 1, "one header");
        let last = json.last().unwrap().id.to_string();
        assert!(rows.last().unwrap().starts_with(&last), "the same last association");
    }

    async fn relevance_ranks_names_above_descriptions_and_pages_stably(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let verified = || AssociationBuilder::new(&owner).verified_by(&staff);
        // Alphabetically first, but "tafat" is only in its description.
        verified().name_fr("Association Aurès").description(fr("Partenaire du réseau Tafat.")).expect_build(&app).await;
        // "Tafat" is a word of its name.
        verified().name_fr("Tafat Béjaïa").expect_build(&app).await;
        // A prefix of a word of the name ("tafatine"), not the whole word.
        verified().name_fr("Club Tafatine").expect_build(&app).await;
        let names = |p: &DirectoryPage| p.items.iter().map(|i| i.name.fr.clone().unwrap_or_default()).collect::<Vec<_>>();

        // With text, relevance is the default: whole word in the name, prefix in the name, description.
        let ranked = search(&app, ListAssociationsQuery { q: Some("tafat".into()), ..Default::default() }).await;
        assert_eq!(names(&ranked), ["Tafat Béjaïa", "Club Tafatine", "Association Aurès"]);
        let explicit = search(&app, ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Relevance), ..Default::default() }).await;
        assert_eq!(names(&explicit), names(&ranked));
        // Name order is still there on request.
        let by_name = search(&app, ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Name), ..Default::default() }).await;
        assert_eq!(names(&by_name), ["Association Aurès", "Club Tafatine", "Tafat Béjaïa"]);

        // Page by page, with an insert between pages that ranks before the cursor: nothing is
        // repeated or skipped of what was there.
        let q = |cursor: Option<String>| ListAssociationsQuery { q: Some("tafat".into()), limit: Some(1), cursor, ..Default::default() };
        let p1 = search(&app, q(None)).await;
        verified().name_fr("Tafat Alger").expect_build(&app).await;
        let p2 = search(&app, q(p1.next_cursor.clone())).await;
        let p3 = search(&app, q(p2.next_cursor.clone())).await;
        let seen: Vec<String> = [&p1, &p2, &p3].iter().flat_map(|p| names(p)).collect();
        assert_eq!(seen, ["Tafat Béjaïa", "Club Tafatine", "Association Aurès"]);
        assert!(p3.next_cursor.is_none());
        // A cursor of one order is refused by another.
        let wrong = problem(app.client.call::<ListAssociations>((), &ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Name), cursor: p1.next_cursor.clone(), ..Default::default() }).await);
        assert_eq!((wrong.status, wrong.field("cursor").is_some()), (422, true));
    }
}
